package io.stacksdataverse.host;

import io.stacksdataverse.loaders.cdn.CloudFrontInvalidator;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CDN invalidation of a DAG run: once every task of the run has ended, whatever their outcome,
 * the public keys its tasks changed are invalidated in one CloudFront call. The run's row in
 * {@code dataverse_cdn_invalidations}, written when the run is planned, asks for it and records
 * how it went; an invalidation that has ended is not made again, and a repeated call carries the
 * same caller reference, which CloudFront answers with the invalidation it already made.
 *
 * <p>Off unless {@code DATAVERSE_CDN_DISTRIBUTION_ID} is set. Other settings:
 * {@code DATAVERSE_CDN_PATH_PREFIX} (put before each key; by default the prefix of an
 * {@code s3://bucket/prefix} blob store, for a distribution whose origin is the bucket; {@code /}
 * for none),
 * {@code DATAVERSE_CDN_MAX_PATHS} (default 100; more changed keys become one wildcard),
 * {@code DATAVERSE_CDN_ACCESS_KEY_ID} and {@code DATAVERSE_CDN_SECRET_ACCESS_KEY} (else the
 * {@code DATAVERSE_S3_*} keys, else the AWS default credential chain), {@code DATAVERSE_CDN_ENDPOINT}
 * (another endpoint than CloudFront's).
 */
public final class CdnInvalidation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CdnInvalidation.class);
    private final CloudFrontInvalidator invalidator;
    private final String pathPrefix;
    private final int maxPaths;
    private final TaskRunLog runLog;
    private final DSLContext dsl;
    private final UnaryOperator<String> redact;

    private CdnInvalidation(CloudFrontInvalidator invalidator, String pathPrefix, int maxPaths, Host host) {
        this.invalidator = invalidator;
        this.pathPrefix = pathPrefix;
        this.maxPaths = maxPaths;
        this.runLog = host.runLog();
        this.dsl = PostgresWarehouse.dsl(host.warehouse());
        this.redact = host.config()::redact;
    }

    /** The invalidation the configuration asks for; empty when {@code DATAVERSE_CDN_DISTRIBUTION_ID} is not set. */
    static Optional<CdnInvalidation> fromConfig(Host host) {
        Config config = host.config();
        Optional<String> distribution = config.get("DATAVERSE_CDN_DISTRIBUTION_ID").map(String::strip).filter(s -> !s.isEmpty());
        if (distribution.isEmpty()) {
            return Optional.empty();
        }
        int maxPaths = config.getInt("DATAVERSE_CDN_MAX_PATHS", 100);
        if (maxPaths < 1) {
            throw new IllegalArgumentException("DATAVERSE_CDN_MAX_PATHS must be at least 1, got " + maxPaths);
        }
        String prefix = config.get("DATAVERSE_CDN_PATH_PREFIX").orElseGet(() -> s3Prefix(config.get("DATAVERSE_BLOB_STORE")));
        prefix = prefix.replaceAll("^/+", "");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        CloudFrontInvalidator.Builder builder = CloudFrontInvalidator.builder(distribution.get());
        Optional<String> endpoint = config.get("DATAVERSE_CDN_ENDPOINT");
        if (endpoint.isPresent()) {
            try {
                builder.endpointOverride(URI.create(endpoint.get()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DATAVERSE_CDN_ENDPOINT is not a URL: '" + endpoint.get() + "'");
            }
        }
        credentials(config, builder, "DATAVERSE_CDN_ACCESS_KEY_ID", "DATAVERSE_CDN_SECRET_ACCESS_KEY");
        return Optional.of(new CdnInvalidation(builder.build(), prefix, maxPaths, host));
    }

    private static void credentials(Config config, CloudFrontInvalidator.Builder builder, String idName, String secretName) {
        Optional<Secret> id = config.secret(idName);
        Optional<Secret> secret = config.secret(secretName);
        if (id.isEmpty() && secret.isEmpty()) {
            id = config.secret("DATAVERSE_S3_ACCESS_KEY_ID");
            secret = config.secret("DATAVERSE_S3_SECRET_ACCESS_KEY");
            idName = "DATAVERSE_S3_ACCESS_KEY_ID";
            secretName = "DATAVERSE_S3_SECRET_ACCESS_KEY";
        }
        if (id.isPresent() != secret.isPresent()) {
            throw new IllegalArgumentException("set both " + idName + " and " + secretName + ", or neither");
        }
        if (id.isPresent()) {
            builder.credentials(id.get().reveal(), secret.get());
        }
    }

    /** The prefix of an {@code s3://bucket/prefix} location; empty for any other store. */
    static String s3Prefix(Optional<String> blobStore) {
        if (blobStore.isEmpty() || !blobStore.get().startsWith("s3://")) {
            return "";
        }
        String rest = blobStore.get().substring("s3://".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? "" : rest.substring(slash + 1);
    }

    String distributionId() {
        return invalidator.distributionId();
    }

    /** Records, when the run is planned, that it asks for an invalidation once it has ended. */
    void expect(String runId) {
        dsl.execute("INSERT INTO dataverse_cdn_invalidations (run_id, status, distribution_id) VALUES (?, 'PENDING', ?)"
                + " ON CONFLICT (run_id) DO NOTHING", runId, distributionId());
    }

    /** Whether the run asked for an invalidation that has not ended yet. */
    static boolean pending(DSLContext dsl, String runId) {
        return dsl.fetchOptional("SELECT 1 FROM dataverse_cdn_invalidations WHERE run_id = ? AND status = 'PENDING'", runId)
                .isPresent();
    }

    /**
     * Invalidates the public keys the run's tasks changed; records the outcome ({@code NOTHING} when
     * no key changed). A failure that may heal is rethrown for a retry unless {@code lastAttempt};
     * otherwise it is recorded as {@code FAILED} and returned. Messages are redacted.
     *
     * @return the failure message when the invalidation failed for good
     */
    Optional<String> invalidate(String runId, boolean lastAttempt) throws CloudFrontInvalidator.CdnException {
        expect(runId);
        if (!pending(dsl, runId)) {
            LOG.info("run {}: its CDN invalidation has already ended", runId);
            return Optional.empty();
        }
        List<String> keys = runLog.publishedKeys(runId);
        if (keys.isEmpty()) {
            dsl.execute("UPDATE dataverse_cdn_invalidations SET status = 'NOTHING', attempts = attempts + 1, finished_at = now()"
                    + " WHERE run_id = ? AND status = 'PENDING'", runId);
            LOG.info("run {} changed no public key: no CDN invalidation", runId);
            return Optional.empty();
        }
        List<String> paths = CloudFrontInvalidator.paths(keys, pathPrefix, maxPaths);
        try {
            String id = invalidator.invalidate(paths, callerReference(runId, paths));
            dsl.execute("UPDATE dataverse_cdn_invalidations SET status = 'DONE', paths = ?::text[], invalidation_id = ?,"
                    + " attempts = attempts + 1, message = NULL, finished_at = now() WHERE run_id = ?",
                    paths.toArray(String[]::new), id, runId);
            LOG.info("run {}: CloudFront invalidation {} of {} path(s) for {} changed key(s)", runId, id, paths.size(), keys.size());
            return Optional.empty();
        } catch (CloudFrontInvalidator.CdnException e) {
            boolean retry = e.retryable() && !lastAttempt;
            String message = redact.apply(e.getMessage());
            dsl.execute("UPDATE dataverse_cdn_invalidations SET status = ?, paths = ?::text[], attempts = attempts + 1, message = ?,"
                    + " finished_at = CASE WHEN ? THEN NULL ELSE now() END WHERE run_id = ?",
                    retry ? "PENDING" : "FAILED", paths.toArray(String[]::new), message, retry, runId);
            if (retry) {
                throw new CloudFrontInvalidator.CdnException(message, true);
            }
            LOG.error("run {}: CDN invalidation failed{}: {}", runId, e.retryable() ? " after its last attempt" : "", message);
            return Optional.of(message);
        }
    }

    /** Records a failure that is not CloudFront's answer (e.g. of the database) as final; returns its redacted message. */
    String failed(String runId, RuntimeException e) {
        String message = redact.apply("the invalidation could not be made: " + e);
        try {
            dsl.execute("UPDATE dataverse_cdn_invalidations SET status = 'FAILED', attempts = attempts + 1, message = ?,"
                    + " finished_at = now() WHERE run_id = ? AND status = 'PENDING'", message, runId);
        } catch (RuntimeException again) {
            LOG.error("run {}: cannot record the failed CDN invalidation: {}", runId, redact.apply(String.valueOf(again.getMessage())));
        }
        return message;
    }

    /**
     * The caller reference of the run's invalidation of {@code paths}: a repeated call with the same
     * paths is the same invalidation for CloudFront; other paths (keys recorded since) a new one.
     */
    static String callerReference(String runId, List<String> paths) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : paths) {
                sha.update(p.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return "dataverse-" + runId + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How the run's invalidation went, in one line for people; empty when it has none. */
    Optional<String> describe(String runId) {
        return describe(dsl, runId);
    }

    /** The newest run's invalidation: its run id and how it went; empty when there was none. */
    public static Optional<String> describeNewest(Host host) {
        DSLContext dsl = PostgresWarehouse.dsl(host.warehouse());
        return dsl.fetchOptional("SELECT run_id FROM dataverse_cdn_invalidations ORDER BY created_at DESC LIMIT 1")
                .map(r -> r.get(0, String.class))
                .flatMap(runId -> describe(dsl, runId).map(d -> d + " (run " + runId + ")"));
    }

    private static Optional<String> describe(DSLContext dsl, String runId) {
        return dsl.fetchOptional("SELECT status, distribution_id, cardinality(paths) AS n, invalidation_id, attempts, message"
                + " FROM dataverse_cdn_invalidations WHERE run_id = ?", runId).map(r -> {
                    String distribution = r.get("distribution_id", String.class);
                    int n = r.get("n", Integer.class);
                    return switch (r.get("status", String.class)) {
                        case "DONE" -> "CDN: invalidation " + r.get("invalidation_id", String.class) + " of " + n
                                + (n == 1 ? " path" : " paths") + " on distribution " + distribution;
                        case "NOTHING" -> "CDN: no public key changed, nothing to invalidate";
                        case "FAILED" -> "CDN: the invalidation on distribution " + distribution + " FAILED after "
                                + r.get("attempts", Integer.class) + " attempt(s): " + r.get("message", String.class);
                        default -> "CDN: the invalidation on distribution " + distribution + " has not ended";
                    };
                });
    }

    @Override
    public void close() {
        invalidator.close();
    }
}
