package io.stacksdataverse.extract.http;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries a request again on HTTP 429, 5xx, I/O errors (a body that breaks off too) and answers the
 * source marks as throttled, waiting as {@link RetryPolicy} says: {@code Retry-After} (seconds or an
 * HTTP date) when the server sends one, else the exponential {@link io.stacksdataverse.spi.Backoff}.
 * The answer it returns has its whole body read (and so kept raw), at most {@link #MAX_BODY_BYTES}.
 */
final class RetryInterceptor implements Interceptor {
    static final int MAX_BODY_BYTES = 256 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger("io.stacksdataverse.http");

    /** Each attempt is a call of its own, so the call timeout bounds one attempt, not the retries and their waits. */
    private final Call.Factory attempts;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Random random;
    private final Predicate<byte[]> throttledAnswer;
    private final Redactor redactor;

    /** @param throttledAnswer which 2xx bodies are a throttling in disguise; {@code null} for none */
    RetryInterceptor(Call.Factory attempts, RetryPolicy policy, Sleeper sleeper, Clock clock, Random random,
                     Predicate<byte[]> throttledAnswer, Redactor redactor) {
        this.attempts = attempts;
        this.policy = policy;
        this.sleeper = sleeper;
        this.clock = clock;
        this.random = random;
        this.throttledAnswer = throttledAnswer;
        this.redactor = redactor;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        CallState call = CallState.of(request);
        for (int attempt = 1; ; attempt++) {
            call.attempts = attempt;
            Response response = null;
            try {
                response = attempts.newCall(request).execute();
                readWholeBody(call, response);
            } catch (SourceException e) {
                closeQuietly(response);
                throw e;
            } catch (IOException e) {
                closeQuietly(response);
                String problem = "I/O error: " + redactor.text(String.valueOf(e.getMessage()));
                call.failures.add(problem);
                LOG.warn("{} {} -> {} (attempt {}/{})", call.source, call.shown, problem, attempt, policy.maxAttempts());
                if (attempt >= policy.maxAttempts()) {
                    throw call.failure(-1, "failed after " + attempt + " attempts: " + call.summary(), null);
                }
                sleep(call, policy.backoff(attempt, Optional.empty(), random));
                continue;
            }
            int status = response.code();
            boolean throttled = status >= 200 && status <= 299 && throttledAnswer != null
                    && throttledAnswer.test(response.body().source().peek().readByteArray());
            if ((!RetryPolicy.isRetryableStatus(status) && !throttled) || attempt >= policy.maxAttempts()) {
                return response;
            }
            Optional<Duration> retryAfter = parseRetryAfter(response.header("Retry-After"), clock);
            response.close();
            call.failures.add(throttled ? "HTTP " + status + " with a rate-limit answer" : "HTTP " + status);
            LOG.warn("{} {} -> HTTP {} in {} ms (attempt {}/{}){}", call.source, call.shown, status, call.attemptMillis(),
                    attempt, policy.maxAttempts(), retryAfter.map(d -> ", Retry-After " + d.toSeconds() + " s").orElse(""));
            if (retryAfter.isPresent() && retryAfter.get().compareTo(policy.maxRetryAfter()) > 0) {
                throw call.failure(status, "HTTP " + status + " with Retry-After of " + retryAfter.get().toSeconds()
                        + " s, longer than the " + policy.maxRetryAfter().toSeconds() + " s we wait", null);
            }
            sleep(call, policy.backoff(attempt, retryAfter, random));
        }
    }

    /** Reads the body into the response's buffer, so a body that breaks off is retried like any I/O error. */
    private static void readWholeBody(CallState call, Response response) throws IOException {
        BufferedSource in = response.body().source();
        if (in.request(MAX_BODY_BYTES + 1L)) {
            throw call.failure(response.code(), "response body is larger than the limit of " + MAX_BODY_BYTES + " bytes",
                    null);
        }
    }

    private void sleep(CallState call, Duration d) throws SourceException {
        try {
            sleeper.sleep(d);
        } catch (IOException e) {
            throw call.failure(-1, "interrupted during retry backoff", e);
        }
    }

    private static void closeQuietly(Response response) {
        if (response != null) {
            response.close();
        }
    }

    /** {@code Retry-After} as a wait: a number of seconds or an HTTP date (a date past is no wait). */
    static Optional<Duration> parseRetryAfter(String header, Clock clock) {
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
}
