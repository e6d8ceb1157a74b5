package io.stacksdataverse.host;

import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.DataversePlugin;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.spi.TaskResult;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * The command line of the host:
 * <pre>
 * dataverse list
 * dataverse run TASK --date YYYY-MM-DD [--full]
 * dataverse dag daily|halfhourly --date YYYY-MM-DD [--full]
 * dataverse serve
 * dataverse config
 * </pre>
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final ClassLoader pluginLoader;
    private final java.time.Clock clock;

    public Main(PrintStream out, PrintStream err, Map<String, String> environment, ClassLoader pluginLoader) {
        this(out, err, environment, pluginLoader, java.time.Clock.systemUTC());
    }

    /** With the clock that decides "today" for date checks and that the host's tasks see. */
    public Main(PrintStream out, PrintStream err, Map<String, String> environment, ClassLoader pluginLoader, java.time.Clock clock) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.pluginLoader = pluginLoader;
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        int code = new Main(System.out, System.err, System.getenv(), Thread.currentThread().getContextClassLoader()).run(args);
        System.exit(code);
    }

    public int run(String... args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? USAGE : OK;
        }
        Config config;
        try {
            config = HostConfig.fromEnvironment(environment, Host.discoverPlugins(pluginLoader));
        } catch (RuntimeException e) {
            err.println("configuration: " + e.getMessage());
            return USAGE;
        }
        try {
            return switch (args[0]) {
                case "list" -> {
                    noMoreArguments(args, 1);
                    yield withHost(config, this::list);
                }
                case "config" -> {
                    noMoreArguments(args, 1);
                    yield config(config);
                }
                case "run" -> run(config, args);
                case "replay" -> replay(config, args);
                case "dag" -> dag(config, args);
                case "bench" -> bench(args);
                case "backfill" -> backfill(config, args);
                case "status" -> {
                    noMoreArguments(args, 1);
                    yield withHost(config, this::status);
                }
                case "history" -> history(config, args);
                case "serve" -> {
                    noMoreArguments(args, 1);
                    yield serve(config);
                }
                default -> {
                    err.println("unknown command '" + args[0] + "'");
                    usage(err);
                    yield USAGE;
                }
            };
        } catch (UsageException e) {
            err.println(e.getMessage());
            usage(err);
            return USAGE;
        } catch (RuntimeException e) {
            err.println("error: " + config.redact(String.valueOf(e.getMessage())));
            return FAILED;
        }
    }

    private static void noMoreArguments(String[] args, int expected) {
        if (args.length > expected) {
            throw new UsageException(args[0] + " takes no argument '" + args[expected] + "'");
        }
    }

    private interface HostCommand {
        int apply(Host host) throws Exception;
    }

    private int withHost(Config config, HostCommand command) {
        try (Host host = Host.start(config, clock, Host.discoverPlugins(pluginLoader))) {
            return command.apply(host);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private int list(Host host) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TASK", "PLUGIN", "GROUP", "UPSTREAM", "GATE", "STATUS"});
        for (ScheduleGroup group : ScheduleGroup.values()) {
            for (Task t : host.graph().group(group)) {
                rows.add(new String[] {t.id(), host.pluginOf(t.id()), group.cliName(),
                        t.upstream().isEmpty() ? "-" : String.join(",", t.upstream()),
                        t.latestOnly() ? "latest-only" : "every date",
                        t.disabledReason().map(r -> "disabled: " + r).orElse("enabled")});
            }
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + (widths[i] + 2) + "s", r[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println();
        out.println("plugins: " + String.join(", ", host.plugins().stream().map(DataversePlugin::name).toList()));
        return OK;
    }

    /**
     * The last run of each task and the freshness of what it publishes; exits 1 when an enabled
     * task is stale (so a monitor can call it), 0 otherwise.
     */
    private int status(Host host) {
        Map<String, TaskRunLog.LastRun> last = host.runLog().lastRuns();
        Map<String, TaskRunLog.NewestSuccess> newest = host.runLog().newestSuccesses();
        java.time.Instant now = host.clock().instant();
        Duration grace = host.config().getDuration("DATAVERSE_STALE_GRACE", Duration.ofHours(3));
        List<String> stale = new ArrayList<>();
        for (ScheduleGroup group : ScheduleGroup.values()) {
            for (Task t : host.graph().group(group)) {
                out.println(t.id() + " (" + group.cliName() + ")");
                if (t.disabledReason().isPresent()) {
                    out.println("  disabled: " + t.disabledReason().get());
                    continue;
                }
                Optional<String> off = disabledUpstream(host, t);
                if (off.isPresent()) {
                    out.println("  idle: upstream " + off.get() + " is disabled");
                    continue;
                }
                TaskRunLog.LastRun run = last.get(t.id());
                out.println("  last run:  " + (run == null ? "never"
                        : run.status() + " for " + run.date() + ", " + run.attempts() + (run.attempts() == 1 ? " attempt" : " attempts")
                        + run.finished().map(f -> ", ended " + Freshness.ago(Duration.between(f, now)) + " ago").orElse("")
                        + " (" + run.runId() + ")" + (run.message().isEmpty() || run.status().equals("SUCCEEDED") ? ""
                        : ": " + host.config().redact(run.message()))));
                TaskRunLog.NewestSuccess ok = newest.get(t.id());
                Freshness f = Freshness.of(group, Optional.ofNullable(ok).map(TaskRunLog.NewestSuccess::date),
                        Optional.ofNullable(ok).map(TaskRunLog.NewestSuccess::finished), now, grace, DagScheduler.schedule(host, group));
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
            err.println("stale: " + String.join(", ", stale));
            return FAILED;
        }
        return OK;
    }

    /**
     * {@code backfill --from D1 --to D2 [--group daily|halfhourly] [--tasks a,b] [--full]}: runs the
     * group (or the named tasks and their upstream tasks) for each date in order, through the
     * scheduler, as catch-up dates (not the latest: latest-only tasks skip). A date whose run for
     * the same tasks already ended with nothing failed is not run again, so an interrupted backfill
     * resumes where it stopped. One progress line per date; exit 1 when a date failed.
     */
    private int backfill(Config config, String[] args) {
        LocalDate from = null;
        LocalDate to = null;
        ScheduleGroup group = ScheduleGroup.DAILY;
        List<String> only = List.of();
        boolean full = false;
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--from", "--to", "--group", "--tasks" -> {
                    if (i + 1 >= args.length) {
                        throw new UsageException(option + " needs a value");
                    }
                    String v = args[++i];
                    switch (option) {
                        case "--from" -> from = date(option, v);
                        case "--to" -> to = date(option, v);
                        case "--group" -> group = group(v);
                        default -> only = java.util.Arrays.stream(v.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
                    }
                }
                case "--full" -> full = true;
                default -> throw new UsageException("unknown option '" + option + "'");
            }
        }
        if (from == null || to == null) {
            throw new UsageException("backfill needs --from YYYY-MM-DD and --to YYYY-MM-DD");
        }
        if (to.isBefore(from)) {
            throw new UsageException("--to " + to + " is before --from " + from);
        }
        if (to.isAfter(LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC)))) {
            throw new UsageException("--to " + to + " is in the future");
        }
        LocalDate first = from;
        LocalDate last = to;
        ScheduleGroup g = group;
        List<String> named = only;
        boolean rebuild = full;
        return withHost(config, host -> {
            List<Task> tasks;
            if (named.isEmpty()) {
                tasks = host.graph().group(g);
            } else {
                for (String id : named) {
                    if (!host.graph().contains(id) || host.graph().task(id).group() != g) {
                        err.println("--tasks: no task '" + id + "' in the " + g.cliName() + " group");
                        return USAGE;
                    }
                }
                java.util.Set<String> wanted = new java.util.HashSet<>();
                named.forEach(id -> host.graph().withUpstream(id).forEach(t -> wanted.add(t.id())));
                tasks = host.graph().group(g).stream().filter(t -> wanted.contains(t.id())).toList();
            }
            // The tasks and whether each is enabled: a date done while a task was disabled is not done for it once enabled.
            String taskKey = backfillTaskKey(tasks);
            long total = java.time.temporal.ChronoUnit.DAYS.between(first, last) + 1;
            long started = System.nanoTime();
            List<LocalDate> failed = new ArrayList<>();
            int ran = 0;
            java.util.concurrent.atomic.AtomicReference<String> current = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
            try (DagScheduler scheduler = new DagScheduler(host, DagScheduler.Mode.ONCE)) {
                // Stopped (Ctrl-C, SIGTERM): give the current date's run up, so nothing of it runs later, and start no
                // other date; the same command resumes from that date. The hook then owns the shutdown: it waits for
                // the running tasks, makes the given-up run's CDN invalidation and closes the stores.
                Thread hook = new Thread(() -> {
                    stopping.set(true);
                    String runId = current.get();
                    try {
                        if (runId != null) {
                            scheduler.abandon(runId, "the backfill command stopped before this task ended");
                            err.println("abandoned " + runId);
                        }
                    } catch (RuntimeException e) {
                        err.println("could not mark " + runId + " abandoned: " + config.redact(String.valueOf(e.getMessage())));
                    } finally {
                        scheduler.close();
                        host.close();
                    }
                }, "dataverse-backfill-abandon");
                Runtime.getRuntime().addShutdownHook(hook);
                scheduler.start();
                long done = 0;
                for (LocalDate d = first; !d.isAfter(last) && !stopping.get(); d = d.plusDays(1)) {
                    done++;
                    String prefix = "backfill-" + g.cliName() + "-" + d + "-" + taskKey + (rebuild ? "-full" : "") + "-";
                    String line;
                    if (host.runLog().hasCompletedRun(prefix)) {
                        line = "already done";
                    } else {
                        long t0 = System.nanoTime();
                        String runId = prefix + UUID.randomUUID().toString().substring(0, 8);
                        current.set(runId);
                        scheduler.launch(g, d, false, rebuild, runId, tasks);
                        Map<String, TaskRunLog.Entry> entries = scheduler.awaitOrAbandon(runId,
                                config.getDuration("DATAVERSE_DAG_TIMEOUT", Duration.ofHours(3)), "backfill");
                        if (stopping.get()) {
                            break;
                        }
                        current.set(null);
                        ran++;
                        List<String> bad = entries.values().stream().filter(e -> e.status().equals("FAILED")
                                || e.status().equals("ABANDONED")).map(TaskRunLog.Entry::taskId).toList();
                        if (!bad.isEmpty()) {
                            failed.add(d);
                        }
                        line = (bad.isEmpty() ? "ok" : "FAILED: " + String.join(", ", bad)) + " in "
                                + Freshness.ago(Duration.ofNanos(System.nanoTime() - t0));
                    }
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                    String estimate = ran == 0 || done == total ? "" : ", about " + Freshness.ago(elapsed.dividedBy(ran)
                            .multipliedBy(total - done)) + " left";
                    out.println("[" + done + "/" + total + "] " + d + " " + line + "; elapsed " + Freshness.ago(elapsed) + estimate);
                    out.flush();
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    new CountDownLatch(1).await(); // the hook is running and owns the shutdown
                }
            }
            if (!failed.isEmpty()) {
                err.println("failed dates (run the same backfill again to retry them): "
                        + String.join(", ", failed.stream().map(LocalDate::toString).toList()));
                return FAILED;
            }
            return OK;
        });
    }

    private static LocalDate date(String option, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException(option + " must be YYYY-MM-DD, got '" + value + "'");
        }
    }

    private static ScheduleGroup group(String value) {
        try {
            return ScheduleGroup.fromCliName(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** A task (or an upstream task of it, transitively) that is disabled, if {@code task} depends on one. */
    static Optional<String> disabledUpstream(Host host, Task task) {
        return host.graph().withUpstream(task.id()).stream()
                .filter(t -> !t.id().equals(task.id()) && t.disabledReason().isPresent()).map(Task::id).findFirst();
    }

    private int config(Config config) {
        config.describe().forEach((k, v) -> out.println(k + "=" + v));
        out.println("DATAVERSE_HOME (effective)=" + HostConfig.home(config));
        return OK;
    }

    private int run(Config config, String[] args) {
        if (args.length < 2 || args[1].startsWith("--")) {
            throw new UsageException("run needs a task id");
        }
        String taskId = args[1];
        Options options = Options.parse(args, 2, clock);
        return withHost(config, host -> {
            if (!host.graph().contains(taskId)) {
                return unknownTask(host, taskId);
            }
            Task task = host.graph().task(taskId);
            Optional<String> disabled = task.disabledReason();
            if (disabled.isPresent()) {
                err.println("task " + taskId + " is disabled: " + disabled.get());
                return FAILED;
            }
            return runByHand(host, task, options, false);
        });
    }

    /**
     * {@code replay TASK --date D}: rebuilds the task's outputs for D from the raw zone alone: every
     * source answer comes from what the newest successful run of the task for D read (its manifest in
     * the raw zone); no request goes out. The task counts as run by hand (it publishes its fixed keys).
     */
    private int replay(Config config, String[] args) {
        if (args.length < 2 || args[1].startsWith("--")) {
            throw new UsageException("replay needs a task id");
        }
        String taskId = args[1];
        Options options = Options.parse(args, 2, clock);
        if (options.full) {
            throw new UsageException("replay takes no --full: it rebuilds from the answers the raw zone kept for the date");
        }
        return withHost(config, host -> {
            if (!host.graph().contains(taskId)) {
                return unknownTask(host, taskId);
            }
            Task task = host.graph().task(taskId);
            if (!task.replayable()) {
                err.println("task " + taskId + " cannot be replayed: " + (task instanceof DisabledTask ? DisabledTask.REASON
                        : "it reads sources the raw zone does not keep (a database directly, or the warehouse's tables)"));
                return FAILED;
            }
            task.disabledReason().ifPresent(reason -> err.println("note: task " + taskId + " is disabled here (" + reason
                    + "); a replay needs no source, so it runs"));
            return runByHand(host, task, options, true);
        });
    }

    private int unknownTask(Host host, String taskId) {
        err.println("unknown task '" + taskId + "'; known: " + String.join(", ",
                host.graph().all().stream().map(Task::id).toList()));
        usage(err);
        return USAGE;
    }

    /** Runs one task now as a run of its own, recorded in the run log, with its upstream tasks' last results for the date. */
    private int runByHand(Host host, Task task, Options options, boolean replay) {
        Map<String, TaskResult> upstream = new HashMap<>();
        for (String up : task.upstream()) {
            host.runLog().lastSuccess(up, options.date).ifPresentOrElse(r -> upstream.put(up, r), () -> {
                if (!replay) {
                    err.println("note: upstream " + up + " has no successful run for " + options.date
                            + "; " + task.id() + " reads what the warehouse holds");
                }
            });
        }
        String kind = replay ? "replay" : "manual";
        String runId = kind + "-" + UUID.randomUUID().toString().substring(0, 8);
        host.runLog().plan(runId, task.group(), options.date, true, options.full, List.of(task.id()));
        int attempt = host.runLog().claim(runId, task.id(), false, kind).orElseThrow();
        TaskOutcome outcome = host.runner(replay).runOne(runId, task, options.date, true, options.full, upstream, key -> { });
        host.runLog().finish(runId, task.id(), attempt, outcome);
        return report(List.of(outcome));
    }

    /** {@code history TASK [--limit N]}: the task's newest attempts, over all runs, newest first. */
    private int history(Config config, String[] args) {
        if (args.length < 2 || args[1].startsWith("--")) {
            throw new UsageException("history needs a task id (./dataverse list shows them)");
        }
        String taskId = args[1];
        int limit = 20;
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--limit") && i + 1 < args.length) {
                try {
                    limit = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    limit = 0;
                }
                if (limit < 1) {
                    throw new UsageException("--limit must be a positive number, got '" + args[i] + "'");
                }
            } else {
                throw new UsageException("history takes --limit N, got '" + args[i] + "'");
            }
        }
        int n = limit;
        return withHost(config, host -> {
            if (!host.graph().contains(taskId)) {
                throw new UsageException("no task '" + taskId + "'; tasks: " + String.join(", ",
                        host.graph().all().stream().map(Task::id).toList()));
            }
            List<TaskRunLog.HistoryLine> lines = host.runLog().history(taskId, n);
            out.println(taskId + ": " + (lines.isEmpty() ? "no attempt recorded" : lines.size() == 1 ? "the newest attempt"
                    : "the " + lines.size() + " newest attempts, newest first"));
            for (TaskRunLog.HistoryLine l : lines) {
                TaskRunLog.Attempt a = l.attempt();
                String took = a.finished().map(f -> Duration.between(a.started(), f))
                        .map(d -> ", " + (d.toMillis() < 10_000 ? d.toMillis() + " ms" : Freshness.ago(d))).orElse(", not ended");
                int keys = a.publishedKeys().size();
                out.println(l.date() + "  " + l.runId() + "  #" + a.attempt() + "  " + a.status() + "  " + a.executedBy()
                        + "  started " + a.started().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + took
                        + (keys == 0 ? "" : ", " + keys + (keys == 1 ? " public key" : " public keys") + " changed")
                        + (a.message().isEmpty() ? "" : ": " + config.redact(a.message())));
            }
            return OK;
        });
    }

    private int dag(Config config, String[] args) {
        if (args.length < 2 || args[1].startsWith("--")) {
            throw new UsageException("dag needs a schedule group: daily or halfhourly");
        }
        ScheduleGroup group;
        try {
            group = ScheduleGroup.fromCliName(args[1]);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Options options = Options.parse(args, 2, clock);
        return withHost(config, host -> {
            try (DagScheduler scheduler = new DagScheduler(host, DagScheduler.Mode.ONCE)) {
                scheduler.start();
                String runId = scheduler.launch(group, options.date, true, options.full);
                // Stopped (Ctrl-C, SIGTERM) before the run ended: give the run up, so no host runs it later.
                Thread hook = new Thread(() -> {
                    try {
                        List<String> left = scheduler.abandon(runId, "the dag command stopped before this task ended");
                        err.println("abandoned " + runId + (left.isEmpty() ? "" : ": " + String.join(", ", left)));
                    } catch (RuntimeException e) {
                        err.println("could not mark " + runId + " abandoned: " + config.redact(String.valueOf(e.getMessage())));
                    } finally {
                        scheduler.close();
                        host.close();
                    }
                }, "dataverse-dag-abandon");
                Runtime.getRuntime().addShutdownHook(hook);
                Map<String, TaskRunLog.Entry> entries;
                try {
                    entries = scheduler.awaitOrAbandon(runId, config.getDuration("DATAVERSE_DAG_TIMEOUT", Duration.ofHours(3)), "dag");
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // The JVM is stopping and the hook owns the shutdown: it waits for the running
                        // task, then closes the scheduler and the stores. Closing them here would pull
                        // the database from under that task.
                        new CountDownLatch(1).await();
                    }
                }
                List<TaskOutcome> outcomes = new ArrayList<>();
                for (Task t : host.graph().group(group)) {
                    TaskRunLog.Entry e = entries.get(t.id());
                    TaskOutcome.Status status = e.status().equals("ABANDONED") ? TaskOutcome.Status.FAILED
                            : TaskOutcome.Status.valueOf(e.status());
                    outcomes.add(new TaskOutcome(t.id(), status, e.result(), e.message()));
                }
                out.println("DAG run " + runId + " (" + group.cliName() + ", " + options.date + ")");
                int code = report(outcomes);
                scheduler.cdnSummary(runId).map(config::redact).ifPresent(out::println);
                return code;
            }
        });
    }

    private int serve(Config config) throws RuntimeException {
        return withHost(config, host -> {
            CountDownLatch stopped = new CountDownLatch(1);
            DagScheduler scheduler = new DagScheduler(host, DagScheduler.Mode.SERVE);
            Thread hook = new Thread(() -> {
                err.println("stopping: running tasks get " + DagScheduler.shutdownWait(host).toSeconds()
                        + " s to end (DATAVERSE_SHUTDOWN_WAIT); what still runs then is released to another host");
                scheduler.close();
                host.close();
                err.println("stopped");
                stopped.countDown();
            }, "dataverse-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                scheduler.start();
            } catch (RuntimeException e) {
                Runtime.getRuntime().removeShutdownHook(hook);
                scheduler.close();
                throw e;
            }
            out.println("serving " + host.graph().all().size() + " tasks as " + scheduler.name() + ": daily DAG on cron '"
                    + config.get("DATAVERSE_DAILY_CRON", "0 0 0 * * *") + "', half-hourly DAG on cron '"
                    + config.get("DATAVERSE_HALFHOURLY_CRON", "0 0,30 * * * *") + "' (UTC);"
                    + " warehouse " + host.warehouse().describe() + "; blobs "
                    + config.get("DATAVERSE_BLOB_STORE", "file:" + host.home().resolve("blobs")));
            out.flush();
            stopped.await();
            return OK;
        });
    }

    private int bench(String[] args) {
        if (args.length < 2 || !args[1].equals("chain")) {
            throw new UsageException("bench needs a suite: chain");
        }
        int days = 365;
        int principals = 200_000;
        int txsPerBlock = 25;
        int tenureBlocks = 1;
        boolean original = true;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--skip-original" -> original = false;
                case "--days" -> days = positive(args, ++i);
                case "--principals" -> principals = positive(args, ++i);
                case "--txs-per-block" -> txsPerBlock = positive(args, ++i);
                case "--nakamoto" -> tenureBlocks = 6;
                default -> throw new UsageException("unknown bench option '" + args[i] + "'");
            }
        }
        if (tenureBlocks > 1 && txsPerBlock == 25) {
            txsPerBlock = 5;
        }
        try {
            new io.stacksdataverse.host.bench.ChainBench(out,
                    new io.stacksdataverse.host.bench.SyntheticChain.Settings(days, txsPerBlock, principals, tenureBlocks),
                    original).run();
        } catch (Exception e) {
            throw new IllegalStateException("bench: " + io.stacksdataverse.runners.LocalRunner.describe(e), e);
        }
        return OK;
    }

    private static int positive(String[] args, int i) {
        if (i >= args.length) {
            throw new UsageException(args[i - 1] + " needs a number");
        }
        try {
            int v = Integer.parseInt(args[i]);
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(args[i - 1] + " needs a positive number, got '" + args[i] + "'");
        }
    }

    private int report(List<TaskOutcome> outcomes) {
        List<String> failed = new ArrayList<>();
        for (TaskOutcome o : outcomes) {
            switch (o.status()) {
                case SUCCEEDED -> {
                    out.println("  ok      " + o.taskId());
                    o.result().ifPresent(r -> r.outputs().forEach(loc -> out.println("            -> " + loc)));
                }
                case SKIPPED -> out.println("  skipped " + o.taskId() + ": " + o.message());
                case FAILED -> {
                    out.println("  FAILED  " + o.taskId() + ": " + o.message());
                    failed.add(o.taskId());
                }
                default -> throw new IllegalStateException();
            }
        }
        if (!failed.isEmpty()) {
            err.println("failed tasks: " + String.join(", ", failed));
            return FAILED;
        }
        return OK;
    }

    private void usage(PrintStream to) {
        to.println("""
                usage: dataverse COMMAND
                  list                                         every task, its plugin, group, upstream tasks and status
                  status                                       the last run of each task and the freshness of its data (exit 1: stale)
                  history TASK [--limit N]                     the task's newest attempts (run, date, host, time, outcome, error)
                  backfill --from D1 --to D2 [--group G] [--tasks a,b] [--full]
                                                               run a group for each date in order; resumes without redoing finished dates
                  run TASK --date YYYY-MM-DD [--full]          run one task now, print where its output went
                  replay TASK --date YYYY-MM-DD                rebuild a task's outputs for the date from the raw zone alone (no request goes out)
                  dag daily|halfhourly --date YYYY-MM-DD [--full]
                                                               run a schedule group once, in dependency order
                  serve                                        run both groups on their schedules until stopped
                  bench chain [--days N] [--principals N] [--txs-per-block N] [--nakamoto] [--skip-original]
                                                               benchmark the chain datasets on a synthetic database
                  config                                       show the effective configuration (secrets redacted)""");
    }

    /**
     * A stable name of the task set and which of them are enabled (SHA-256, not {@code String.hashCode}, which
     * collides easily and is no promise across versions): a date done while a task was disabled is not done for it
     * once enabled.
     */
    static String backfillTaskKey(List<Task> tasks) {
        String list = String.join(",", tasks.stream().map(t -> t.id() + (t.disabledReason().isPresent() ? ":off" : "")).sorted().toList());
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(list.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private record Options(LocalDate date, boolean full) {
        static Options parse(String[] args, int from, java.time.Clock clock) {
            LocalDate date = null;
            boolean full = false;
            for (int i = from; i < args.length; i++) {
                switch (args[i]) {
                    case "--date" -> {
                        if (i + 1 >= args.length) {
                            throw new UsageException("--date needs a value YYYY-MM-DD");
                        }
                        try {
                            date = LocalDate.parse(args[++i]);
                        } catch (DateTimeParseException e) {
                            throw new UsageException("--date must be YYYY-MM-DD, got '" + args[i] + "'");
                        }
                    }
                    case "--full" -> full = true;
                    default -> throw new UsageException("unknown option '" + args[i] + "'");
                }
            }
            if (date == null) {
                throw new UsageException("--date YYYY-MM-DD is required");
            }
            LocalDate today = LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC));
            if (date.isAfter(today)) {
                throw new UsageException("--date " + date + " is in the future (today is " + today + " UTC)");
            }
            return new Options(date, full);
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
