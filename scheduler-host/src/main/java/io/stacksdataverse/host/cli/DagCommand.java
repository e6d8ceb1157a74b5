package io.stacksdataverse.host.cli;

import io.stacksdataverse.host.DagScheduler;
import io.stacksdataverse.host.TaskRunLog;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.Task;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "dag", mixinStandardHelpOptions = true,
        description = {"Run a schedule group once, in dependency order.",
                "It counts as the latest run and runs through db-scheduler in this process only.",
                "Stopped by Ctrl-C or SIGTERM, it gives the run up: nothing of it runs later."})
final class DagCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "GROUP", converter = Converters.Group.class, description = "daily or halfhourly")
    private ScheduleGroup group;

    @Mixin
    private DateOption date;

    @Mixin
    private IntervalOption interval;

    @Mixin
    private FullOption full;

    DagCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        LocalDate d = date.date(context);
        Instant end = interval.end(context, group, d);
        return context.withHost(host -> {
            try (DagScheduler scheduler = new DagScheduler(host, DagScheduler.Mode.ONCE)) {
                scheduler.start();
                String runId = scheduler.launch(group, end, true, full.full);
                Map<String, TaskRunLog.Entry> entries;
                try (OnStop stop = OnStop.install("dataverse-dag-abandon", () -> {
                    try {
                        List<String> left = scheduler.abandon(runId, "the dag command stopped before this task ended");
                        context.err().println("abandoned " + runId + (left.isEmpty() ? "" : ": " + String.join(", ", left)));
                    } catch (RuntimeException e) {
                        context.err().println("could not mark " + runId + " abandoned: " + context.redact(String.valueOf(e.getMessage())));
                    } finally {
                        scheduler.close();
                        host.close();
                    }
                })) {
                    entries = scheduler.awaitOrAbandon(runId, host.config().getDuration("DATAVERSE_DAG_TIMEOUT", Duration.ofHours(3)), "dag");
                }
                List<TaskOutcome> outcomes = new ArrayList<>();
                for (Task t : host.graph().group(group)) {
                    TaskRunLog.Entry e = entries.get(t.id());
                    outcomes.add(new TaskOutcome(t.id(), e.status().outcome(), e.result(), e.message()));
                }
                context.out().println("DAG run " + runId + " (" + group.cliName() + ", " + d
                        + (group == ScheduleGroup.HALF_HOURLY ? ", interval ending " + end : "") + ")");
                int code = context.report(outcomes);
                scheduler.cdnSummary(runId).map(host.config()::redact).ifPresent(context.out()::println);
                return code;
            }
        });
    }
}
