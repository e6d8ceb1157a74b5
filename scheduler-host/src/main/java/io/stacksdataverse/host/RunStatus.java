package io.stacksdataverse.host;

import io.stacksdataverse.runners.TaskOutcome;

/**
 * Where a task of a run stands in the run log: before it ends ({@link #PLANNED}, {@link #RUNNING}),
 * ended with a {@link TaskOutcome.Status}, or given up ({@link #ABANDONED}). Stored by name.
 */
public enum RunStatus {
    PLANNED, RUNNING, SUCCEEDED, FAILED, SKIPPED, ABANDONED;

    /** Whether the task has ended: every status but PLANNED and RUNNING. */
    public boolean isTerminal() {
        return this != PLANNED && this != RUNNING;
    }

    /** The status of a task that ended with {@code outcome}. */
    public static RunStatus of(TaskOutcome.Status outcome) {
        return switch (outcome) {
            case SUCCEEDED -> SUCCEEDED;
            case FAILED -> FAILED;
            case SKIPPED -> SKIPPED;
        };
    }

    /** How an ended task counts for its downstream tasks and in a report: an abandoned one as failed. */
    public TaskOutcome.Status outcome() {
        return switch (this) {
            case SUCCEEDED -> TaskOutcome.Status.SUCCEEDED;
            case SKIPPED -> TaskOutcome.Status.SKIPPED;
            case FAILED, ABANDONED -> TaskOutcome.Status.FAILED;
            case PLANNED, RUNNING -> throw new IllegalStateException("a " + this + " task has not ended");
        };
    }
}
