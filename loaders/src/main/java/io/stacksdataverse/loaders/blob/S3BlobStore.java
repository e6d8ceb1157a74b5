package io.stacksdataverse.loaders.blob;

import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.Secret;
import io.stacksdataverse.spi.Visibility;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectAclResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
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
    /** The group S3 grants to when an object is public. */
    static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Optional<String> publicAcl;
    private final boolean declareGzipEncoding;
    private final Optional<Secret> secretKey;
    private final Integer listPageSize;

    private S3BlobStore(Builder builder, S3Client s3, String bucket, String prefix, Optional<String> publicAcl) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.publicAcl = publicAcl;
        this.declareGzipEncoding = builder.declareGzipEncoding;
        this.secretKey = Optional.ofNullable(builder.secretKey);
        this.listPageSize = builder.listPageSize;
    }

    public static Builder builder() {
        return new Builder();
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
            Builder builder = builder()
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
        PutObjectRequest request = putRequest(key, visibility);
        try {
            s3.putObject(request, RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw failure("put '" + key + "'", e);
        }
    }

    @Override
    public void put(String key, Path file, Visibility visibility) throws IOException {
        PutObjectRequest request = putRequest(key, visibility);
        if (!Files.isRegularFile(file)) {
            throw new IOException("cannot put '" + key + "' in " + location() + ": no file " + file);
        }
        try {
            s3.putObject(request, RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw failure("put '" + key + "'", e);
        }
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

    private PutObjectRequest putRequest(String key, Visibility visibility) {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(fullKey(key))
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
    public static final class Builder {
        private String location;
        private URI endpointOverride;
        private String region = "us-east-1";
        private Boolean pathStyleAccess;
        private String accessKeyId;
        private Secret secretKey;
        private String publicAcl = "public-read";
        private boolean declareGzipEncoding;
        private Integer listPageSize;

        private Builder() {
        }

        /** {@code s3://bucket} or {@code s3://bucket/prefix}. */
        public Builder location(String location) {
            this.location = Objects.requireNonNull(location, "location");
            return this;
        }

        /** The endpoint of an S3-compatible store (MinIO, S3Proxy, …); unset for AWS. */
        public Builder endpointOverride(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
                throw new IllegalArgumentException("S3 endpoint must be an http(s) URL, got " + endpoint);
            }
            this.endpointOverride = endpoint;
            return this;
        }

        /** The region; {@code us-east-1} by default. */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** Path-style URLs ({@code host/bucket/key}); by default on when an endpoint override is set. */
        public Builder pathStyleAccess(boolean pathStyleAccess) {
            this.pathStyleAccess = pathStyleAccess;
            return this;
        }

        /** Static credentials; without them the AWS default credential chain is used. */
        public Builder credentials(String accessKeyId, Secret secretKey) {
            this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
            this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
            return this;
        }

        /** The canned ACL of public objects ({@code public-read} by default), or {@code none} to send no ACL. */
        public Builder publicAcl(String cannedAcl) {
            this.publicAcl = Objects.requireNonNull(cannedAcl, "cannedAcl");
            return this;
        }

        /** Serve {@code .json.gz}/{@code .csv.gz} with {@code Content-Encoding: gzip} (see {@link ContentTypes}). */
        public Builder declareGzipEncoding(boolean declareGzipEncoding) {
            this.declareGzipEncoding = declareGzipEncoding;
            return this;
        }

        /** Keys per ListObjectsV2 page; the server's default (1000 on S3) unless set. For tests of paging. */
        Builder listPageSize(int listPageSize) {
            this.listPageSize = listPageSize;
            return this;
        }

        public S3BlobStore build() {
            if (location == null) {
                throw new IllegalArgumentException("S3 blob store location (s3://bucket/prefix) is not set");
            }
            if (!location.startsWith("s3://")) {
                throw new IllegalArgumentException("S3 blob store location must be s3://bucket/prefix, got '" + location + "'");
            }
            String rest = location.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            if (bucket.isEmpty()) {
                throw new IllegalArgumentException("S3 blob store location names no bucket: '" + location + "'");
            }
            if (!prefix.isEmpty()) {
                if (!prefix.endsWith("/")) {
                    prefix = prefix + "/";
                }
                try {
                    BlobKeys.check(prefix.substring(0, prefix.length() - 1));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("S3 blob store location has an invalid prefix: '" + location + "'", e);
                }
            }
            Optional<String> acl = cannedAcl(publicAcl);
            if (region.isBlank()) {
                throw new IllegalArgumentException("S3 region must not be blank");
            }

            S3ClientBuilder client = S3Client.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder()
                            .connectionTimeout(Duration.ofSeconds(10))
                            .socketTimeout(Duration.ofSeconds(60)))
                    .region(Region.of(region.trim()))
                    // Whole-payload signing instead of aws-chunked: over plain HTTP the SDK otherwise
                    // sends Content-Encoding: aws-chunked, which S3Proxy keeps as the object's encoding.
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(pathStyleAccess != null ? pathStyleAccess : endpointOverride != null)
                            .chunkedEncodingEnabled(false)
                            .build())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            if (endpointOverride != null) {
                client.endpointOverride(endpointOverride);
            }
            if (accessKeyId != null) {
                client.credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKeyId, secretKey.reveal())));
            }
            return new S3BlobStore(this, client.build(), bucket, prefix, acl);
        }

        private static Optional<String> cannedAcl(String value) {
            String v = value.trim();
            if (v.equalsIgnoreCase("none")) {
                return Optional.empty();
            }
            if (ObjectCannedACL.fromValue(v) == ObjectCannedACL.UNKNOWN_TO_SDK_VERSION) {
                throw new IllegalArgumentException("public ACL must be none or a canned ACL "
                        + ObjectCannedACL.knownValues().stream().map(ObjectCannedACL::toString).sorted().toList() + ", got '" + value + "'");
            }
            return Optional.of(v);
        }
    }
}
