package io.stacksdataverse.extract.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stacksdataverse.paths.RawKeys;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.RawExchange;
import io.stacksdataverse.spi.RawRecord;
import io.stacksdataverse.spi.RawRecorder;
import io.stacksdataverse.spi.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP client of one source (CryptoCompare, the Stacks API, …). Every call:
 * <ol>
 *   <li>waits for the source's rate limit;</li>
 *   <li>sends the API key as a header, never in the URL;</li>
 *   <li>retries 429, 5xx, I/O errors and answers the source marks as throttled with exponential backoff
 *       and jitter, honouring {@code Retry-After};</li>
 *   <li>keeps every response verbatim in the raw zone <em>before</em> anything parses it (retried
 *       answers too);</li>
 *   <li>never follows a redirect (a key in a custom header would follow it to another host);</li>
 *   <li>logs one line per request with the URL redacted, and fails with a {@link SourceException}
 *       that names the source and the redacted request.</li>
 * </ol>
 */
public final class SourceHttpClient {
    private static final Logger LOG = LoggerFactory.getLogger("io.stacksdataverse.http");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final int MAX_BODY_BYTES = 256 * 1024 * 1024;

    private final String source;
    private final HttpUrl baseUrl;
    private final OkHttpClient http;
    private final Optional<Secret> apiKey;
    private final String authHeaderName;
    private final Function<String, String> authHeaderValue;
    private final RateLimiter rateLimiter;
    private final RetryPolicy retryPolicy;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Redactor redactor;
    private final Random random;
    private final java.util.function.Predicate<byte[]> retryableAnswer;

    private SourceHttpClient(Builder b) {
        this.source = b.source;
        this.baseUrl = b.baseUrl;
        this.apiKey = b.apiKey;
        this.authHeaderName = b.authHeaderName;
        this.authHeaderValue = b.authHeaderValue;
        this.sleeper = b.sleeper;
        this.rateLimiter = new RateLimiter(b.permitsPerSecond, b.sleeper);
        this.retryPolicy = b.retryPolicy;
        this.clock = b.clock;
        this.random = b.random;
        this.retryableAnswer = b.retryableAnswer;
        this.redactor = new Redactor(b.apiKey.map(List::of).orElse(List.of()));
        this.http = b.baseClient.newBuilder()
                .callTimeout(b.callTimeout)
                .readTimeout(b.readTimeout)
                .connectTimeout(b.connectTimeout)
                .build();
    }

    public static Builder builder(String source) {
        return new Builder(source);
    }

    /** A builder configured from the source's settings ({@link HttpSourceSettings.Source#read}). */
    public static Builder fromConfig(HttpSourceSettings.Source source, Config config) {
        HttpSourceSettings settings = source.read(config);
        Builder b = builder(source.name())
                .baseUrl(settings.baseUrl())
                .permitsPerSecond(settings.permitsPerSecond())
                .retryPolicy(new RetryPolicy(settings.maxAttempts(), RetryPolicy.DEFAULT.initialBackoff(),
                        RetryPolicy.DEFAULT.maxBackoff(), RetryPolicy.DEFAULT.maxRetryAfter()))
                .callTimeout(settings.callTimeout())
                .readTimeout(settings.readTimeout());
        settings.apiKey().ifPresent(b::apiKey);
        return b;
    }

    public String source() {
        return source;
    }

    public HttpUrl baseUrl() {
        return baseUrl;
    }

    /** The base URL as it may be shown: no user info, no secret parameters. */
    public String describeBaseUrl() {
        return redactor.url(baseUrl);
    }

    public boolean hasApiKey() {
        return apiKey.isPresent();
    }

    /** The redactor of this source's secrets. */
    public Redactor redactor() {
        return redactor;
    }

    /**
     * The URL of {@code path} (relative to the base URL, which may itself have a path) with the query
     * parameters in name order, so the same request always has the same URL (and raw-zone key).
     */
    public HttpUrl url(String path, Map<String, String> query) {
        HttpUrl.Builder b = baseUrl.newBuilder();
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (!p.isEmpty()) {
            b.addPathSegments(p);
        }
        new java.util.TreeMap<>(query).forEach(b::addQueryParameter);
        return b.build();
    }

    /** GET {@code path} and return the body; a non-2xx final answer is a {@link SourceException}. */
    public HttpResult get(RawRecorder raw, String path, Map<String, String> query) throws SourceException {
        HttpUrl url = url(path, query);
        return execute(raw, RawKeys.endpointSegment(path), new Request.Builder().url(url).get());
    }

    /** GET {@code path} and parse the body as JSON; malformed or truncated JSON is a {@link SourceException}. */
    public JsonResult getJson(RawRecorder raw, String path, Map<String, String> query) throws SourceException {
        HttpResult result = get(raw, path, query);
        return new JsonResult(result, parse(result));
    }

