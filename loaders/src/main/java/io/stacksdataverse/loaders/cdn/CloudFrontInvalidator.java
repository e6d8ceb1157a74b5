package io.stacksdataverse.loaders.cdn;

import io.stacksdataverse.spi.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.CloudFrontClientBuilder;
import software.amazon.awssdk.services.cloudfront.model.CreateInvalidationResponse;
import software.amazon.awssdk.services.cloudfront.model.InvalidationBatch;
import software.amazon.awssdk.services.cloudfront.model.Paths;

/**
 * Asks a CloudFront distribution to forget objects (a {@code CreateInvalidation} call).
 *
 * <pre>{@code
 * try (CloudFrontInvalidator cdn = CloudFrontInvalidator.builder("E2EXAMPLE").build()) {
 *     String id = cdn.invalidate(CloudFrontInvalidator.paths(keys, "", 100), runId);
 * }
 * }</pre>
 *
 * The caller reference makes a call safe to repeat: CloudFront answers a second call with the same
 * reference and paths with the invalidation the first one created.
 */
public final class CloudFrontInvalidator implements AutoCloseable {
    private final CloudFrontClient client;
    private final String distributionId;
    private final String accessKeyId;
    private final Secret secretKey;

    private CloudFrontInvalidator(CloudFrontClient client, String distributionId, String accessKeyId, Secret secretKey) {
        this.client = client;
        this.distributionId = distributionId;
        this.accessKeyId = accessKeyId;
        this.secretKey = secretKey;
    }

    public static Builder builder(String distributionId) {
        return new Builder(distributionId);
    }

    public String distributionId() {
        return distributionId;
    }

    /**
     * The invalidation paths of blob keys: {@code /} + {@code prefix} + the key, percent-encoded
     * where CloudFront needs it (a {@code *} in a key is not a wildcard), sorted, each once. More
     * than {@code maxPaths} keys become the one wildcard {@code /prefix*}: CloudFront bills per path
     * and counts a wildcard as one. No key, no path.
     */
    public static List<String> paths(Collection<String> keys, String prefix, int maxPaths) {
        if (maxPaths < 1) {
            throw new IllegalArgumentException("maxPaths must be at least 1, got " + maxPaths);
        }
        String base = "/" + encode(prefix);
        TreeSet<String> paths = new TreeSet<>();
        for (String key : keys) {
            paths.add(base + encode(key));
        }
        if (paths.size() > maxPaths) {
            return List.of(base + "*");
        }
        return new ArrayList<>(paths);
    }

    /** Percent-encodes every byte that is not unreserved (RFC 3986) or {@code /}. */
    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /**
     * Creates one invalidation of {@code paths}; returns its id.
     *
     * @throws CdnException naming the distribution and what CloudFront answered; {@link CdnException#retryable()}
     *     says whether trying again later may succeed
     */
    public String invalidate(List<String> paths, String callerReference) throws CdnException {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("an invalidation needs at least one path");
        }
        try {
            CreateInvalidationResponse response = client.createInvalidation(r -> r.distributionId(distributionId)
                    .invalidationBatch(InvalidationBatch.builder().callerReference(callerReference)
                            .paths(Paths.builder().quantity(paths.size()).items(paths).build()).build()));
            return response.invalidation().id();
        } catch (AwsServiceException e) {
            int status = e.statusCode();
            String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
            boolean retryable = status >= 500 || status == 429 || e.isThrottlingException()
                    || code.equals("TooManyInvalidationsInProgress");
            throw new CdnException("CloudFront distribution " + distributionId + " refused the invalidation of " + paths.size()
                    + (paths.size() == 1 ? " path" : " paths") + " (caller reference " + callerReference + "): HTTP " + status
                    + (code.isEmpty() ? "" : " " + code) + ": " + redact(e.awsErrorDetails() == null ? e.getMessage()
                    : e.awsErrorDetails().errorMessage()), retryable);
        } catch (SdkException e) {
            throw new CdnException("CloudFront distribution " + distributionId + " could not be reached to invalidate "
                    + paths.size() + (paths.size() == 1 ? " path" : " paths") + ": " + e.getClass().getSimpleName() + ": "
                    + redact(e.getMessage()), true);
        }
    }

    /** An error text without the credentials (an answer may echo the request's signature header). */
    private String redact(String message) {
        String m = String.valueOf(message);
        if (secretKey != null) {
            m = m.replace(secretKey.reveal(), Secret.REDACTED);
        }
        return accessKeyId == null ? m : m.replace(accessKeyId, Secret.REDACTED);
    }

    @Override
    public void close() {
        client.close();
    }

    /** A failed invalidation. */
    public static final class CdnException extends IOException {
        private final boolean retryable;

        public CdnException(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }

        /** Whether the same call may succeed later (throttling, too many invalidations in progress, 5xx, network). */
        public boolean retryable() {
            return retryable;
        }
    }

    /** Builds a {@link CloudFrontInvalidator}; only the distribution id is required. */
    public static final class Builder {
        private final String distributionId;
        private URI endpointOverride;
        private String accessKeyId;
        private Secret secretKey;
        private Duration timeout = Duration.ofSeconds(60);

        private Builder(String distributionId) {
            Objects.requireNonNull(distributionId, "distributionId");
            if (distributionId.isBlank() || !distributionId.matches("[A-Za-z0-9]+")) {
                throw new IllegalArgumentException("a CloudFront distribution id is letters and digits, got '" + distributionId + "'");
            }
            this.distributionId = distributionId;
        }

        /** Another endpoint than CloudFront's own (a stand-in in tests). */
        public Builder endpointOverride(URI endpoint) {
            this.endpointOverride = endpoint;
            return this;
        }

        /** Static credentials; without them the AWS default credential chain is used. */
        public Builder credentials(String accessKeyId, Secret secretKey) {
            this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
            this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
            return this;
        }

        /** How long one call may take, its SDK retries included (default 60 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public CloudFrontInvalidator build() {
            CloudFrontClientBuilder client = CloudFrontClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder()
                            .connectionTimeout(Duration.ofSeconds(10))
                            .socketTimeout(Duration.ofSeconds(30)))
                    // CloudFront is global and signed for us-east-1, also through an endpoint override.
                    .region(Region.US_EAST_1)
                    // Three tries within the call (the standard strategy, stated here); whoever calls retries later.
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout)
                            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(3).build()));
            if (endpointOverride != null) {
                client.endpointOverride(endpointOverride);
            }
            if (accessKeyId != null) {
                client.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretKey.reveal())));
            }
            return new CloudFrontInvalidator(client.build(), distributionId, accessKeyId, secretKey);
        }
    }
}
