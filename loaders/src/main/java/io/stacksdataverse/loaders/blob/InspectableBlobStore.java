package io.stacksdataverse.loaders.blob;

import io.stacksdataverse.spi.BlobStore;
import java.io.IOException;
import java.util.Optional;

/** A {@link BlobStore} that can tell the metadata it serves with an object (for checks and tests). */
public interface InspectableBlobStore extends BlobStore {

    /** The metadata of the object under {@code key}, or empty when there is none. */
    Optional<BlobInfo> info(String key) throws IOException;
}
