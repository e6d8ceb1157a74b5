package io.stacksdataverse.loaders.blob;

import io.stacksdataverse.spi.BlobStore;
import io.stacksdataverse.spi.BlobStoreFactory;
import io.stacksdataverse.spi.Config;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Opens the blob store a location names, by its URI scheme: {@code file:} and {@code s3://} are built in
 * ({@link #BUILT_IN}); the host adds the schemes plugins bind ({@link BlobStoreFactory#schemes}).
 */
public final class BlobStores {
    static final String SETTING = "DATAVERSE_BLOB_STORE";

    /**
     * {@code file:/absolute/path}, {@code file:///absolute/path} or {@code file:relative/path}: a
     * {@link LocalBlobStore}; {@code s3://bucket/prefix}: an {@link S3BlobStore} (see
     * {@link S3BlobStore#fromConfig(String, Config)}). {@code DATAVERSE_BLOB_GZIP_ENCODING} applies to both.
     */
    public static final Map<String, BlobStoreFactory> BUILT_IN = Map.of(
            "file", (location, config) -> new LocalBlobStore(localPath(location),
                    config.getBoolean("DATAVERSE_BLOB_GZIP_ENCODING", false)),
            "s3", S3BlobStore::fromConfig);

    private BlobStores() {
    }

    /**
     * The built-in store named by {@code DATAVERSE_BLOB_STORE}, or a {@link LocalBlobStore} in
     * {@code ${DATAVERSE_HOME:-./dataverse-data}/blobs} when it is unset (for embedding and tests).
     */
    public static InspectableBlobStore fromConfig(Config config) {
        return (InspectableBlobStore) open(BUILT_IN, config);
    }

    /** The built-in store at {@code location}, e.g. for a raw zone kept apart from the published datasets. */
    public static InspectableBlobStore fromLocation(String location, Config config) {
        return (InspectableBlobStore) open(BUILT_IN, "blob store location", location, config);
    }

    /** The store {@code DATAVERSE_BLOB_STORE} names among {@code factories}, or the local default when unset. */
    public static BlobStore open(Map<String, BlobStoreFactory> factories, Config config) {
        Optional<String> value = config.get(SETTING);
        if (value.isEmpty()) {
            Path home = Path.of(config.get("DATAVERSE_HOME", "./dataverse-data"));
            return new LocalBlobStore(home.resolve("blobs"), config.getBoolean("DATAVERSE_BLOB_GZIP_ENCODING", false));
        }
        return open(factories, SETTING, value.get(), config);
    }

    /**
     * The store at {@code location} by the factory bound to its scheme.
     *
     * @param what the setting (or role) the location came from, for the error
     * @throws IllegalStateException when no factory serves the scheme, naming the schemes there are
     */
    public static BlobStore open(Map<String, BlobStoreFactory> factories, String what, String location, Config config) {
        int colon = location.indexOf(':');
        String scheme = colon > 0 ? location.substring(0, colon) : "";
        BlobStoreFactory factory = factories.get(scheme);
        if (factory == null || location.length() == colon + 1) {
            throw new IllegalStateException(what + " must be file:/absolute/path, file:relative/path, s3://bucket/prefix"
                    + " or another scheme a plugin binds (bound: " + String.join(", ", new TreeSet<>(factories.keySet())) + ")"
                    + (what.equals(SETTING) ? ", or unset for ${DATAVERSE_HOME}/blobs" : "") + "; got '" + location + "'");
        }
        try {
            return factory.open(location, config);
        } catch (RuntimeException e) {
            throw e instanceof IllegalStateException ? e
                    : new IllegalStateException(what + " '" + location + "' cannot be opened: " + e.getMessage(), e);
        }
    }

    private static Path localPath(String value) {
        try {
            if (value.startsWith("file://")) {
                return Path.of(URI.create(value)); // file:///abs/path, percent-encoded
            }
            return Path.of(value.substring("file:".length())); // file:/abs/path or file:relative/path, verbatim
        } catch (RuntimeException e) {
            throw new IllegalStateException("not a usable file location: '" + value + "' (" + e.getMessage() + ")", e);
        }
    }
}
