package io.stacksdataverse.loaders.blob;

import java.util.Objects;
import java.util.Optional;

/**
 * The metadata a store serves with an object.
 *
 * @param contentType     the {@code Content-Type}
 * @param contentEncoding the {@code Content-Encoding}, if any
 * @param acl             {@code public-read} or {@code private} on S3; empty where the store has no ACLs (a local folder)
 * @param size            the size in bytes
 */
public record BlobInfo(String contentType, Optional<String> contentEncoding, Optional<String> acl, long size) {
    public BlobInfo {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(contentEncoding, "contentEncoding");
        Objects.requireNonNull(acl, "acl");
    }
}
