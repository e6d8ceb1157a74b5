package io.stacksdataverse.extract.http;

import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * Spaces request starts of one source at least {@code 1 / permitsPerSecond} apart, across all
 * threads that share it.
 */
public final class RateLimiter {
    private final long intervalNanos;
    private final Sleeper sleeper;
    private long nextFreeNanos;

    public RateLimiter(double permitsPerSecond, Sleeper sleeper) {
        if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("permits per second must be a positive number, got " + permitsPerSecond);
        }
        this.intervalNanos = (long) (1_000_000_000L / permitsPerSecond);
        this.sleeper = sleeper;
        this.nextFreeNanos = System.nanoTime();
    }

    /** Blocks until the next request may start; returns how long it waited. */
    public Duration acquire() throws InterruptedIOException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long start = Math.max(now, nextFreeNanos);
            nextFreeNanos = start + intervalNanos;
            wait = start - now;
        }
        Duration d = Duration.ofNanos(wait);
        if (wait > 0) {
            sleeper.sleep(d);
        }
        return d;
    }
}
