package io.stacksdataverse.runners;

import io.stacksdataverse.spi.PermanentFailure;
import io.stacksdataverse.spi.TaskResult;
import java.util.List;
import java.util.Optional;

/**
 * How one task of a run ended. {@code permanent}: a failure that retrying cannot heal (an exception
 * marked {@link PermanentFailure} in its cause chain); a scheduler does not retry it.
 * {@code publishedKeys}: the public blob keys the task changed (written with new bytes or copied
 * to), in key order, also when it failed after changing some; what a CDN must forget.
 */
public record TaskOutcome(String taskId, Status status, Optional<TaskResult> result, String message, boolean permanent,
                          List<String> publishedKeys) {

    public enum Status {
        SUCCEEDED, FAILED, SKIPPED
    }

    public TaskOutcome {
        publishedKeys = List.copyOf(publishedKeys);
    }

    public TaskOutcome(String taskId, Status status, Optional<TaskResult> result, String message, boolean permanent) {
        this(taskId, status, result, message, permanent, List.of());
    }

    public TaskOutcome(String taskId, Status status, Optional<TaskResult> result, String message) {
        this(taskId, status, result, message, false);
    }

    /** This outcome, with the public keys the task changed. */
    public TaskOutcome withPublishedKeys(List<String> keys) {
        return new TaskOutcome(taskId, status, result, message, permanent, keys);
    }

    public static TaskOutcome succeeded(String taskId, TaskResult result) {
        return new TaskOutcome(taskId, Status.SUCCEEDED, Optional.of(result), "");
    }

    public static TaskOutcome failed(String taskId, String message) {
        return new TaskOutcome(taskId, Status.FAILED, Optional.empty(), message);
    }

    /** A failure that retrying cannot heal. */
    public static TaskOutcome failedPermanently(String taskId, String message) {
        return new TaskOutcome(taskId, Status.FAILED, Optional.empty(), message, true);
    }

    public static TaskOutcome skipped(String taskId, String why) {
        return new TaskOutcome(taskId, Status.SKIPPED, Optional.empty(), why);
    }

    /** Whether {@code e} or one of its causes is marked {@link PermanentFailure}. */
    public static boolean isPermanent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PermanentFailure) {
                return true;
            }
        }
        return false;
    }
}
