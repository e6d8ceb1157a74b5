package io.stacksdataverse.host.cli;

import io.stacksdataverse.host.Host;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.spi.TaskResult;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Runs one task now as a run of its own, recorded in the run log, with its upstream tasks' last results for the date. */
final class ByHand {
    private ByHand() {
    }

    /** @param intervalEnd E, the end of the interval of {@code date} the task serves ({@link IntervalOption}) */
    static int run(CliContext context, Host host, Task task, LocalDate date, Instant intervalEnd, boolean full, boolean replay) {
        Map<String, TaskResult> upstream = new HashMap<>();
        for (String up : task.upstream()) {
            host.runLog().lastSuccess(up, date).ifPresentOrElse(r -> upstream.put(up, r), () -> {
                if (!replay) {
                    context.err().println("note: upstream " + up + " has no successful run for " + date
                            + "; " + task.id() + " reads what the warehouse holds");
                }
            });
        }
        String kind = replay ? "replay" : "manual";
        String runId = kind + "-" + UUID.randomUUID().toString().substring(0, 8);
        host.runLog().plan(runId, task.group(), date, true, full, List.of(task.id()));
        int attempt = host.runLog().claim(runId, task.id(), false, kind).orElseThrow();
        TaskOutcome outcome = host.runner(replay).runOne(runId, task, intervalEnd, true, full, upstream, key -> { });
        host.runLog().finish(runId, task.id(), attempt, outcome);
        return context.report(List.of(outcome));
    }
}
