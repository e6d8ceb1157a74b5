package io.stacksdataverse.runners;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Interrupts the thread running a task when the task's time is up. One watchdog thread per
 * attempt, ended by {@link #close()}, so nothing outlives the attempt in an embedding JVM.
 */
final class TaskDeadline implements AutoCloseable {
    private final Thread watched;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread watchdog;
    private volatile boolean expired;
    private boolean closed;

    private TaskDeadline(String taskId, Duration limit) {
        this.watched = Thread.currentThread();
        if (limit.isZero() || limit.isNegative()) {
            this.watchdog = null;
            return;
        }
        this.watchdog = new Thread(() -> {
            try {
                if (!ended.await(limit.toNanos(), TimeUnit.NANOSECONDS)) {
                    expired = true;
                    watched.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dataverse-deadline-" + taskId);
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Starts watching the current thread; a zero {@code limit} never interrupts it. */
    static TaskDeadline start(String taskId, Duration limit) {
        return new TaskDeadline(taskId, limit);
    }

    /** Whether the time ran out (and the task's thread was interrupted). */
    boolean expired() {
        return expired;
    }

    /**
     * Stops watching (a second call does nothing); clears the interrupt this deadline caused, so it
     * does not reach the caller's next work, and keeps any other.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ended.countDown();
        if (watchdog == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                watchdog.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // someone else's interrupt (a stop): kept for the caller below
            }
        }
        if (expired) {
            Thread.interrupted();
        }
        if (interrupted) {
            watched.interrupt();
        }
    }
}
