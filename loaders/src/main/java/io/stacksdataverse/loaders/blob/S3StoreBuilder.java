package io.stacksdataverse.loaders.blob;

import io.stacksdataverse.spi.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;

/** Builds an {@link S3BlobStore}: location, endpoint, region, credentials, ACL and encoding. */
public final class S3StoreBuilder {
    private String location;
    private URI endpointOverride;
    private String region = "us-east-1";
    private Boolean pathStyleAccess;
    private String accessKeyId;
    Secret secretKey;
    private String publicAcl = "public-read";
    boolean declareGzipEncoding;
    Integer listPageSize;

    S3StoreBuilder() {
    }

    /** {@code s3://bucket} or {@code s3://bucket/prefix}. */
    public S3StoreBuilder location(String location) {
        this.location = Objects.requireNonNull(location, "location");
        return this;
    }

    /** The endpoint of an S3-compatible store (MinIO, S3Proxy, …); unset for AWS. */
    public S3StoreBuilder endpointOverride(URI endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
            throw new IllegalArgumentException("S3 endpoint must be an http(s) URL, got " + endpoint);
        }
        this.endpointOverride = endpoint;
        return this;
    }

    /** The region; {@code us-east-1} by default. */
    public S3StoreBuilder region(String region) {
        this.region = Objects.requireNonNull(region, "region");
        return this;
    }

    /** Path-style URLs ({@code host/bucket/key}); by default on when an endpoint override is set. */
    public S3StoreBuilder pathStyleAccess(boolean pathStyleAccess) {
        this.pathStyleAccess = pathStyleAccess;
        return this;
    }

    /** Static credentials; without them the AWS default credential chain is used. */
    public S3StoreBuilder credentials(String accessKeyId, Secret secretKey) {
        this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
        this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
        return this;
    }

    /** The canned ACL of public objects ({@code public-read} by default), or {@code none} to send no ACL. */
    public S3StoreBuilder publicAcl(String cannedAcl) {
        this.publicAcl = Objects.requireNonNull(cannedAcl, "cannedAcl");
        return this;
    }

    /** Serve {@code .json.gz}/{@code .csv.gz} with {@code Content-Encoding: gzip} (see {@link ContentTypes}). */
    public S3StoreBuilder declareGzipEncoding(boolean declareGzipEncoding) {
        this.declareGzipEncoding = declareGzipEncoding;
        return this;
    }

    /** Keys per ListObjectsV2 page; the server's default (1000 on S3) unless set. For tests of paging. */
    S3StoreBuilder listPageSize(int listPageSize) {
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
