package io.stacksdataverse.loaders.blob;

import com.google.inject.AbstractModule;
import io.stacksdataverse.spi.BlobStoreFactory;

/** Binds the built-in blob store schemes, {@code file} and {@code s3}, beside those plugins bind. */
public final class BlobStoreModule extends AbstractModule {
    @Override
    protected void configure() {
        BlobStores.BUILT_IN.forEach((scheme, factory) -> BlobStoreFactory.schemes(binder()).addBinding(scheme).toInstance(factory));
    }
}
