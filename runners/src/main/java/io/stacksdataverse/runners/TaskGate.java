package io.stacksdataverse.runners;

import io.stacksdataverse.spi.Task;
import java.util.Map;
import java.util.Optional;

/** Whether a task may run now: enabled, past its latest-only gate, upstream succeeded. */
public final class TaskGate {
    private TaskGate() {
    }

    /**
     * The reason to skip {@code task}, or empty when it may run.
     *
     * @param upstream the outcome status of each upstream task in this run
     */
    public static Optional<String> skipReason(Task task, boolean latestRun, Map<String, TaskOutcome.Status> upstream) {
        Optional<String> disabled = task.disabledReason();
        if (disabled.isPresent()) {
            return Optional.of("disabled: " + disabled.get());
        }
        if (task.latestOnly() && !latestRun) {
            return Optional.of("latest-only: not the newest interval");
        }
        for (String up : task.upstream()) {
            TaskOutcome.Status s = upstream.get(up);
            if (s != TaskOutcome.Status.SUCCEEDED) {
                return Optional.of("upstream " + up + " " + (s == null ? "did not run" : s.name().toLowerCase(java.util.Locale.ROOT)));
            }
        }
        return Optional.empty();
    }
}
