package io.stacksdataverse.host.cli;

import io.stacksdataverse.host.CdnInvalidation;
import io.stacksdataverse.host.SchedulerSettings;
import io.stacksdataverse.host.Freshness;
import io.stacksdataverse.host.Host;
import io.stacksdataverse.host.RunStatus;
import io.stacksdataverse.host.TaskRunLog;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.Task;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"The last run of each task and the freshness of its data.",
                "Exit 1 when an enabled task is stale (so a monitor can call it), 0 otherwise."})
final class StatusCommand implements Callable<Integer> {
    private final CliContext context;

    StatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return context.withHost(this::status);
    }

    private int status(Host host) {
        PrintStream out = context.out();
        Map<String, TaskRunLog.LastRun> last = host.runLog().lastRuns();
        Map<String, TaskRunLog.NewestSuccess> newest = host.runLog().newestSuccesses();
        Instant now = host.clock().instant();
        Duration grace = host.config().getDuration("DATAVERSE_STALE_GRACE", Duration.ofHours(3));
        List<String> stale = new ArrayList<>();
        for (ScheduleGroup group : ScheduleGroup.values()) {
            for (Task t : host.graph().group(group)) {
                out.println(t.id() + " (" + group.cliName() + ")");
                if (t.disabledReason().isPresent()) {
                    out.println("  disabled: " + t.disabledReason().get());
                    continue;
                }
                Optional<String> off = host.disabledUpstream(t);
                if (off.isPresent()) {
                    out.println("  idle: upstream " + off.get() + " is disabled");
                    continue;
                }
                out.println("  last run:  " + lastRun(host, last.get(t.id()), now));
                TaskRunLog.NewestSuccess ok = newest.get(t.id());
                Freshness f = Freshness.of(group, Optional.ofNullable(ok).map(TaskRunLog.NewestSuccess::date),
                        Optional.ofNullable(ok).map(TaskRunLog.NewestSuccess::finished), now, grace, SchedulerSettings.schedule(host, group));
                out.println("  freshness: " + f.description() + (ok == null ? ""
                        : " (newest date " + ok.date() + ", ended " + Freshness.ago(Duration.between(ok.finished(), now)) + " ago)"));
                if (ok != null) {
                    ok.outputs().forEach(o -> out.println("    -> " + o));
                }
                if (!f.fresh()) {
                    stale.add(t.id());
                }
            }
        }
        CdnInvalidation.describeNewest(host).ifPresent(line -> out.println("newest " + host.config().redact(line)));
        if (!stale.isEmpty()) {
            context.err().println("stale: " + String.join(", ", stale));
            return CliContext.FAILED;
        }
        return CliContext.OK;
    }

    private static String lastRun(Host host, TaskRunLog.LastRun run, Instant now) {
        if (run == null) {
            return "never";
        }
        return run.status() + " for " + run.date() + ", " + run.attempts() + (run.attempts() == 1 ? " attempt" : " attempts")
                + run.finished().map(f -> ", ended " + Freshness.ago(Duration.between(f, now)) + " ago").orElse("")
                + " (" + run.runId() + ")" + (run.message().isEmpty() || run.status() == RunStatus.SUCCEEDED ? ""
                : ": " + host.config().redact(run.message()));
    }
}
