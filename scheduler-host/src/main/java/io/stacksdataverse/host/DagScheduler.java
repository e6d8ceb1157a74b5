package io.stacksdataverse.host;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.runners.TaskGate;
import io.stacksdataverse.runners.TaskMdc;
import io.stacksdataverse.runners.RunIntervals;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.spi.TaskResult;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task wrappers: the only code that knows db-scheduler. A DAG run of a schedule group for a
 * date is planned in the run log; its root tasks are scheduled as one-time executions; each
 * execution runs its task through the runner, records the outcome and schedules the downstream
 * tasks whose upstream tasks have all ended. Two recurring executions start the daily and
 * half-hourly DAG runs.
 */
public final class DagScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DagScheduler.class);
    static final String TASK_NAME = "dataverse-task";
    static final String DAILY_NAME = "dataverse-daily";
    static final String HALF_HOURLY_NAME = "dataverse-halfhourly";
    static final String STALE_WATCH_NAME = "dataverse-stale-watch";

    private final Host host;
    private final Mode mode;
    private final int maxAttempts;
    private final RetryBackoff<TaskRunData> backoff;
    private final Optional<WebhookAlerts> alerts;
    private final CdnExecution cdn;
    private final org.jooq.DSLContext dsl;
    /** Runs this process gave up (abandon): their CDN invalidation waits for the close. */
    private final java.util.Set<String> abandoned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** This scheduler's name in a cluster: the host name and an id of this instance. */
    private final String name;
    private final OneTimeTask<TaskRunData> taskExecution;
    private final Scheduler scheduler;

    /** How the scheduler is used. */
    public enum Mode {
        /**
         * {@code serve}: the recurring daily and half-hourly runs; task executions under the shared
         * name {@value #TASK_NAME}, so any serving host of a cluster may run them.
         */
        SERVE,
        /**
         * {@code dag} by hand: one run, executed by this process only. Its executions carry a task
         * name of their own, so no other host picks them up, even after this process was killed.
         */
        ONCE
    }

    /** What a one-time execution carries: enough to find the run log row. */
    /**
     * One task of a run, as db-scheduler keeps it. {@code intervalEnd} is E in unix seconds (null in
     * executions scheduled before it was kept: then t(D+1)).
     */
    public record TaskRunData(String runId, String taskId, String group, String date, boolean latest, boolean full,
                              Long intervalEnd) implements Serializable {
        Instant end() {
            return intervalEnd == null ? RunIntervals.lastOf(LocalDate.parse(date)) : Instant.ofEpochSecond(intervalEnd);
        }
    }

    public DagScheduler(Host host, Mode mode) {
        this(host, mode, (dataSource, tasks) -> Scheduler.create(dataSource, tasks));
    }

    /** With db-scheduler's builder from {@code schedulers} (tests: its ManualScheduler on a settable clock). */
    DagScheduler(Host host, Mode mode, java.util.function.BiFunction<javax.sql.DataSource,
            List<com.github.kagkarlsson.scheduler.task.Task<?>>, com.github.kagkarlsson.scheduler.SchedulerBuilder> schedulers) {
        this.host = host;
        this.mode = mode;
        int retries = mode == Mode.SERVE ? host.config().getInt("DATAVERSE_TASK_RETRIES", 2)
                : host.config().getInt("DATAVERSE_DAG_RETRIES", 0);
        this.maxAttempts = 1 + Math.max(0, retries);
        this.alerts = WebhookAlerts.fromConfig(host.config());
        SchedulerSettings.catchUpMode(host); // a wrong setting fails the start, not every daily run later
        host.config().getInt("DATAVERSE_CATCH_UP_DAYS", 3);
        this.backoff = SchedulerSettings.backoff(host);
        String suffix = mode == Mode.SERVE ? "" : "-once-" + UUID.randomUUID().toString().substring(0, 8);
        this.taskExecution = Tasks.oneTime(TASK_NAME + suffix, TaskRunData.class)
                .onFailure(backoff)
                .execute(this::execute);
        this.cdn = new CdnExecution(host, alerts, maxAttempts, backoff, suffix);
        this.dsl = PostgresWarehouse.dsl(host.warehouse());
        // db-scheduler keeps at most 50 characters of the name in picked_by: keep it within them.
        String hostName = SchedulerSettings.hostName();
        this.name = hostName.substring(0, Math.min(hostName.length(), 41)) + "/" + UUID.randomUUID().toString().substring(0, 8);
        // A host without CDN settings does not know the invalidation task, so it leaves those executions to one that does.
        var builder = schedulers.apply(host.warehouse().dataSource(),
                        cdn.configured() ? List.of(taskExecution, cdn.task()) : List.of(taskExecution))
                .schedulerName(new com.github.kagkarlsson.scheduler.SchedulerName.Fixed(name))
                // A host that stops sending heartbeats for 6 intervals is dead: another host runs its executions.
                .heartbeatInterval(host.config().getDuration("DATAVERSE_HEARTBEAT_INTERVAL", Duration.ofMinutes(1)))
                .threads(host.config().getInt("DATAVERSE_SCHEDULER_THREADS", 2))
                .pollingInterval(host.config().getDuration("DATAVERSE_POLLING_INTERVAL", Duration.ofSeconds(2)))
                // Fetch, then lock each due execution this scheduler knows: executions of a task it does not know (a dag
                // command's own, or the CDN invalidation on a host without CDN settings) are never picked by it.
                .pollUsingFetchAndLockOnExecute(0.5, 3.0)
                .enableImmediateExecution()
                .failureLogging(LogLevel.DEBUG, false)
                // On stop, running tasks get half the wait to end, then are interrupted and get the other half.
                .shutdownMaxWait(SchedulerSettings.shutdownWait(host).dividedBy(2));
        if (mode == Mode.SERVE) {
            RecurringTask<Void> daily = Tasks.recurring(DAILY_NAME, SchedulerSettings.cron(host, "DATAVERSE_DAILY_CRON", "0 0 0 * * *"))
                    .execute((instance, ctx) -> launchDaily(ctx.getExecution().executionTime, ctx.getSchedulerClient()));
            RecurringTask<Void> halfHourly = Tasks.recurring(HALF_HOURLY_NAME, SchedulerSettings.cron(host, "DATAVERSE_HALFHOURLY_CRON", "0 0,30 * * * *"))
                    .execute((instance, ctx) -> launchHalfHourly(ctx.getExecution().executionTime, ctx.getSchedulerClient()));
            List<RecurringTask<?>> recurring = new java.util.ArrayList<>(List.of(daily, halfHourly));
            alerts.ifPresent(a -> {
                StaleWatch watch = new StaleWatch(host, a);
                recurring.add(Tasks.recurring(STALE_WATCH_NAME, SchedulerSettings.cron(host, "DATAVERSE_STALE_CHECK_CRON", "0 15,45 * * * *"))
                        .execute((instance, ctx) -> watch.check(host.clock().instant())));
            });
            builder = builder.startTasks(recurring);
        }
        this.scheduler = builder.build();
    }

    /** The daily recurring execution due at {@code at}: only the newest date counts as the latest run. */
    void launchDaily(Instant at, SchedulerClient client) {
        List<LocalDate> dates = CatchUp.dailyDates(host, at);
        for (LocalDate d : dates) {
            launch(ScheduleGroup.DAILY, RunIntervals.lastOf(d), d.equals(dates.get(dates.size() - 1)), false,
                    "daily-" + d + "-" + at.getEpochSecond(), host.graph().group(ScheduleGroup.DAILY), client);
        }
    }

    /** The half-hourly execution due at {@code at}; the run id names the firing, so a faster cron runs each firing. */
    void launchHalfHourly(Instant at, SchedulerClient client) {
        Instant intervalEnd = CatchUp.halfHourlyIntervalEnd(host, at);
        LocalDate d = RunIntervals.dateOf(intervalEnd);
        launch(ScheduleGroup.HALF_HOURLY, intervalEnd, true, false, "halfhourly-" + d + "-" + at.getEpochSecond(),
                host.graph().group(ScheduleGroup.HALF_HOURLY), client);
    }

    /** This scheduler's name in a cluster (host name / instance id), as {@code executed_by} records it. */
    public String name() {
        return name;
    }

    /** How the run's CDN invalidation went, in one line; empty when the CDN is off or the run has none. */
    public Optional<String> cdnSummary(String runId) {
        return cdn.summary(runId);
    }

    /** The scheduler, as a client to schedule with (tests). */
    SchedulerClient client() {
        return scheduler;
    }

    public void start() {
        scheduler.start();
    }

    /** Plans a DAG run of {@code group} for {@code date} and schedules its root tasks; returns the run id. */
    public String launch(ScheduleGroup group, LocalDate date, boolean latest, boolean full) {
        return launch(group, RunIntervals.lastOf(date), latest, full);
    }

    /** Plans a run of {@code group} for the interval ending at {@code intervalEnd} (D = the date of its start); returns the run id. */
    public String launch(ScheduleGroup group, Instant intervalEnd, boolean latest, boolean full) {
        LocalDate date = RunIntervals.dateOf(intervalEnd);
        String runId = group.cliName() + "-" + date + "-" + UUID.randomUUID().toString().substring(0, 8);
        launch(group, intervalEnd, latest, full, runId, host.graph().group(group), scheduler);
        return runId;
    }

    /**
     * Plans a run of {@code tasks} (of one group, upstream tasks included) for {@code date} under
     * {@code runId} and schedules its root tasks.
     */
    public void launch(ScheduleGroup group, LocalDate date, boolean latest, boolean full, String runId, List<Task> tasks) {
        launch(group, RunIntervals.lastOf(date), latest, full, runId, tasks, scheduler);
    }

    private void launch(ScheduleGroup group, Instant intervalEnd, boolean latest, boolean full, String runId, List<Task> tasks,
                        SchedulerClient client) {
        LocalDate date = RunIntervals.dateOf(intervalEnd);
        host.runLog().plan(runId, group, date, latest, full, tasks.stream().map(Task::id).toList());
        cdn.expect(runId);
        LOG.info("DAG run {}: {} tasks of the {} group for {}", runId, tasks.size(), group.cliName(), date);
        for (Task t : tasks) {
            if (t.upstream().isEmpty()) {
                schedule(client, new TaskRunData(runId, t.id(), group.cliName(), date.toString(), latest, full,
                        intervalEnd.getEpochSecond()));
            }
        }
    }

    private void schedule(SchedulerClient client, TaskRunData data) {
        TaskInstance<TaskRunData> instance = taskExecution.instance(data.runId() + "/" + data.taskId(), data);
        client.scheduleIfNotExists(instance, host.clock().instant());
    }

    private void execute(TaskInstance<TaskRunData> instance, ExecutionContext ctx) {
        TaskRunData data = instance.getData();
        try (TaskMdc mdc = TaskMdc.open(data.runId(), data.taskId(), LocalDate.parse(data.date()))) {
            execute(data, ctx);
        }
    }

    private void execute(TaskRunData data, ExecutionContext ctx) {
        if (!host.graph().contains(data.taskId())) {
            LOG.error("run {} names task {}, which no plugin offers any more; it is marked failed", data.runId(), data.taskId());
            host.runLog().claim(data.runId(), data.taskId(), true, name).ifPresent(n -> host.runLog().finish(data.runId(),
                    data.taskId(), n, TaskOutcome.failed(data.taskId(), "no plugin offers this task")));
            scheduleReadyDownstream(ctx.getSchedulerClient(), data);
            cdn.runEnded(data.runId(), ctx.getSchedulerClient());
            return;
        }
        Task task = host.graph().task(data.taskId());
        LocalDate date = LocalDate.parse(data.date());
        int attempt = ctx.getExecution().consecutiveFailures + 1;
        Map<String, TaskRunLog.Entry> entries = host.runLog().entries(data.runId());
        Map<String, TaskOutcome.Status> upstreamStatus = new HashMap<>();
        Map<String, TaskResult> upstreamResults = new HashMap<>();
        for (String up : task.upstream()) {
            TaskRunLog.Entry e = entries.get(up);
            if (e != null && e.isTerminal()) {
                upstreamStatus.put(up, e.status().outcome());
                e.result().ifPresent(r -> upstreamResults.put(up, r));
            }
        }
        // db-scheduler hands an execution to one scheduler at a time, so a RUNNING row here is this execution's
        // own: a failed attempt, or one whose host died (a revived dead execution, whatever its failure count).
        java.util.OptionalInt claimed = host.runLog().claim(data.runId(), data.taskId(), true, name);
        if (claimed.isEmpty()) {
            // A host that died after recording the end may not have scheduled what follows: do it (both are idempotent).
            LOG.info("task {} of run {} already ended; nothing to do", data.taskId(), data.runId());
            scheduleReadyDownstream(ctx.getSchedulerClient(), data);
            cdn.runEnded(data.runId(), ctx.getSchedulerClient());
            return;
        }
        int recorded = claimed.getAsInt(); // the attempt's number in the run log (counts attempts whose host died too)
        Optional<String> skip = TaskGate.skipReason(task, data.latest(), upstreamStatus);
        TaskOutcome outcome;
        if (skip.isPresent()) {
            outcome = TaskOutcome.skipped(task.id(), skip.get());
            LOG.info("task {} of run {} skipped: {}", task.id(), data.runId(), skip.get());
        } else {
            outcome = host.runner().runOne(data.runId(), task, data.end(), data.latest(), data.full(), upstreamResults,
                    key -> host.runLog().keyPublished(data.runId(), data.taskId(), recorded, key));
            if (outcome.status() == TaskOutcome.Status.FAILED && mode == Mode.SERVE && ctx.getSchedulerState().isShuttingDown()) {
                // Interrupted by this host's stop: not the task's fault. Due again at once, for another host.
                host.runLog().attemptEnded(data.runId(), data.taskId(), recorded, AttemptStatus.INTERRUPTED, "attempt " + attempt
                        + " was interrupted by the stop of " + name + ": " + outcome.message(), outcome.publishedKeys());
                LOG.warn("task {} of run {}: attempt {} was interrupted by the stop; it is due again at once, for another host",
                        task.id(), data.runId(), attempt);
                throw new StoppedBeforeEnd(task.id() + " attempt " + attempt + " interrupted by the stop");
            }
            if (outcome.status() == TaskOutcome.Status.FAILED && !outcome.permanent() && attempt < maxAttempts) {
                host.runLog().attemptEnded(data.runId(), data.taskId(), recorded, AttemptStatus.FAILED, "attempt " + attempt + " of "
                        + maxAttempts + " failed: " + outcome.message(), outcome.publishedKeys());
                LOG.warn("task {} of run {}: attempt {} of {} failed; it will be retried in about {}", task.id(), data.runId(),
                        attempt, maxAttempts, backoff.delayAfter(attempt));
                throw new TaskAttemptFailed(task.id() + " attempt " + attempt + " of " + maxAttempts + " failed; retrying");
            }
        }
        boolean ended = host.runLog().finish(data.runId(), data.taskId(), recorded, outcome);
        scheduleReadyDownstream(ctx.getSchedulerClient(), data);
        cdn.runEnded(data.runId(), ctx.getSchedulerClient());
        if (ended && outcome.status() == TaskOutcome.Status.FAILED) { // not when a newer attempt or an abandon overtook this one
            alerts.ifPresent(a -> a.taskFailed(data.taskId(), date, data.runId(), attempt, outcome.message()));
        }
    }

    private void scheduleReadyDownstream(SchedulerClient client, TaskRunData data) {
        Map<String, RunStatus> statuses = host.runLog().statuses(data.runId());
        for (Task down : host.graph().downstream(data.taskId())) {
            if (statuses.get(down.id()) != RunStatus.PLANNED) {
                continue;
            }
            boolean ready = down.upstream().stream().allMatch(up -> statuses.containsKey(up) && statuses.get(up).isTerminal());
            if (ready) {
                schedule(client, new TaskRunData(data.runId(), down.id(), data.group(), data.date(), data.latest(), data.full(),
                        data.intervalEnd()));
            }
        }
    }

    /**
     * {@link #await}, and when waiting fails (timeout, interruption) marks the run's unfinished tasks
     * abandoned, saying that {@code command} gave up, before rethrowing.
     */
    public Map<String, TaskRunLog.Entry> awaitOrAbandon(String runId, Duration timeout, String command) throws InterruptedException {
        try {
            return await(runId, timeout);
        } catch (RuntimeException | InterruptedException e) {
            abandon(runId, "the " + command + " command gave up: " + e.getMessage());
            throw e;
        }
    }

    /** Waits until every task of the run has ended; returns the log rows. */
    public Map<String, TaskRunLog.Entry> await(String runId, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Map<String, RunStatus> statuses = host.runLog().statuses(runId);
            if (statuses.values().stream().allMatch(RunStatus::isTerminal)) {
                if (!CdnInvalidation.pending(dsl, runId)) {
                    return host.runLog().entries(runId);
                }
                cdn.runEnded(runId, scheduler); // idempotent: in case the last task's host stopped before scheduling it
            }
            if (Instant.now().isAfter(deadline)) {
                List<String> open = new java.util.ArrayList<>(statuses.entrySet().stream()
                        .filter(e -> !e.getValue().isTerminal()).map(e -> e.getKey() + " " + e.getValue()).toList());
                if (open.isEmpty()) {
                    open.add("its CDN invalidation");
                }
                throw new IllegalStateException("DAG run " + runId + " did not finish within " + timeout + ": " + open);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Gives up a run: cancels its executions that have not started and marks its tasks that have
     * not ended as ABANDONED, so nothing of it runs later.
     */
    public List<String> abandon(String runId, String why) {
        for (TaskRunLog.Entry e : host.runLog().entries(runId).values()) {
            if (!e.isTerminal()) {
                try {
                    scheduler.cancel(TaskInstanceId.of(taskExecution.getName(), runId + "/" + e.taskId()));
                } catch (RuntimeException notScheduledOrRunning) {
                    // not scheduled yet (waits for upstream) or running now: the log row stops it
                }
            }
        }
        abandoned.add(runId); // its CDN invalidation is made when this scheduler closes, after its running tasks
        return host.runLog().abandon(runId, why);
    }

    /**
     * Stops the scheduler: no new execution starts; running ones get {@code DATAVERSE_SHUTDOWN_WAIT}
     * to end (interrupted at half of it). An execution still running after that is released: it is
     * handed back, due at once, so another host runs it without waiting for the dead-execution timeout.
     */
    @Override
    public void close() {
        scheduler.stop();
        if (mode == Mode.SERVE) {
            releaseStillRunning();
        }
        cdn.close(abandoned, scheduler);
    }

    private void releaseStillRunning() {
        try {
            // One-time executions only: a recurring one moved to now would fire its schedule a second time.
            List<String> released = SchedulerTable.releasePicked(dsl, name, List.of(taskExecution.getName(), cdn.task().getName()));
            if (!released.isEmpty()) {
                LOG.warn("released {} execution(s) still running at the end of the stop, for another host: {}", released.size(),
                        released);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not release the executions still running ({}); another host runs them after the dead-execution timeout",
                    host.config().redact(String.valueOf(e.getMessage())));
        }
    }

    /** Thrown to let db-scheduler retry a failed attempt later. */
    static class TaskAttemptFailed extends RuntimeException {
        TaskAttemptFailed(String message) {
            super(message, null, false, false);
        }
    }

    /** Thrown when an attempt was cut short by the host's stop: {@link RetryBackoff} makes it due at once. */
    static final class StoppedBeforeEnd extends TaskAttemptFailed {
        StoppedBeforeEnd(String message) {
            super(message);
        }
    }
}
