package io.stacksdataverse.extract.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stacksdataverse.paths.RawKeys;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.RawRecorder;
import io.stacksdataverse.spi.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
 * Each step is an OkHttp interceptor on a client derived from {@link SharedHttp}:
 * {@link ReplayInterceptor}, {@link RetryInterceptor}, then per attempt {@link RateLimitInterceptor}
 * and {@link RawCaptureInterceptor}; a replay answers from the raw zone and sends nothing.
 */
public final class SourceHttpClient {
    private static final Logger LOG = LoggerFactory.getLogger("io.stacksdataverse.http");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final String source;
    private final HttpUrl baseUrl;
    private final OkHttpClient http;
    private final Optional<Secret> apiKey;
    private final String authHeaderName;
    private final Function<String, String> authHeaderValue;
    private final Clock clock;
    private final Redactor redactor;

    private SourceHttpClient(Builder b) {
        this.source = b.source;
        this.baseUrl = b.baseUrl;
        this.apiKey = b.apiKey;
        this.authHeaderName = b.authHeaderName;
        this.authHeaderValue = b.authHeaderValue;
        this.clock = b.clock;
        this.redactor = new Redactor(b.apiKey.map(List::of).orElse(List.of()));
        // Two clients over the shared one's pool and dispatcher: the outer replays or retries, each
        // retry is a call of the inner one, which waits for the rate limit and keeps the raw copy.
        OkHttpClient attempts = b.baseClient.newBuilder()
                .callTimeout(b.callTimeout)
                .readTimeout(b.readTimeout)
                .connectTimeout(b.connectTimeout)
                .addInterceptor(new RateLimitInterceptor(new RateLimiter(b.permitsPerSecond, b.sleeper)))
                .addInterceptor(new RawCaptureInterceptor(b.clock, redactor))
                .build();
        this.http = b.baseClient.newBuilder()
                .callTimeout(Duration.ZERO)
                .addInterceptor(new ReplayInterceptor(redactor))
                .addInterceptor(new RetryInterceptor(attempts, b.retryPolicy, b.sleeper, b.clock, b.random,
                        b.retryableAnswer, redactor))
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
        return execute(raw, RawKeys.endpointSegment(redactor.text(path)), new Request.Builder().url(url).get());
    }

    /** GET {@code path} and parse the body as JSON; malformed or truncated JSON is a {@link SourceException}. */
    public JsonResult getJson(RawRecorder raw, String path, Map<String, String> query) throws SourceException {
        HttpResult result = get(raw, path, query);
        return new JsonResult(result, parse(result));
    }

    /**
     * POST a JSON body to {@code path} and parse the answer as JSON. {@code key} names what the body
     * asks (for instance a call's arguments): it becomes the URL's fragment, which is never sent, so
     * the raw zone tells two calls to one URL apart and a replay answers each with its own.
     */
    public JsonResult postJson(RawRecorder raw, String path, Map<String, String> query, String jsonBody, String key)
            throws SourceException {
        HttpUrl url = url(path, query).newBuilder().fragment(key).build();
        HttpResult result = execute(raw, RawKeys.endpointSegment(redactor.text(path)), new Request.Builder().url(url)
                .post(okhttp3.RequestBody.create(jsonBody, okhttp3.MediaType.get("application/json"))));
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

    /** Jackson's message without its source-reference noise. */
    private static String jacksonProblem(JsonProcessingException e) {
        return String.valueOf(e.getOriginalMessage())
                .replaceAll("\\s*\\(start marker at \\[Source: [^\\]]*; (line: \\d+, column: \\d+)\\]\\)", " (opened at $1)");
    }

    private HttpResult execute(RawRecorder raw, String endpoint, Request.Builder requestBuilder) throws SourceException {
        apiKey.ifPresent(k -> requestBuilder.header(authHeaderName, authHeaderValue.apply(k.reveal())));
        requestBuilder.header("Accept", "application/json");
        HttpUrl url = requestBuilder.build().url();
        String method = requestBuilder.build().method();
        String redactedUrl = redactor.url(url);
        CallState call = new CallState(source, raw, endpoint, redactedUrl, method + " " + redactedUrl);
        Request request = requestBuilder.tag(CallState.class, call).build();
        int status;
        String location;
        byte[] body;
        try (Response response = http.newCall(request).execute()) {
            status = response.code();
            location = response.header("Location");
            body = response.body().source().readByteArray(); // read whole already: the retries needed all of it
        } catch (SourceException e) {
            throw e;
        } catch (IOException e) {
            throw call.failure(-1, "I/O error: " + redactor.text(String.valueOf(e.getMessage())), e);
        }
        return call.replayed ? replayed(call, status, body) : answered(call, status, location, body);
    }

    /** The final answer of the source: a 2xx is the result, anything else a {@link SourceException}. */
    private HttpResult answered(CallState call, int status, String location, byte[] body) throws SourceException {
        LOG.info("{} {} -> HTTP {} in {} ms, {} bytes{}", source, call.shown, status, call.attemptMillis(), body.length,
                call.rawKey.isEmpty() ? "" : ", raw " + call.rawKey);
        if (status >= 300 && status <= 399) {
            throw call.failure(status, "HTTP " + status + " redirect to " + redactor.text(String.valueOf(location))
                    + ": redirects are not followed (the API key would go along); configure the final URL", null);
        }
        if (status < 200 || status > 299) {
            String prior = call.failures.isEmpty() ? "" : " after " + call.attempts + " attempts (" + call.summary() + ")";
            throw call.failure(status, "HTTP " + status + prior + ": " + snippet(body), null);
        }
        if (!call.rawKey.isEmpty()) {
            call.raw.used(call.rawKey);
        }
        return new HttpResult(source, call.shown, status, body, call.rawKey);
    }

    /** The answer the raw zone kept for this request, instead of a call ({@link ReplayInterceptor}). */
    private HttpResult replayed(CallState call, int status, byte[] body) throws SourceException {
        LOG.info("{} {} -> HTTP {} replayed from raw {}", source, call.shown, status, call.rawKey);
        if (status < 200 || status > 299) {
            throw call.failure(status, "HTTP " + status + " (replayed from raw " + call.rawKey + "): " + snippet(body), null);
        }
        call.raw.used(call.rawKey);
        return new HttpResult(source, call.shown, status, body, call.rawKey);
    }

    private String snippet(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        return redactor.text(text.isEmpty() ? "(empty body)" : text + (body.length > 300 ? "…" : ""));
    }

    Optional<Duration> parseRetryAfter(String header) {
        return RetryInterceptor.parseRetryAfter(header, clock);
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
        private java.util.function.Predicate<byte[]> retryableAnswer; // none: no 2xx answer is a throttling

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
