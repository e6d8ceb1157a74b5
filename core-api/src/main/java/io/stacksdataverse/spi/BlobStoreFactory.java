package io.stacksdataverse.spi;

import com.google.inject.Binder;
import com.google.inject.multibindings.MapBinder;

/**
 * Opens a blob store from a location such as {@code file:/srv/data} or {@code s3://bucket/prefix}.
 * Implementations are bound under their URI scheme ({@code "file"}, {@code "s3"}), and the scheme
 * of {@code DATAVERSE_BLOB_STORE} (and {@code DATAVERSE_RAW_STORE}) picks one, so a plugin adds a
 * store by binding a scheme:
 *
 * <pre>{@code
 * BlobStoreFactory.schemes(binder()).addBinding("mem").toInstance((location, config) -> new MemoryStore());
 * }</pre>
 */
@FunctionalInterface
public interface BlobStoreFactory {

    /**
     * The store at {@code location} (the whole value, scheme included), with any other settings it needs from
     * {@code config}. A store that holds resources should be {@link AutoCloseable}: the host closes it.
     *
     * @throws IllegalStateException when the location or a setting is not usable, naming which
     */
    BlobStore open(String location, Config config);

    /** The map of factories by scheme, to add one to. */
    static MapBinder<String, BlobStoreFactory> schemes(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, BlobStoreFactory.class);
    }
}