    private JsonNode parse(HttpResult result) throws SourceException {
        if (result.body().length == 0) {
            throw result.malformed("empty body where JSON was expected");
        }
        try {
            JsonNode node = JSON.readTree(result.body());
            if (node == null || node.isMissingNode()) {
                throw result.malformed("empty body where JSON was expected");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw result.malformed("malformed JSON (" + result.body().length + " bytes, raw copy "
                    + result.rawKey() + "): " + redactor.text(jacksonProblem(e))
                    + (e.getLocation() == null ? "" : " at " + e.getLocation().offsetDescription()));
        } catch (IOException e) {
            throw result.malformed("unreadable body: " + redactor.text(e.getMessage()));
        }
    }

    /** The failures of the attempts, each distinct one once: {@code HTTP 503 (x2); I/O error: timeout}. */
    private static String summarize(List<String> failures) {
        java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        failures.forEach(f -> counts.merge(f, 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((f, n) -> parts.add(n == 1 ? f : f + " (x" + n + ")"));
        return String.join("; ", parts);
    }

    /** Jackson's message without its source-reference noise. */
    private static String jacksonProblem(JsonProcessingException e) {
        return String.valueOf(e.getOriginalMessage())
                .replaceAll("\\s*\\(start marker at \\[Source: [^\\]]*; (line: \\d+, column: \\d+)\\]\\)", " (opened at $1)");
    }

    private HttpResult execute(RawRecorder raw, String endpoint, Request.Builder requestBuilder) throws SourceException {
        apiKey.ifPresent(k -> requestBuilder.header(authHeaderName, authHeaderValue.apply(k.reveal())));
        requestBuilder.header("Accept", "application/json");
        Request request = requestBuilder.build();
        String shown = request.method() + " " + redactor.url(request.url());
        if (raw.replaying()) {
            return replay(raw, endpoint, request, shown);
        }
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            try {
                rateLimiter.acquire();
            } catch (IOException e) {
                throw new SourceException(source, shown, -1, "interrupted while waiting for the rate limit", e);
            }
            long started = System.nanoTime();
            int status;
            byte[] body;
            String contentType;
            Optional<Duration> retryAfter;
            String location;
            try (Response response = http.newCall(request).execute()) {
                status = response.code();
                location = response.header("Location");
                retryAfter = parseRetryAfter(response.header("Retry-After"));
                ResponseBody rb = response.body();
                contentType = Optional.ofNullable(rb.contentType()).map(Object::toString).orElse("");
                okio.BufferedSource in = rb.source();
                if (in.request(MAX_BODY_BYTES + 1L)) {
                    throw new SourceException(source, shown, status, "response body is larger than the limit of "
                            + MAX_BODY_BYTES + " bytes", null);
                }
                body = in.readByteArray();
            } catch (SourceException e) {
                throw e;
            } catch (IOException e) {
                String problem = "I/O error: " + redactor.text(String.valueOf(e.getMessage()));
                failures.add(problem);
                LOG.warn("{} {} -> {} (attempt {}/{})", source, shown, problem, attempt, retryPolicy.maxAttempts());
                if (attempt >= retryPolicy.maxAttempts()) {
                    throw new SourceException(source, shown, -1, "failed after " + attempt + " attempts: "
                            + summarize(failures), null);
                }
                sleep(shown, retryPolicy.backoff(attempt, Optional.empty(), random));
                continue;
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            String rawKey = keepRaw(raw, endpoint, request, status, contentType, body, shown);
            boolean throttledIn2xx = status >= 200 && status <= 299 && retryableAnswer.test(body);
            if ((RetryPolicy.isRetryableStatus(status) || throttledIn2xx) && attempt < retryPolicy.maxAttempts()) {
                failures.add(throttledIn2xx ? "HTTP " + status + " with a rate-limit answer" : "HTTP " + status);
                LOG.warn("{} {} -> HTTP {} in {} ms (attempt {}/{}){}", source, shown, status, millis, attempt,
                        retryPolicy.maxAttempts(), retryAfter.map(d -> ", Retry-After " + d.toSeconds() + " s").orElse(""));
                if (retryAfter.isPresent() && retryAfter.get().compareTo(retryPolicy.maxRetryAfter()) > 0) {
                    throw new SourceException(source, shown, status, "HTTP " + status + " with Retry-After of "
                            + retryAfter.get().toSeconds() + " s, longer than the " + retryPolicy.maxRetryAfter().toSeconds()
                            + " s we wait", null);
                }
                sleep(shown, retryPolicy.backoff(attempt, retryAfter, random));
                continue;
            }
            LOG.info("{} {} -> HTTP {} in {} ms, {} bytes{}", source, shown, status, millis, body.length,
                    rawKey.isEmpty() ? "" : ", raw " + rawKey);
            if (status >= 300 && status <= 399) {
                throw new SourceException(source, shown, status, "HTTP " + status + " redirect to "
                        + redactor.text(String.valueOf(location))
                        + ": redirects are not followed (the API key would go along); configure the final URL", null);
            }
            if (status < 200 || status > 299) {
                String prior = failures.isEmpty() ? "" : " after " + attempt + " attempts (" + summarize(failures) + ")";
                throw new SourceException(source, shown, status, "HTTP " + status + prior + ": " + snippet(body), null);
            }
            if (!rawKey.isEmpty()) {
                raw.used(rawKey);
            }
            return new HttpResult(source, shown, status, body, rawKey);
        }
    }

    /** The answer the raw zone kept for this request, instead of a call: a replay sends nothing. */
    private HttpResult replay(RawRecorder raw, String endpoint, Request request, String shown) throws SourceException {
        RawRecord kept;
        try {
            kept = raw.replay(source, endpoint, request.method(), redactor.url(request.url())).orElseThrow(() ->
                    new SourceException(source, shown, -1, "replay: the raw zone keeps no answer to this request for the"
                            + " run's execution date (the original run must have made exactly this request)", null));
        } catch (SourceException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SourceException(source, shown, -1, "replay: cannot read the raw zone: " + redactor.text(e.getMessage()), e);
        }
        int status = kept.exchange().status();
        byte[] body = kept.exchange().body();
        LOG.info("{} {} -> HTTP {} replayed from raw {}", source, shown, status, kept.key());
        if (status < 200 || status > 299) {
            throw new SourceException(source, shown, status, "HTTP " + status + " (replayed from raw " + kept.key() + "): "
                    + snippet(body), null);
        }
        raw.used(kept.key());
        return new HttpResult(source, shown, status, body, kept.key());
    }

    private String keepRaw(RawRecorder raw, String endpoint, Request request, int status, String contentType,
                           byte[] body, String shown) throws SourceException {
        try {
            return raw.record(new RawExchange(source, endpoint, request.method(), redactor.url(request.url()), status,
                    contentType, body, clock.instant()));
        } catch (IOException | RuntimeException e) {
            throw new SourceException(source, shown, status, "cannot keep the raw response: " + redactor.text(e.getMessage()), e);
        }
    }

    private void sleep(String shown, Duration d) throws SourceException {
        try {
            sleeper.sleep(d);
        } catch (IOException e) {
            throw new SourceException(source, shown, -1, "interrupted during retry backoff", e);
        }
    }

    private String snippet(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        return redactor.text(text.isEmpty() ? "(empty body)" : text + (body.length > 300 ? "…" : ""));
    }

    Optional<Duration> parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String h = header.trim();
        if (h.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(h)));
        }
        try {
            Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(clock.instant(), at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A parsed JSON answer, with the request it answered (to name it in errors). */
    public record JsonResult(HttpResult http, JsonNode json) {
        public SourceException malformed(String problem) {
            return http.malformed(problem);
        }
    }

    /** Builds a {@link SourceHttpClient}; only the source name and base URL are required. */
    public static final class Builder {
        private final String source;
        private HttpUrl baseUrl;
        private Optional<Secret> apiKey = Optional.empty();
        private String authHeaderName = "Authorization";
        private Function<String, String> authHeaderValue = key -> "Bearer " + key;
        private double permitsPerSecond = 5;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private Sleeper sleeper = Sleeper.SYSTEM;
        private Clock clock = Clock.systemUTC();
        private Random random = new Random();
        private OkHttpClient baseClient = SharedHttp.base();
        private Duration callTimeout = Duration.ofSeconds(60);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private java.util.function.Predicate<byte[]> retryableAnswer = body -> false;

        private Builder(String source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        public Builder baseUrl(String url) {
            HttpUrl parsed = HttpUrl.parse(url);
            if (parsed == null) {
                throw new IllegalArgumentException(source + ": base URL is not an http(s) URL: " + url);
            }
            this.baseUrl = parsed;
            return this;
        }

        public Builder apiKey(Secret key) {
            this.apiKey = Optional.of(key);
            return this;
        }

        /** How the key is sent, e.g. {@code ("Authorization", k -> "Apikey " + k)} or {@code ("x-api-key", k -> k)}. */
        public Builder authHeader(String name, Function<String, String> value) {
            this.authHeaderName = name;
            this.authHeaderValue = value;
            return this;
        }

        public Builder permitsPerSecond(double permitsPerSecond) {
            this.permitsPerSecond = permitsPerSecond;
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = policy;
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder random(Random random) {
            this.random = random;
            return this;
        }

        public Builder baseClient(OkHttpClient client) {
            this.baseClient = client;
            return this;
        }

        public Builder callTimeout(Duration timeout) {
            this.callTimeout = timeout;
            return this;
        }

        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Which successful (2xx) answers are a throttling in disguise, to be retried like a 429 (e.g.
         * CryptoCompare's rate-limit error, sent with HTTP 200).
         */
        public Builder retryableAnswer(java.util.function.Predicate<byte[]> retryable) {
            this.retryableAnswer = Objects.requireNonNull(retryable, "retryable");
            return this;
        }

        public SourceHttpClient build() {
            if (baseUrl == null) {
                throw new IllegalStateException(source + ": no base URL");
            }
            return new SourceHttpClient(this);
        }
    }
}
