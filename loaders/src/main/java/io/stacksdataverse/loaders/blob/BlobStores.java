package io.stacksdataverse.loaders.blob;

import io.stacksdataverse.spi.Config;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Creates the blob store the configuration names. */
public final class BlobStores {
    static final String SETTING = "DATAVERSE_BLOB_STORE";

    private BlobStores() {
    }

    /**
     * The store named by {@code DATAVERSE_BLOB_STORE}:
     * <ul>
     *   <li>unset: a {@link LocalBlobStore} in {@code ${DATAVERSE_HOME:-./dataverse-data}/blobs};</li>
     *   <li>{@code file:/absolute/path}, {@code file:///absolute/path} or {@code file:relative/path}: a {@link LocalBlobStore} there;</li>
     *   <li>{@code s3://bucket/prefix}: an {@link S3BlobStore} (see {@link S3BlobStore#fromConfig(Config)}), which should be closed after use.</li>
     * </ul>
     * {@code DATAVERSE_BLOB_GZIP_ENCODING} applies to both kinds.
     *
     * @throws IllegalStateException for any other value
     */
    public static InspectableBlobStore fromConfig(Config config) {
        Optional<String> value = config.get(SETTING);
        if (value.isEmpty()) {
            Path home = Path.of(config.get("DATAVERSE_HOME", "./dataverse-data"));
            return new LocalBlobStore(home.resolve("blobs"), config.getBoolean("DATAVERSE_BLOB_GZIP_ENCODING", false));
        }
        return fromLocation(SETTING, value.get(), config);
    }

    /**
     * The store at {@code location} ({@code file:…} or {@code s3://bucket/prefix}, as for
     * {@link #fromConfig(Config)}), with the other settings ({@code DATAVERSE_S3_*},
     * {@code DATAVERSE_PUBLIC_ACL}, {@code DATAVERSE_BLOB_GZIP_ENCODING}) from {@code config}; e.g.
     * for a raw zone kept apart from the published datasets.
     *
     * @throws IllegalStateException for any other location
     */
    public static InspectableBlobStore fromLocation(String location, Config config) {
        return fromLocation("blob store location", location, config);
    }

    private static InspectableBlobStore fromLocation(String what, String location, Config config) {
        if (location.startsWith("s3://")) {
            return S3BlobStore.fromConfig(location, config);
        }
        if (location.startsWith("file:") && location.length() > "file:".length()) {
            return new LocalBlobStore(localPath(what, location), config.getBoolean("DATAVERSE_BLOB_GZIP_ENCODING", false));
        }
        throw new IllegalStateException(what + " must be file:/absolute/path, file:relative/path or s3://bucket/prefix"
                + (what.equals(SETTING) ? " (or unset for ${DATAVERSE_HOME}/blobs)" : "") + ", got '" + location + "'");
    }

    private static Path localPath(String what, String value) {
        try {
            if (value.startsWith("file://")) {
                return Path.of(URI.create(value)); // file:///abs/path, percent-encoded
            }
            return Path.of(value.substring("file:".length())); // file:/abs/path or file:relative/path, verbatim
        } catch (RuntimeException e) {
            throw new IllegalStateException(what + " is not a usable file location: '" + value + "' (" + e.getMessage() + ")", e);
        }
    }
}
