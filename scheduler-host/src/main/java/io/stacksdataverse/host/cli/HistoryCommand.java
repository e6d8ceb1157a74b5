package io.stacksdataverse.host.cli;

import io.stacksdataverse.host.Freshness;
import io.stacksdataverse.host.TaskRunLog;
import io.stacksdataverse.spi.Task;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"The task's newest attempts, over all runs, newest first.",
                "Each with its run, date, number, host, start, time taken, outcome and error."})
final class HistoryCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "TASK", description = "a task id (./dataverse list shows them)")
    private String taskId;

    @Option(names = "--limit", paramLabel = "N", converter = Converters.Positive.class, description = "how many attempts (default 20)")
    private int limit = 20;

    HistoryCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return context.withHost(host -> {
            if (!host.graph().contains(taskId)) {
                throw new UsageException("no task '" + taskId + "'; tasks: " + String.join(", ",
                        host.graph().all().stream().map(Task::id).toList()));
            }
            List<TaskRunLog.HistoryLine> lines = host.runLog().history(taskId, limit);
            context.out().println(taskId + ": " + (lines.isEmpty() ? "no attempt recorded" : lines.size() == 1 ? "the newest attempt"
                    : "the " + lines.size() + " newest attempts, newest first"));
            for (TaskRunLog.HistoryLine l : lines) {
                TaskRunLog.Attempt a = l.attempt();
                String took = a.finished().map(f -> Duration.between(a.started(), f))
                        .map(d -> ", " + (d.toMillis() < 10_000 ? d.toMillis() + " ms" : Freshness.ago(d))).orElse(", not ended");
                int keys = a.publishedKeys().size();
                context.out().println(l.date() + "  " + l.runId() + "  #" + a.attempt() + "  " + a.status() + "  " + a.executedBy()
                        + "  started " + a.started().truncatedTo(ChronoUnit.SECONDS) + took
                        + (keys == 0 ? "" : ", " + keys + (keys == 1 ? " public key" : " public keys") + " changed")
                        + (a.message().isEmpty() ? "" : ": " + host.config().redact(a.message())));
            }
            return CliContext.OK;
        });
    }
}
