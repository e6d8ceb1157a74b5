package io.stacksdataverse.loaders.blob;

import io.stacksdataverse.spi.Setting;
import java.util.List;

/** The settings of the blob and raw stores, declared for {@code dataverse config} and the README. */
public final class StoreSettings {
    private StoreSettings() {
    }

    public static final List<Setting> DECLARED = List.of(
            Setting.optional("DATAVERSE_BLOB_STORE", "`file:$DATAVERSE_HOME/blobs`",
                    "where datasets are published: `file:/path`, `s3://bucket/prefix`, or another scheme a plugin binds"),
            Setting.optional("DATAVERSE_RAW_STORE", "the blob store, under `raw/`",
                    "a separate location (any blob store scheme) for the raw zone"),
            Setting.optional("DATAVERSE_S3_ENDPOINT", "AWS", "endpoint override for S3-compatible stores"),
            Setting.of("DATAVERSE_S3_REGION", "us-east-1", "region of the S3 client"),
            Setting.optional("DATAVERSE_S3_PATH_STYLE", "`true` with an endpoint override", "path-style addressing"),
            Setting.secret("DATAVERSE_S3_ACCESS_KEY_ID", "the AWS default chain", "static S3 credentials (with the secret key, or neither)"),
            Setting.secret("DATAVERSE_S3_SECRET_ACCESS_KEY", "the AWS default chain", "static S3 credentials (with the key id, or neither)"),
            Setting.of("DATAVERSE_PUBLIC_ACL", "public-read", "canned ACL of public objects; `none` sends no ACL"),
            Setting.of("DATAVERSE_BLOB_GZIP_ENCODING", "false", "set `Content-Encoding: gzip` (see Stores)"));
}
