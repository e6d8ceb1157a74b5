package io.stacksdataverse.loaders.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stacksdataverse.paths.RawKeys;
import io.stacksdataverse.spi.BlobStore;
import io.stacksdataverse.spi.RawBodyWriter;
import io.stacksdataverse.spi.RawExchange;
import io.stacksdataverse.spi.RawRecord;
import io.stacksdataverse.spi.RawStore;
import io.stacksdataverse.spi.Visibility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The raw zone in a {@link BlobStore}, every object private.
 *
 * <p>A body is stored gzipped under {@link RawKeys#key} with the request hash (the first 16 hex
 * digits of SHA-256 over {@code method + " " + redactedUrl}) and the body hash (the first 16 hex
 * digits of SHA-256 over the body); the extension is {@code json} when the content type says JSON
 * or the body starts with {@code {} or {@code [}, else {@code txt}. Next to it, under the body key
 * plus {@value #META_SUFFIX}, a JSON document tells where the body came from. The gzip bytes are
 * deterministic, and a body key that exists already is not written again. An answer still
 * arriving is {@linkplain #open streamed} to a temporary file and filed the same way, same key and
 * same bytes, so a large body is never held whole for its raw copy.
 *
 * <p>The manifest of a successful task run (the raw keys it read) lies at
 * {@link RawKeys#manifestKey}, a small private JSON document; a replay of the task answers from the
 * newest one's keys only.
 */
public final class BlobRawStore implements RawStore {
    /** Appended to a body key to name its metadata object. */
    public static final String META_SUFFIX = ".meta.json";

    private final BlobStore blobs;
    private final ObjectMapper json = new ObjectMapper();

    public BlobRawStore(BlobStore blobs) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
    }

    @Override
    public String store(LocalDate executionDate, RawExchange exchange) throws IOException {
        byte[] body = exchange.body();
        String bodySha256 = sha256Hex(body);
        String key = key(executionDate, exchange, bodySha256, looksLikeJson(exchange.contentType(), body));
        if (blobs.exists(key)) {
            return key; // the same request answered with the same bytes: kept already
        }
        putMetadata(key, executionDate, exchange, bodySha256, body.length);
        blobs.put(key, gzip(body), Visibility.PRIVATE);
        return key;
    }

    /** Streams the body to a temporary gzip file and files it like {@link #store} once it is complete. */
    @Override
    public RawBodyWriter open(LocalDate executionDate, RawExchange head) throws IOException {
        return new StreamingRawBody(executionDate, head, this::keep);
    }

    private String keep(LocalDate executionDate, RawExchange head, String bodySha256, long bodyBytes, boolean startsLikeJson,
                        Path gzipped) throws IOException {
        String key = key(executionDate, head, bodySha256, head.contentType().toLowerCase(Locale.ROOT).contains("json")
                || startsLikeJson);
        if (blobs.exists(key)) {
            return key;
        }
        putMetadata(key, executionDate, head, bodySha256, bodyBytes);
        blobs.put(key, gzipped, Visibility.PRIVATE);
        return key;
    }

    private static String key(LocalDate executionDate, RawExchange exchange, String bodySha256, boolean json) {
        return RawKeys.key(exchange.source(), exchange.endpoint(), executionDate,
                requestHash(exchange.method(), exchange.redactedUrl()), bodySha256.substring(0, 16), json ? "json" : "txt");
    }

    /** Metadata first, so a body that exists always has its metadata. */
    private void putMetadata(String key, LocalDate executionDate, RawExchange exchange, String bodySha256, long bodyBytes)
            throws IOException {
        String metaKey = key + META_SUFFIX;
        if (!blobs.exists(metaKey)) {
            blobs.put(metaKey, metadata(executionDate, exchange, bodySha256, bodyBytes), Visibility.PRIVATE);
        }
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        Optional<byte[]> stored = blobs.get(key);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored.get()))) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new IOException("raw object " + blobs.describe(key) + " is not gzip: " + e.getMessage(), e);
        }
    }

    /** Body keys (never the metadata objects) under {@code prefix} within the raw zone, ascending. */
    @Override
    public List<String> list(String prefix) throws IOException {
        return blobs.list(prefix).stream()
                .filter(k -> k.startsWith(RawKeys.ROOT) && !k.endsWith(META_SUFFIX))
                .toList();
    }

    @Override
    public void keepManifest(LocalDate executionDate, String taskId, String runId, Instant at, java.util.Collection<String> keys)
            throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("task", taskId);
        manifest.put("execution_date", executionDate.toString());
        manifest.put("run", runId);
        manifest.put("at", at.toString());
        manifest.put("keys", new java.util.TreeSet<>(keys));
        // Strictly after the newest manifest, so the newest run sorts last even within one millisecond or
        // when the clock stepped back.
        long millis = at.toEpochMilli();
        List<String> existing = blobs.list(RawKeys.manifestPrefix(taskId, executionDate));
        if (!existing.isEmpty()) {
            String newest = existing.get(existing.size() - 1);
            String name = newest.substring(newest.lastIndexOf('/') + 1);
            millis = Math.max(millis, Long.parseLong(name.substring(0, 13)) + 1);
        }
        blobs.put(RawKeys.manifestKey(taskId, executionDate, millis, runId),
                json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest), Visibility.PRIVATE);
    }

    @Override
    public Optional<List<String>> latestManifest(LocalDate executionDate, String taskId) throws IOException {
        List<String> manifests = blobs.list(RawKeys.manifestPrefix(taskId, executionDate));
        if (manifests.isEmpty()) {
            return Optional.empty();
        }
        String newest = manifests.get(manifests.size() - 1);
        byte[] bytes = blobs.get(newest).orElseThrow(() -> new IOException("raw manifest " + blobs.describe(newest) + " vanished"));
        List<String> keys = new ArrayList<>();
        json.readTree(bytes).path("keys").forEach(k -> keys.add(k.asText()));
        return Optional.of(keys);
    }

    /**
     * The answers kept for the request, oldest first. The request is matched by its hash first (the
     * same redacted URL); when none is found, by method, path and query whatever the base URL was
     * (the answers of the endpoint and date are few), so a replay still finds them after the
     * source's URL setting changed or when the source is gone.
     */
    @Override
    public List<RawRecord> answers(LocalDate executionDate, String source, String endpoint, String method,
                                   String redactedUrl, java.util.Collection<String> onlyKeys) throws IOException {
        String folder = RawKeys.prefix(source, endpoint, executionDate);
        java.util.function.Predicate<String> allowed = onlyKeys == null ? k -> true : java.util.Set.copyOf(onlyKeys)::contains;
        List<RawRecord> found = matching(folder + requestHash(method, redactedUrl) + "-", allowed, source, endpoint,
                (m, u) -> m.equals(method) && u.equals(redactedUrl));
        if (found.isEmpty()) {
            found = matching(folder, allowed, source, endpoint, (m, u) -> m.equals(method) && sameRequestElsewhere(u, redactedUrl));
        }
        found.sort(Comparator.comparing((RawRecord r) -> r.exchange().receivedAt()).thenComparing(RawRecord::key));
        return found;
    }

    private List<RawRecord> matching(String prefix, java.util.function.Predicate<String> allowed, String source, String endpoint,
                                     java.util.function.BiPredicate<String, String> sameRequest) throws IOException {
        List<RawRecord> found = new ArrayList<>();
        for (String key : list(prefix)) {
            if (!allowed.test(key)) {
                continue;
            }
            byte[] metaBytes = blobs.get(key + META_SUFFIX)
                    .orElseThrow(() -> new IOException("raw object " + blobs.describe(key) + " has no metadata"));
            JsonNode meta = json.readTree(metaBytes);
            String method = meta.path("method").asText();
            String url = meta.path("url").asText();
            if (!sameRequest.test(method, url)) {
                continue;
            }
            byte[] body = read(key).orElseThrow(() -> new IOException("raw object " + blobs.describe(key) + " vanished"));
            found.add(new RawRecord(key, new RawExchange(source, endpoint, method, url, meta.path("status").asInt(),
                    meta.path("content_type").asText(""), body, Instant.parse(meta.path("received_at").asText()))));
        }
        return found;
    }

    /**
     * The same request sent to another base URL: the same query, and one path ends with the other
     * at a segment boundary ({@code /api4/public/coins/STX/v1} and {@code /coins/STX/v1}).
     */
    static boolean sameRequestElsewhere(String a, String b) {
        java.net.URI x;
        java.net.URI y;
        try {
            x = java.net.URI.create(a);
            y = java.net.URI.create(b);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!java.util.Objects.equals(x.getRawQuery(), y.getRawQuery()) || x.getRawPath() == null || y.getRawPath() == null) {
            return false;
        }
        String longer = x.getRawPath().length() >= y.getRawPath().length() ? x.getRawPath() : y.getRawPath();
        String shorter = longer == x.getRawPath() ? y.getRawPath() : x.getRawPath();
        return longer.equals(shorter) || (shorter.startsWith("/") && longer.endsWith(shorter));
    }

    static String requestHash(String method, String redactedUrl) {
        return sha256Hex((method + " " + redactedUrl).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    private byte[] metadata(LocalDate executionDate, RawExchange exchange, String bodySha256, long bodyBytes)
            throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("source", exchange.source());
        meta.put("endpoint", exchange.endpoint());
        meta.put("execution_date", executionDate.toString());
        meta.put("method", exchange.method());
        meta.put("url", exchange.redactedUrl());
        meta.put("status", exchange.status());
        meta.put("content_type", exchange.contentType());
        meta.put("received_at", exchange.receivedAt().toString());
        meta.put("body_sha256", bodySha256);
        meta.put("body_bytes", bodyBytes);
        return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta);
    }

    static boolean looksLikeJson(String contentType, byte[] body) {
        if (contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return true;
        }
        for (byte b : body) {
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                continue;
            }
            return b == '{' || b == '[';
        }
        return false;
    }

    /** Gzip with a fixed header (Java writes no file name and a zero modification time): same body, same bytes. */
    static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        }
        return out.toByteArray();
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
