package io.stacksdataverse.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait before trying again, shared by HTTP request retries and task retries:
 * {@code first} after the first failure, twice as long after each further one, never more than
 * {@code max}, then spread by a {@link Jitter} so that clients that failed together drift apart.
 */
public final class Backoff {
    private final long firstMillis;
    private final long maxMillis;
    private final Jitter jitter;

    /** A first wait above the longest one raises the longest. */
    public Backoff(Duration first, Duration max, Jitter jitter) {
        if (first.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("retry delays must not be negative, got base " + first + ", max " + max);
        }
        this.firstMillis = first.toMillis();
        this.maxMillis = Math.max(max.toMillis(), firstMillis);
        this.jitter = Objects.requireNonNull(jitter, "jitter");
    }

    /** The wait before the attempt that follows failure number {@code failures} (1 for the first), before jitter. */
    public long ceilingMillis(int failures) {
        double millis = firstMillis;
        for (int i = 1; i < failures && millis < maxMillis; i++) {
            millis *= 2;
        }
        return (long) Math.min(millis, maxMillis);
    }

    /** The wait after failure number {@code failures}, {@code uniform} drawn uniformly from [0, 1). */
    public Duration delayAfter(int failures, double uniform) {
        return Duration.ofMillis(jitter.spread(ceilingMillis(failures), maxMillis, uniform));
    }

    /** Spreads a wait; {@code uniform} is drawn uniformly from [0, 1). */
    @FunctionalInterface
    public interface Jitter {
        long spread(long ceilingMillis, long maxMillis, double uniform);

        /** No spread. */
        Jitter NONE = (ceiling, max, uniform) -> ceiling;

        /** Uniformly in [ceiling / 2, ceiling]: never longer than the ceiling. */
        Jitter EQUAL = (ceiling, max, uniform) -> {
            long half = ceiling / 2;
            return half + (ceiling - half == 0 ? 0 : (long) (uniform * (ceiling - half)));
        };

        /** Uniformly within ± {@code fraction} (0 to 1) of the ceiling, never past the longest wait. */
        static Jitter symmetric(double fraction) {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("retry jitter must lie in [0, 1], got " + fraction);
            }
            return (ceiling, max, uniform) -> {
                double spread = 1 + fraction * (2 * uniform - 1);
                return Math.round(Math.min(ceiling * spread, max));
            };
        }
    }
}
