package io.stacksdataverse.loaders.blob;

import io.stacksdataverse.spi.BlobStore;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.Secret;
import io.stacksdataverse.spi.Visibility;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectAclResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Type;

/**
 * A blob store in an S3 bucket (or an S3-compatible store), under an optional key prefix:
 * {@code s3://bucket/prefix}. Built with {@link #builder()} or {@link #fromConfig(Config)}.
 *
 * <p>A put is a single {@code PutObject}, which S3 applies atomically. {@link Visibility#PRIVATE}
 * sends no ACL (the bucket's default, private); {@link Visibility#PUBLIC} sends the configured
 * canned ACL ({@code public-read} by default, {@code none} for buckets that forbid ACLs and are
 * made public by a bucket policy). Content type and encoding come from {@link ContentTypes}.
 *
 * <p>Failures are {@link IOException}s naming the operation, the key and the store location; they
 * never contain the secret key. Close the store to release its HTTP client.
 */
public final class S3BlobStore implements InspectableBlobStore, AutoCloseable {
    /** The user metadata ({@code x-amz-meta-sha256}) holding the SHA-256 of the object's bytes. */
    static final String DIGEST_METADATA = "sha256";
    /** The group S3 grants to when an object is public. */
    static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Optional<String> publicAcl;
    private final boolean declareGzipEncoding;
    private final Optional<Secret> secretKey;
    private final Integer listPageSize;

