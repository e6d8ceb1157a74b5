package io.stacksdataverse.host;

import io.stacksdataverse.runners.TaskOutcome;

/**
 * How one attempt of a task went ({@code dataverse_task_attempts}); stored by name. Besides a
 * task's outcomes: cut short by its host's stop ({@link #INTERRUPTED}), its host died
 * ({@link #LOST}), its run given up ({@link #ABANDONED}).
 */
public enum AttemptStatus {
    RUNNING, SUCCEEDED, FAILED, SKIPPED, INTERRUPTED, LOST, ABANDONED;

    /** The status of an attempt that ended the task with {@code outcome}. */
    public static AttemptStatus of(TaskOutcome.Status outcome) {
        return switch (outcome) {
            case SUCCEEDED -> SUCCEEDED;
            case FAILED -> FAILED;
            case SKIPPED -> SKIPPED;
        };
    }
}
