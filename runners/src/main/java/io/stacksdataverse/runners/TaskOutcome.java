package io.stacksdataverse.runners;

import io.stacksdataverse.spi.TaskResult;
import java.util.Optional;

/** How one task of a run ended. */
public record TaskOutcome(String taskId, Status status, Optional<TaskResult> result, String message) {

    public enum Status {
        SUCCEEDED, FAILED, SKIPPED
    }

    public static TaskOutcome succeeded(String taskId, TaskResult result) {
        return new TaskOutcome(taskId, Status.SUCCEEDED, Optional.of(result), "");
    }

    public static TaskOutcome failed(String taskId, String message) {
        return new TaskOutcome(taskId, Status.FAILED, Optional.empty(), message);
    }

    public static TaskOutcome skipped(String taskId, String why) {
        return new TaskOutcome(taskId, Status.SKIPPED, Optional.empty(), why);
    }
}
