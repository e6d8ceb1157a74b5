package io.stacksdataverse.host;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When a failed attempt is tried again: {@code base} after the first failure, twice as long after
 * each further one, never more than {@code max}, each delay spread by ±{@code jitter} (a fraction)
 * so that tasks that failed together (a source down for everyone) do not all come back at once.
 */
public final class RetryBackoff<T> implements FailureHandler<T> {
    private final Duration base;
    private final Duration max;
    private final double jitter;
    private final DoubleSupplier random;

    /**
     * @param jitter between 0 and 1
     * @param random uniform in [0, 1)
     */
    public RetryBackoff(Duration base, Duration max, double jitter, DoubleSupplier random) {
        if (base.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("retry delays must not be negative, got base " + base + ", max " + max);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("retry jitter must lie in [0, 1], got " + jitter);
        }
        this.base = base;
        this.max = max.compareTo(base) < 0 ? base : max; // a first wait above the longest one raises the longest
        this.jitter = jitter;
        this.random = random;
    }

    /** The same waits, for another kind of execution. */
    public RetryBackoff(RetryBackoff<?> other) {
        this(other.base, other.max, other.jitter, other.random);
    }

    /** The wait before the attempt that follows failure number {@code failures} (1 for the first). */
    public Duration delayAfter(int failures) {
        double millis = base.toMillis();
        for (int i = 1; i < failures && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        millis = Math.min(millis, max.toMillis());
        double spread = 1 + jitter * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.round(Math.min(millis * spread, max.toMillis())));
    }

    @Override
    public void onFailure(ExecutionComplete complete, ExecutionOperations<T> operations) {
        if (complete.getCause().filter(c -> c instanceof DagScheduler.StoppedBeforeEnd).isPresent()) {
            operations.reschedule(complete, complete.getTimeDone()); // cut short by a stop: due again at once
            return;
        }
        int failures = complete.getExecution().consecutiveFailures + 1;
        operations.reschedule(complete, complete.getTimeDone().plus(delayAfter(failures)));
    }
}
