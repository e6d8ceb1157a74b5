package io.stacksdataverse.extract.http;

import java.io.InterruptedIOException;
import java.time.Duration;

/** Waits; replaced in tests so backoff can be observed without waiting. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedIOException;

    Sleeper SYSTEM = duration -> {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanosPart() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting");
        }
    };
}