    S3BlobStore(S3StoreBuilder builder, S3Client s3, String bucket, String prefix, Optional<String> publicAcl) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.publicAcl = publicAcl;
        this.declareGzipEncoding = builder.declareGzipEncoding;
        this.secretKey = Optional.ofNullable(builder.secretKey);
        this.listPageSize = builder.listPageSize;
    }

    public static S3StoreBuilder builder() {
        return new S3StoreBuilder();
    }

    /**
     * A store configured by {@code DATAVERSE_BLOB_STORE} ({@code s3://bucket/prefix}),
     * {@code DATAVERSE_S3_ENDPOINT}, {@code DATAVERSE_S3_REGION} (default {@code us-east-1}),
     * {@code DATAVERSE_S3_PATH_STYLE} (default true when an endpoint is set),
     * {@code DATAVERSE_S3_ACCESS_KEY_ID} and {@code DATAVERSE_S3_SECRET_ACCESS_KEY} (both or neither;
     * neither means the AWS default credential chain), {@code DATAVERSE_PUBLIC_ACL} (default
     * {@code public-read}, or {@code none}) and {@code DATAVERSE_BLOB_GZIP_ENCODING} (default false).
     */
    public static S3BlobStore fromConfig(Config config) {
        String location = config.require("DATAVERSE_BLOB_STORE");
        if (!location.startsWith("s3://")) {
            throw new IllegalStateException("DATAVERSE_BLOB_STORE must be s3://bucket/prefix for an S3 store, got '" + location + "'");
        }
        return fromConfig(location, config);
    }

    /** A store at {@code location} ({@code s3://bucket/prefix}), the other settings as for {@link #fromConfig(Config)}. */
    public static S3BlobStore fromConfig(String location, Config config) {
        Optional<Secret> accessKeyId = config.secret("DATAVERSE_S3_ACCESS_KEY_ID");
        Optional<Secret> secretKey = config.secret("DATAVERSE_S3_SECRET_ACCESS_KEY");
        if (accessKeyId.isPresent() != secretKey.isPresent()) {
            throw new IllegalStateException("set both DATAVERSE_S3_ACCESS_KEY_ID and DATAVERSE_S3_SECRET_ACCESS_KEY, "
                    + "or neither (then the AWS default credential chain is used)");
        }
        Optional<String> endpoint = config.get("DATAVERSE_S3_ENDPOINT");
        boolean pathStyle = config.getBoolean("DATAVERSE_S3_PATH_STYLE", endpoint.isPresent());
        boolean gzipEncoding = config.getBoolean("DATAVERSE_BLOB_GZIP_ENCODING", false);
        try {
            S3StoreBuilder builder = builder()
                    .location(location)
                    .region(config.get("DATAVERSE_S3_REGION", "us-east-1"))
                    .pathStyleAccess(pathStyle)
                    .publicAcl(config.get("DATAVERSE_PUBLIC_ACL", "public-read"))
                    .declareGzipEncoding(gzipEncoding);
            if (endpoint.isPresent()) {
                builder.endpointOverride(URI.create(endpoint.get()));
            }
            if (accessKeyId.isPresent()) {
                builder.credentials(accessKeyId.get().reveal(), secretKey.get());
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid S3 blob store configuration: " + e.getMessage(), e);
        }
    }

    /** The bucket. */
    public String bucket() {
        return bucket;
    }

    /** The key prefix inside the bucket: empty, or ending with {@code /}. */
    public String prefix() {
        return prefix;
    }

    /** {@code s3://bucket/prefix/}. */
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public void put(String key, byte[] content, Visibility visibility) throws IOException {
        Objects.requireNonNull(content, "content");
        PutObjectRequest request = putRequest(key, visibility, BlobStore.sha256Hex(content));
        try {
            s3.putObject(request, RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw failure("put '" + key + "'", e);
        }
    }

    @Override
    public void put(String key, Path file, Visibility visibility) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("cannot put '" + key + "' in " + location() + ": no file " + file);
        }
        PutObjectRequest request = putRequest(key, visibility, BlobStore.sha256Hex(file));
        try {
            s3.putObject(request, RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw failure("put '" + key + "'", e);
        }
    }

    /**
     * The digest every put stores as user metadata ({@value #DIGEST_METADATA}), from one {@code HeadObject};
     * an object written before digests were kept is read once to compute it.
     */
    @Override
    public Optional<String> sha256(String key) throws IOException {
        Optional<HeadObjectResponse> head = head(key, "digest of");
        if (head.isEmpty()) {
            return Optional.empty();
        }
        String stored = head.get().metadata().get(DIGEST_METADATA);
        return stored != null ? Optional.of(stored) : get(key).map(BlobStore::sha256Hex);
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        String fullKey = fullKey(key);
        try {
            ResponseBytes<GetObjectResponse> response = s3.getObjectAsBytes(b -> b.bucket(bucket).key(fullKey));
            return Optional.of(response.asByteArrayUnsafe());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("get '" + key + "'", e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        return head(key, "check").isPresent();
    }

    /**
     * Keys that start with {@code prefix} as a plain string (so {@code a/b} matches {@code a/bc/x}),
     * relative to the store prefix, ascending. Folder markers (keys ending with {@code /}, which
     * consoles create and S3Proxy's filesystem back end reports for every folder) are left out.
     */
    @Override
    public List<String> list(String prefix) throws IOException {
        BlobKeys.checkPrefix(prefix);
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(this.prefix + prefix)
                .maxKeys(listPageSize).build();
        List<String> keys = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
                if (!object.key().endsWith("/")) { // a folder marker, never one of our keys
                    keys.add(object.key().substring(this.prefix.length()));
                }
            }
        } catch (SdkException e) {
            throw failure("list prefix '" + prefix + "'", e);
        }
        Collections.sort(keys);
        return keys;
    }

    /**
     * A server-side copy keeping the source's metadata (content type and encoding). The ACL is not
     * copied: a {@link Visibility#PUBLIC} copy sets the public ACL explicitly, a private one sends none.
     */
    @Override
    public void copy(String fromKey, String toKey, Visibility visibility) throws IOException {
        CopyObjectRequest.Builder request = CopyObjectRequest.builder()
                .sourceBucket(bucket).sourceKey(fullKey(fromKey))
                .destinationBucket(bucket).destinationKey(fullKey(toKey))
                .metadataDirective(MetadataDirective.COPY);
        if (visibility == Visibility.PUBLIC) {
            publicAcl.ifPresent(request::acl);
        }
        try {
            s3.copyObject(request.build());
        } catch (SdkException e) {
            throw failure("copy '" + fromKey + "' to '" + toKey + "'", e);
        }
    }

    @Override
    public String describe(String key) {
        return location() + BlobKeys.check(key);
    }

    /** Content type, encoding and size from {@code HeadObject}; the ACL ({@code public-read} or {@code private}) from {@code GetObjectAcl}. */
    @Override
    public Optional<BlobInfo> info(String key) throws IOException {
        Optional<HeadObjectResponse> head = head(key, "inspect");
        if (head.isEmpty()) {
            return Optional.empty();
        }
        String fullKey = fullKey(key);
        GetObjectAclResponse acl;
        try {
            acl = s3.getObjectAcl(b -> b.bucket(bucket).key(fullKey));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("read the ACL of '" + key + "'", e);
        }
        boolean isPublic = acl.grants().stream().anyMatch(S3BlobStore::grantsPublicRead);
        HeadObjectResponse h = head.get();
        return Optional.of(new BlobInfo(h.contentType() == null ? "" : h.contentType(),
                Optional.ofNullable(h.contentEncoding()), Optional.of(isPublic ? "public-read" : "private"),
                h.contentLength() == null ? 0 : h.contentLength()));
    }

    /** Closes the HTTP client. */
    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return "S3BlobStore[" + location() + "]";
    }

    private Optional<HeadObjectResponse> head(String key, String operation) throws IOException {
        String fullKey = fullKey(key);
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(fullKey)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure(operation + " '" + key + "'", e);
        } catch (SdkException e) {
            throw failure(operation + " '" + key + "'", e);
        }
    }

    private static boolean grantsPublicRead(Grant grant) {
        return grant.grantee() != null && grant.grantee().type() == Type.GROUP && ALL_USERS.equals(grant.grantee().uri())
                && (grant.permission() == Permission.READ || grant.permission() == Permission.FULL_CONTROL);
    }

    private PutObjectRequest putRequest(String key, Visibility visibility, String sha256) {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(fullKey(key))
                .metadata(Map.of(DIGEST_METADATA, sha256))
                .contentType(ContentTypes.contentType(key, declareGzipEncoding));
        ContentTypes.contentEncoding(key, declareGzipEncoding).ifPresent(request::contentEncoding);
        if (visibility == Visibility.PUBLIC) {
            publicAcl.ifPresent(request::acl);
        }
        return request.build();
    }

    private String fullKey(String key) {
        return prefix + BlobKeys.check(key);
    }

    /** An IOException naming the operation, key and location, with the secret key removed should the SDK ever echo it. */
    private IOException failure(String action, SdkException e) {
        String detail = String.valueOf(e.getMessage());
        boolean leaks = secretKey.isPresent() && detail.contains(secretKey.get().reveal());
        if (leaks) {
            detail = detail.replace(secretKey.get().reveal(), Secret.REDACTED);
        }
        String message = "cannot " + action + " in " + location() + ": " + e.getClass().getSimpleName() + ": " + detail;
        return leaks ? new IOException(message) : new IOException(message, e);
    }

    /** Builds an {@link S3BlobStore}; only {@link #location(String)} is required. */
}
