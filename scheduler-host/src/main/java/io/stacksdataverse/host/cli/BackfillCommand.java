package io.stacksdataverse.host.cli;

import io.stacksdataverse.host.DagScheduler;
import io.stacksdataverse.host.Freshness;
import io.stacksdataverse.host.Host;
import io.stacksdataverse.host.RunStatus;
import io.stacksdataverse.host.TaskRunLog;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.Task;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the group (or the named tasks and their upstream tasks) for each date in order, through the
 * scheduler, as catch-up dates (not the latest: latest-only tasks skip). A date whose run for the
 * same tasks already ended with nothing failed is not run again, so an interrupted backfill resumes
 * where it stopped. One progress line per date; exit 1 when a date failed.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Run a group for each date in order; a rerun skips finished dates.",
                "The dates run from D1 to D2 as catch-up dates (latest-only tasks skip), one progress line each.",
                "Stopped by Ctrl-C or SIGTERM, it gives the current date up; the same command resumes there."})
public final class BackfillCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--from", required = true, paramLabel = "D1", converter = Converters.Date.class, description = "first date")
    private LocalDate from;

    @Option(names = "--to", required = true, paramLabel = "D2", converter = Converters.Date.class, description = "last date, not after today")
    private LocalDate to;

    @Option(names = "--group", paramLabel = "GROUP", converter = Converters.Group.class, description = "daily (default) or halfhourly")
    private ScheduleGroup group = ScheduleGroup.DAILY;

    @Option(names = "--tasks", paramLabel = "a,b", split = ",", description = "only these tasks and their upstream tasks")
    private List<String> named = List.of();

    @Mixin
    private FullOption full;

    BackfillCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (to.isBefore(from)) {
            throw new UsageException("--to " + to + " is before --from " + from);
        }
        if (to.isAfter(context.today())) {
            throw new UsageException("--to " + to + " is in the future");
        }
        return context.withHost(this::backfill);
    }

    private int backfill(Host host) throws InterruptedException {
        List<String> only = named.stream().map(String::strip).filter(t -> !t.isEmpty()).toList();
        List<Task> tasks;
        if (only.isEmpty()) {
            tasks = host.graph().group(group);
        } else {
            for (String id : only) {
                if (!host.graph().contains(id) || host.graph().task(id).group() != group) {
                    context.err().println("--tasks: no task '" + id + "' in the " + group.cliName() + " group");
                    return CliContext.USAGE;
                }
            }
            Set<String> wanted = new HashSet<>();
            only.forEach(id -> host.graph().withUpstream(id).forEach(t -> wanted.add(t.id())));
            tasks = host.graph().group(group).stream().filter(t -> wanted.contains(t.id())).toList();
        }
        String taskKey = taskKey(tasks);
        long total = ChronoUnit.DAYS.between(from, to) + 1;
        long started = System.nanoTime();
        List<LocalDate> failed = new ArrayList<>();
        int ran = 0;
        AtomicReference<String> current = new AtomicReference<>();
        AtomicBoolean stopping = new AtomicBoolean();
        try (DagScheduler scheduler = new DagScheduler(host, DagScheduler.Mode.ONCE);
             // Stopped: give the current date's run up, so nothing of it runs later, and start no other date; the same
             // command resumes from that date. The hook waits for the running tasks, makes the given-up run's CDN
             // invalidation and closes the stores.
             OnStop stop = OnStop.install("dataverse-backfill-abandon", () -> {
                 stopping.set(true);
                 String runId = current.get();
                 try {
                     if (runId != null) {
                         scheduler.abandon(runId, "the backfill command stopped before this task ended");
                         context.err().println("abandoned " + runId);
                     }
                 } catch (RuntimeException e) {
                     context.err().println("could not mark " + runId + " abandoned: " + context.redact(String.valueOf(e.getMessage())));
                 } finally {
                     scheduler.close();
                     host.close();
                 }
             })) {
            scheduler.start();
            long done = 0;
            for (LocalDate d = from; !d.isAfter(to) && !stopping.get(); d = d.plusDays(1)) {
                done++;
                String prefix = "backfill-" + group.cliName() + "-" + d + "-" + taskKey + (full.full ? "-full" : "") + "-";
                String line;
                if (host.runLog().hasCompletedRun(prefix)) {
                    line = "already done";
                } else {
                    long t0 = System.nanoTime();
                    String runId = prefix + UUID.randomUUID().toString().substring(0, 8);
                    current.set(runId);
                    scheduler.launch(group, d, false, full.full, runId, tasks);
                    Map<String, TaskRunLog.Entry> entries = scheduler.awaitOrAbandon(runId,
                            host.config().getDuration("DATAVERSE_DAG_TIMEOUT", Duration.ofHours(3)), "backfill");
                    if (stopping.get()) {
                        break;
                    }
                    current.set(null);
                    ran++;
                    List<String> bad = entries.values().stream().filter(e -> e.status() == RunStatus.FAILED
                            || e.status() == RunStatus.ABANDONED).map(TaskRunLog.Entry::taskId).toList();
                    if (!bad.isEmpty()) {
                        failed.add(d);
                    }
                    line = (bad.isEmpty() ? "ok" : "FAILED: " + String.join(", ", bad)) + " in "
                            + Freshness.ago(Duration.ofNanos(System.nanoTime() - t0));
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                String estimate = ran == 0 || done == total ? "" : ", about " + Freshness.ago(elapsed.dividedBy(ran)
                        .multipliedBy(total - done)) + " left";
                context.out().println("[" + done + "/" + total + "] " + d + " " + line + "; elapsed " + Freshness.ago(elapsed) + estimate);
                context.out().flush();
            }
        }
        if (!failed.isEmpty()) {
            context.err().println("failed dates (run the same backfill again to retry them): "
                    + String.join(", ", failed.stream().map(LocalDate::toString).toList()));
            return CliContext.FAILED;
        }
        return CliContext.OK;
    }

    /**
     * A stable name of the task set and which of them are enabled (SHA-256, not {@code String.hashCode}, which
     * collides easily and is no promise across versions): a date done while a task was disabled is not done for it
     * once enabled.
     */
    public static String taskKey(List<Task> tasks) {
        String list = String.join(",", tasks.stream().map(t -> t.id() + (t.disabledReason().isPresent() ? ":off" : "")).sorted().toList());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(list.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
