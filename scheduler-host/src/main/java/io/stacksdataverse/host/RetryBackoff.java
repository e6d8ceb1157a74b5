package io.stacksdataverse.host;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import io.stacksdataverse.spi.Backoff;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When a failed attempt is tried again: {@code base} after the first failure, twice as long after
 * each further one, never more than {@code max}, each delay spread by ±{@code jitter} (a fraction)
 * so that tasks that failed together (a source down for everyone) do not all come back at once.
 * The waits are {@link Backoff}'s, the same as an HTTP request's retries.
 */
public final class RetryBackoff<T> implements FailureHandler<T> {
    private final Duration base;
    private final Duration max;
    private final double jitter;
    private final DoubleSupplier random;
    private final Backoff backoff;

    /**
     * @param jitter between 0 and 1
     * @param random uniform in [0, 1)
     */
    public RetryBackoff(Duration base, Duration max, double jitter, DoubleSupplier random) {
        this.backoff = new Backoff(base, max, Backoff.Jitter.symmetric(jitter));
        this.base = base;
        this.max = max;
        this.jitter = jitter;
        this.random = random;
    }

    /** The same waits, for another kind of execution. */
    public RetryBackoff(RetryBackoff<?> other) {
        this(other.base, other.max, other.jitter, other.random);
    }

    /** The wait before the attempt that follows failure number {@code failures} (1 for the first). */
    public Duration delayAfter(int failures) {
        return backoff.delayAfter(failures, random.getAsDouble());
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
