package io.stacksdataverse.runners;

import io.stacksdataverse.spi.BlobStore;
import io.stacksdataverse.spi.RawStore;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.spi.Warehouse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks in-process, in dependency order, handing each task's result to its downstream tasks:
 * the way a JVM service builds a dataset for a date without any scheduler.
 *
 * <pre>{@code
 * LocalRunner runner = LocalRunner.builder(graph).blobs(store).raw(rawStore).warehouse(warehouse).build();
 * Map<String, TaskOutcome> outcomes = runner.runWithUpstream("price_over_time", LocalDate.of(2024, 6, 1));
 * }</pre>
 */
public final class LocalRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRunner.class);
    private final TaskGraph graph;
    private final BlobStore blobs;
    private final RawStore raw;
    private final Warehouse warehouse;
    private final Clock clock;
    private final UnaryOperator<String> redactor;
    private final boolean replay;
    private final java.util.function.Function<Task, Duration> timeouts;

    private LocalRunner(Builder b) {
        this.graph = Objects.requireNonNull(b.graph, "graph");
        this.blobs = Objects.requireNonNull(b.blobs, "blobs");
        this.raw = Objects.requireNonNull(b.raw, "raw");
        this.warehouse = Objects.requireNonNull(b.warehouse, "warehouse");
        this.clock = b.clock;
        this.redactor = b.redactor;
        this.replay = b.replay;
        this.timeouts = b.timeouts;
    }

    /** A new run id for runs this runner starts itself: {@code local-<date>-<random>}. */
    public static String newRunId(LocalDate date) {
        return "local-" + date + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    public static Builder builder(TaskGraph graph) {
        return new Builder(graph);
    }

    /** Runs {@code taskId} and every task it needs, as a run started by hand (it counts as the latest). */
    public Map<String, TaskOutcome> runWithUpstream(String taskId, LocalDate date) {
        return run(graph.withUpstream(taskId).stream().map(Task::id).toList(), date, true, false, Map.of());
    }

    /**
     * Runs the tasks in dependency order. A task whose upstream is not among {@code taskIds} gets
     * that upstream's result from {@code priorResults} when present.
     */
    public Map<String, TaskOutcome> run(List<String> taskIds, LocalDate date, boolean latestRun, boolean fullRebuild,
                                        Map<String, TaskResult> priorResults) {
        return run(taskIds, RunIntervals.lastOf(date), latestRun, fullRebuild, priorResults);
    }

    /** {@link #run(List, LocalDate, boolean, boolean, Map)} for the half-hourly interval ending at {@code intervalEnd}. */
    public Map<String, TaskOutcome> run(List<String> taskIds, java.time.Instant intervalEnd, boolean latestRun, boolean fullRebuild,
                                        Map<String, TaskResult> priorResults) {
        LocalDate date = RunIntervals.dateOf(intervalEnd);
        String runId = newRunId(date);
        Map<String, TaskOutcome> outcomes = new LinkedHashMap<>();
        Map<String, TaskResult> results = new HashMap<>(priorResults);
        for (Task task : graph.order(taskIds)) {
            Map<String, TaskOutcome.Status> upstream = new HashMap<>();
            for (String up : task.upstream()) {
                TaskOutcome o = outcomes.get(up);
                if (o != null) {
                    upstream.put(up, o.status());
                } else if (results.containsKey(up)) {
                    upstream.put(up, TaskOutcome.Status.SUCCEEDED);
                }
            }
            Optional<String> skip = TaskGate.skipReason(task, latestRun, upstream);
            if (skip.isPresent()) {
                LOG.info("task {} for {} skipped: {}", task.id(), date, skip.get());
                outcomes.put(task.id(), TaskOutcome.skipped(task.id(), skip.get()));
                continue;
            }
            TaskOutcome outcome = runOne(runId, task, intervalEnd, latestRun, fullRebuild, results, key -> { });
            outcome.result().ifPresent(r -> results.put(task.id(), r));
            outcomes.put(task.id(), outcome);
        }
        return outcomes;
    }

    /** Runs one task now (no gate), as a run of its own; failures become a FAILED outcome with a redacted message. */
    public TaskOutcome runOne(Task task, LocalDate date, boolean latestRun, boolean fullRebuild,
                              Map<String, TaskResult> upstreamResults) {
        return runOne(newRunId(date), task, date, latestRun, fullRebuild, upstreamResults, key -> { });
    }

    /**
     * {@link #runOne(Task, LocalDate, boolean, boolean, Map)} as part of run {@code runId}, telling
     * {@code beforePublicWrite} each public key the task is about to change (once per key), e.g. to
     * record it durably.
     */
    public TaskOutcome runOne(String runId, Task task, LocalDate date, boolean latestRun, boolean fullRebuild,
                              Map<String, TaskResult> upstreamResults, java.util.function.Consumer<String> beforePublicWrite) {
        return runOne(runId, task, RunIntervals.lastOf(date), latestRun, fullRebuild, upstreamResults, beforePublicWrite);
    }

    /** {@link #runOne(String, Task, LocalDate, boolean, boolean, Map, java.util.function.Consumer)} for the interval ending at {@code intervalEnd}. */
    public TaskOutcome runOne(String runId, Task task, java.time.Instant intervalEnd, boolean latestRun, boolean fullRebuild,
                              Map<String, TaskResult> upstreamResults, java.util.function.Consumer<String> beforePublicWrite) {
        LocalDate date = RunIntervals.dateOf(intervalEnd);
        Map<String, TaskResult> handed = new HashMap<>();
        for (String up : task.upstream()) {
            if (upstreamResults.containsKey(up)) {
                handed.put(up, upstreamResults.get(up));
            }
        }
        PublicWriteRecorder recorder = new PublicWriteRecorder(blobs, beforePublicWrite);
        long started = System.nanoTime();
        TaskMdc mdc = TaskMdc.open(runId, task.id(), date); // the failure line below carries it too
        Duration timeout = timeouts.apply(task);
        TaskDeadline deadline = TaskDeadline.start(task.id(), timeout);
        try {
            NotingRawRecorder rawRecorder = new NotingRawRecorder(replay ? replayer(task, date) : raw.recorder(date));
            RunContext context = new RunContext(runId, date, intervalEnd, latestRun, fullRebuild, handed, recorder, rawRecorder,
                    warehouse, clock);
            TaskResult result;
            try {
                result = task.run(context);
            } finally {
                deadline.close();
            }
            if (deadline.expired()) {
                LOG.warn("task {} for {} ran past its timeout of {} but ended by itself", task.id(), date, timeout);
            }
            keepManifest(task, date, runId, rawRecorder.keys());
            LOG.info("task {} for {} succeeded in {} ms: {}", task.id(), date, (System.nanoTime() - started) / 1_000_000,
                    result.outputs());
            return TaskOutcome.succeeded(task.id(), result).withPublishedKeys(recorder.keys());
        } catch (Exception | LinkageError e) {
            deadline.close();
            // Cut short by its timeout: whatever the interrupt made it throw, another attempt may succeed.
            boolean timedOut = deadline.expired();
            String message = redactor.apply((timedOut ? "timed out after " + timeout + " and was interrupted: " : "") + describe(e));
            boolean permanent = !timedOut && TaskOutcome.isPermanent(e);
            LOG.error("task {} for {} failed{}: {}", task.id(), date, permanent ? " (permanently: retrying cannot heal it)" : "",
                    message);
            return (permanent ? TaskOutcome.failedPermanently(task.id(), message) : TaskOutcome.failed(task.id(), message))
                    .withPublishedKeys(recorder.keys());
        } finally {
            deadline.close();
            mdc.close();
        }
    }

    /**
     * Keeps what a successful run of a replayable task read, so a replay answers from exactly these
     * objects and not from answers other runs received; nothing when the run read nothing, or
     * exactly what the newest manifest names already (a re-run that received the same answers adds
     * no object).
     */
    private void keepManifest(Task task, LocalDate date, String runId, List<String> keys) {
        if (replay || keys.isEmpty() || !task.replayable()) {
            return;
        }
        try {
            Optional<List<String>> newest = raw.latestManifest(date, task.id());
            if (newest.isPresent() && new java.util.HashSet<>(newest.get()).equals(new java.util.HashSet<>(keys))) {
                return;
            }
            raw.keepManifest(date, task.id(), runId, clock.instant(), keys);
        } catch (java.io.IOException | RuntimeException e) {
            // The outputs are published and right; only a later replay of this run would lack its list.
            LOG.warn("task {} for {}: cannot keep the manifest of what the run read: {}", task.id(), date,
                    redactor.apply(describe(e)));
        }
    }

    /**
     * A replay follows the newest successful run of the task for the date: it answers from the raw
     * objects that run read (its manifest), or, for a run that kept no manifest, from the newest
     * successful answer to each request.
     */
    private io.stacksdataverse.spi.RawRecorder replayer(Task task, LocalDate date) throws java.io.IOException {
        Optional<List<String>> manifest = raw.latestManifest(date, task.id());
        if (manifest.isEmpty()) {
            LOG.info("task {} for {}: no manifest of a successful run in the raw zone; replaying the newest successful answers",
                    task.id(), date);
        }
        return raw.replayer(date, manifest.orElse(null));
    }

    /** The exception and its causes, one line, as people need to read it. */
    public static String describe(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 5; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (parts.stream().noneMatch(p -> p.contains(m))) {
                parts.add(t == e && !(t instanceof java.io.IOException) && !(t instanceof IllegalStateException)
                        && !(t instanceof io.stacksdataverse.spi.PermanentFailure)
                        ? t.getClass().getSimpleName() + ": " + m : m);
            }
        }
        return String.join(" <- ", parts);
    }

    public static final class Builder {
        private final TaskGraph graph;
        private BlobStore blobs;
        private RawStore raw;
        private Warehouse warehouse;
        private Clock clock = Clock.systemUTC();
        private UnaryOperator<String> redactor = UnaryOperator.identity();
        private boolean replay;
        private java.util.function.Function<Task, Duration> timeouts = task -> Duration.ZERO;

        private Builder(TaskGraph graph) {
            this.graph = graph;
        }

        public Builder blobs(BlobStore blobs) {
            this.blobs = blobs;
            return this;
        }

        public Builder raw(RawStore raw) {
            this.raw = raw;
            return this;
        }

        public Builder warehouse(Warehouse warehouse) {
            this.warehouse = warehouse;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Applied to every failure message (e.g. {@code config::redact}). */
        public Builder redactor(UnaryOperator<String> redactor) {
            this.redactor = redactor;
            return this;
        }

        /**
         * Replay: every task reads its sources' answers from the raw zone (the newest kept under the
         * execution date for each request) and no request goes out.
         */
        public Builder replay(boolean replay) {
            this.replay = replay;
            return this;
        }

        /**
         * How long each task may run: past it, its thread is interrupted and the task fails in a
         * way a scheduler retries; {@link Duration#ZERO} (the default) for no limit.
         */
        public Builder timeouts(java.util.function.Function<Task, Duration> timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        public LocalRunner build() {
            return new LocalRunner(this);
        }
    }
}
