package io.stacksdataverse.paths;

import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Keys of the raw zone, where every response an extractor receives is kept verbatim:
 * {@code raw/{source}/{endpoint}/{execution_date}/{request_hash}-{body_hash}.{extension}.gz}.
 *
 * <p>The request hash is taken over the request with its secrets removed, so a key never carries
 * a secret; the body hash makes a different answer to the same request land under a new key, so
 * nothing is ever overwritten.
 */
public final class RawKeys {
    public static final String ROOT = "raw/";
    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,79}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{8,64}");

    private RawKeys() {
    }

    public static String key(String source, String endpoint, LocalDate executionDate, String requestHash,
                             String bodyHash, String extension) {
        checkSegment("source", source);
        checkSegment("endpoint", endpoint);
        checkSegment("extension", extension);
        Objects.requireNonNull(executionDate, "executionDate");
        checkHash("requestHash", requestHash);
        checkHash("bodyHash", bodyHash);
        return ROOT + source + "/" + endpoint + "/" + executionDate + "/" + requestHash + "-" + bodyHash + "."
                + extension + ".gz";
    }

    /** The prefix of every raw object of one source, endpoint and date. */
    public static String prefix(String source, String endpoint, LocalDate executionDate) {
        checkSegment("source", source);
        checkSegment("endpoint", endpoint);
        return ROOT + source + "/" + endpoint + "/" + executionDate + "/";
    }

    /** The prefix of every raw object of one source. */
    public static String prefix(String source) {
        checkSegment("source", source);
        return ROOT + source + "/";
    }

    /** Where the manifests of successful task runs lie: {@code raw/_runs/{task}/{execution_date}/}. */
    public static String manifestPrefix(String taskId, LocalDate executionDate) {
        checkSegment("task", taskId);
        Objects.requireNonNull(executionDate, "executionDate");
        return ROOT + "_runs/" + taskId + "/" + executionDate + "/";
    }

    /**
     * The manifest of one successful run: {@code raw/_runs/{task}/{execution_date}/{millis}-{run}.json},
     * the time first (13 digits) so that the newest sorts last.
     */
    public static String manifestKey(String taskId, LocalDate executionDate, long epochMillis, String runId) {
        String run = runId.replaceAll("[^A-Za-z0-9_.-]", "_");
        return manifestPrefix(taskId, executionDate) + String.format(java.util.Locale.ROOT, "%013d", epochMillis) + "-"
                + (run.length() > 80 ? run.substring(0, 80) : run) + ".json";
    }

    /** An endpoint path such as {@code /data/v2/histohour} as a key segment: {@code data_v2_histohour}. */
    public static String endpointSegment(String path) {
        String cleaned = path.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (cleaned.isEmpty()) {
            cleaned = "root";
        }
        return cleaned.length() > 80 ? cleaned.substring(0, 80) : cleaned;
    }

    private static void checkSegment(String what, String value) {
        if (value == null || !SEGMENT.matcher(value).matches()) {
            throw new IllegalArgumentException("raw key " + what + " must match " + SEGMENT + ", got " + value);
        }
    }

    private static void checkHash(String what, String value) {
        if (value == null || !HASH.matcher(value).matches()) {
            throw new IllegalArgumentException("raw key " + what + " must be lowercase hex, got " + value);
        }
    }
}
