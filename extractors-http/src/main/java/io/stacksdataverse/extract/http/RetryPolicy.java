package io.stacksdataverse.extract.http;

import io.stacksdataverse.spi.Backoff;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * When and how long to wait before trying a request again: on HTTP 429, HTTP 5xx and I/O errors,
 * with {@link Backoff}'s exponential waits and equal jitter, or exactly the server's {@code Retry-After} when it
 * sends one (up to {@link #maxRetryAfter()}; a longer demand fails the request instead).
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(30),
            Duration.ofMinutes(2));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
    }

    public static boolean isRetryableStatus(int status) {
        return status == 429 || status >= 500;
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed attempts (1-based). */
    public Duration backoff(int attempt, Optional<Duration> retryAfter, Random random) {
        if (retryAfter.isPresent()) {
            return retryAfter.get();
        }
        // Equal jitter: uniformly in [bound / 2, bound], so two clients that failed together drift apart.
        return new Backoff(initialBackoff, maxBackoff, Backoff.Jitter.EQUAL).delayAfter(attempt, random.nextDouble());
    }
}
