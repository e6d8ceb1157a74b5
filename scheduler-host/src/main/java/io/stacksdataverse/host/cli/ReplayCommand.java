package io.stacksdataverse.host.cli;

import io.stacksdataverse.host.DisabledTask;
import io.stacksdataverse.runners.RunIntervals;
import io.stacksdataverse.spi.Task;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Rebuilds the task's outputs for D from the raw zone alone: every source answer comes from what
 * the newest successful run of the task for D read (its manifest in the raw zone); no request goes
 * out. The task counts as run by hand (it publishes its fixed keys).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Rebuild a task's outputs for the date from the raw zone alone.",
                "Every answer comes from what the task's newest successful run for the date read; no request goes out."})
final class ReplayCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "TASK", description = "a replayable task id")
    private String taskId;

    @Mixin
    private DateOption date;

    /** Refused with the reason rather than as an unknown option. */
    @Option(names = "--full", hidden = true)
    private boolean full;

    ReplayCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        LocalDate d = date.date(context);
        if (full) {
            throw new UsageException("replay takes no --full: it rebuilds from the answers the raw zone kept for the date");
        }
        return context.withHost(host -> {
            if (!host.graph().contains(taskId)) {
                throw CliContext.unknownTask(host, taskId);
            }
            Task task = host.graph().task(taskId);
            if (!task.replayable()) {
                context.err().println("task " + taskId + " cannot be replayed: " + (task instanceof DisabledTask ? DisabledTask.REASON
                        : "it reads sources the raw zone does not keep (a database directly, or the warehouse's tables)"));
                return CliContext.FAILED;
            }
            task.disabledReason().ifPresent(reason -> context.err().println("note: task " + taskId + " is disabled here (" + reason
                    + "); a replay needs no source, so it runs"));
            return ByHand.run(context, host, task, d, RunIntervals.lastOf(d), false, true);
        });
    }
}
