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
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.runners.TaskGate;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.spi.TaskResult;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
    static final String CDN_NAME = "dataverse-cdn";

    private final Host host;
    private final Mode mode;
    private final int maxAttempts;
    private final RetryBackoff<TaskRunData> backoff;
    private final Optional<WebhookAlerts> alerts;
    private final Optional<CdnInvalidation> cdn;
    private final org.jooq.DSLContext dsl;
    /** Runs this process gave up (abandon): their CDN invalidation waits for the close. */
    private final java.util.Set<String> abandoned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** This scheduler's name in a cluster: the host name and an id of this instance. */
    private final String name;
    private final OneTimeTask<TaskRunData> taskExecution;
    /** A run's CDN invalidation, once all its tasks have ended; its instance id is the run id. */
    private final OneTimeTask<Void> cdnExecution;
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
    public record TaskRunData(String runId, String taskId, String group, String date, boolean latest, boolean full)
            implements Serializable {
    }

    public DagScheduler(Host host, Mode mode) {
        this.host = host;
        this.mode = mode;
        int retries = mode == Mode.SERVE ? host.config().getInt("DATAVERSE_TASK_RETRIES", 2)
                : host.config().getInt("DATAVERSE_DAG_RETRIES", 0);
        this.maxAttempts = 1 + Math.max(0, retries);
        this.alerts = WebhookAlerts.fromConfig(host.config());
        catchUpMode(host); // a wrong setting fails the start, not every daily run later
        host.config().getInt("DATAVERSE_CATCH_UP_DAYS", 3);
        this.backoff = new RetryBackoff<>(host.config().getDuration("DATAVERSE_RETRY_DELAY", Duration.ofMinutes(5)),
                host.config().getDuration("DATAVERSE_RETRY_MAX_DELAY", Duration.ofHours(1)),
                jitter(host.config().get("DATAVERSE_RETRY_JITTER").orElse("0.2")),
                () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
        String suffix = mode == Mode.SERVE ? "" : "-once-" + UUID.randomUUID().toString().substring(0, 8);
        this.taskExecution = Tasks.oneTime(TASK_NAME + suffix, TaskRunData.class)
                .onFailure(backoff)
                .execute(this::execute);
        this.cdn = CdnInvalidation.fromConfig(host);
        this.dsl = PostgresWarehouse.dsl(host.warehouse());
        this.cdnExecution = Tasks.oneTime(CDN_NAME + suffix)
                .onFailure(new RetryBackoff<>(backoff))
                .execute(this::invalidateCdn);
        // db-scheduler keeps at most 50 characters of the name in picked_by: keep it within them.
        String hostName = hostName();
        this.name = hostName.substring(0, Math.min(hostName.length(), 41)) + "/" + UUID.randomUUID().toString().substring(0, 8);
        // A host without CDN settings does not know the invalidation task, so it leaves those executions to one that does.
        var builder = Scheduler.create(host.warehouse().dataSource(),
                        cdn.isPresent() ? List.of(taskExecution, cdnExecution) : List.of(taskExecution))
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
                .shutdownMaxWait(shutdownWait(host).dividedBy(2));
        if (mode == Mode.SERVE) {
            RecurringTask<Void> daily = Tasks.recurring(DAILY_NAME, cron(host, "DATAVERSE_DAILY_CRON", "0 0 0 * * *"))
                    .execute((instance, ctx) -> launchDaily(ctx.getExecution().executionTime, ctx.getSchedulerClient()));
            RecurringTask<Void> halfHourly = Tasks.recurring(HALF_HOURLY_NAME, cron(host, "DATAVERSE_HALFHOURLY_CRON", "0 0,30 * * * *"))
                    .execute((instance, ctx) -> launchHalfHourly(ctx.getExecution().executionTime, ctx.getSchedulerClient()));
            List<RecurringTask<?>> recurring = new java.util.ArrayList<>(List.of(daily, halfHourly));
            alerts.ifPresent(a -> {
                StaleWatch watch = new StaleWatch(host, a);
                recurring.add(Tasks.recurring(STALE_WATCH_NAME, cron(host, "DATAVERSE_STALE_CHECK_CRON", "0 15,45 * * * *"))
                        .execute((instance, ctx) -> watch.check(host.clock().instant())));
            });
            builder = builder.startTasks(recurring);
        }
        this.scheduler = builder.build();
    }

    /** The configured schedule of a group ({@code DATAVERSE_DAILY_CRON}, {@code DATAVERSE_HALFHOURLY_CRON}). */
    static com.github.kagkarlsson.scheduler.task.schedule.Schedule schedule(Host host, ScheduleGroup group) {
        return group == ScheduleGroup.DAILY ? cron(host, "DATAVERSE_DAILY_CRON", "0 0 0 * * *")
                : cron(host, "DATAVERSE_HALFHOURLY_CRON", "0 0,30 * * * *");
    }

    /** A group's schedule: a cron expression (seconds first, UTC) from configuration. */
    private static com.github.kagkarlsson.scheduler.task.schedule.Schedule cron(Host host, String name, String fallback) {
        String expression = host.config().get(name).orElse(fallback);
        try {
            return Schedules.cron(expression, ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " is not a cron expression (six fields, seconds first, UTC): '" + expression
                    + "': " + e.getMessage());
        }
    }

    private static String catchUpMode(Host host) {
        String mode = host.config().get("DATAVERSE_CATCH_UP").orElse("all").strip().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("all", "last", "none").contains(mode)) {
            throw new IllegalArgumentException("DATAVERSE_CATCH_UP must be all, last or none, got '" + mode + "'");
        }
        return mode;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }

    private static double jitter(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DATAVERSE_RETRY_JITTER must be a fraction between 0 and 1, got '" + value + "'");
        }
    }

    /**
     * The daily recurring execution due at {@code at}. On time, it runs D = the day before. Late
     * (after an outage), it runs the missed dates as {@code DATAVERSE_CATCH_UP} says: {@code all}
     * (the default: every missed date, oldest first, at most {@code DATAVERSE_CATCH_UP_DAYS}),
     * {@code last} (the newest date only) or {@code none} (no missed date: the next scheduled run
     * carries on). Only the newest date counts as the latest run, so latest-only tasks skip the others.
     */
    void launchDaily(Instant at, SchedulerClient client) {
        LocalDate due = dailyExecutionDate(at);
        LocalDate newest = dailyExecutionDate(host.clock().instant());
        String mode = catchUpMode(host);
        int cap = Math.max(1, host.config().getInt("DATAVERSE_CATCH_UP_DAYS", 3));
        LocalDate first = switch (mode) {
            case "all" -> due.isBefore(newest.minusDays(cap - 1L)) ? newest.minusDays(cap - 1L) : due;
            case "last" -> newest;
            default -> due.equals(newest) ? newest : null;
        };
        if (first == null) {
            LOG.warn("daily runs for {}..{} were missed and are not caught up (DATAVERSE_CATCH_UP=none)", due, newest);
            return;
        }
        if (first.isAfter(due)) {
            LOG.warn("daily runs for {}..{} were missed and are not caught up (DATAVERSE_CATCH_UP={}, DATAVERSE_CATCH_UP_DAYS={})",
                    due, first.minusDays(1), mode, cap);
        }
        for (LocalDate d = first; !d.isAfter(newest); d = d.plusDays(1)) {
            launch(ScheduleGroup.DAILY, d, d.equals(newest), false, "daily-" + d + "-" + at.getEpochSecond(), client);
        }
    }

    /**
     * The half-hourly recurring execution due at {@code at}. Every half-hourly task is latest-only,
     * so after an outage only the newest interval runs.
     */
    void launchHalfHourly(Instant at, SchedulerClient client) {
        Instant now = host.clock().instant();
        Instant intervalEnd = at;
        if (now.isAfter(at.plus(Duration.ofMinutes(30)))) {
            intervalEnd = Instant.ofEpochSecond(now.getEpochSecond() / 1800 * 1800);
            LOG.warn("half-hourly runs due since {} were missed; running the newest interval, ending {}", at, intervalEnd);
        }
        LocalDate d = halfHourlyExecutionDate(intervalEnd);
        launch(ScheduleGroup.HALF_HOURLY, d, true, false, "halfhourly-" + d + "-" + intervalEnd.getEpochSecond(), client);
    }

    /** The daily run that starts at D+1 00:00 UTC serves D. */
    static LocalDate dailyExecutionDate(Instant scheduledAt) {
        return scheduledAt.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
    }

    /** A half-hourly run serves the interval [s, s + 30 min) that ends when it starts; D is the date of s. */
    static LocalDate halfHourlyExecutionDate(Instant scheduledAt) {
        return scheduledAt.minus(Duration.ofMinutes(30)).atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** This scheduler's name in a cluster (host name / instance id), as {@code executed_by} records it. */
    public String name() {
        return name;
    }

    /** How the run's CDN invalidation went, in one line; empty when the CDN is off or the run has none. */
    public Optional<String> cdnSummary(String runId) {
        return cdn.flatMap(c -> c.describe(runId));
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
        String runId = group.cliName() + "-" + date + "-" + UUID.randomUUID().toString().substring(0, 8);
        launch(group, date, latest, full, runId, scheduler);
        return runId;
    }

    /**
     * Plans a run of {@code tasks} (of one group, upstream tasks included) for {@code date} under
     * {@code runId} and schedules its root tasks.
     */
    public void launch(ScheduleGroup group, LocalDate date, boolean latest, boolean full, String runId, List<Task> tasks) {
        launch(group, date, latest, full, runId, tasks, scheduler);
    }

    private void launch(ScheduleGroup group, LocalDate date, boolean latest, boolean full, String runId, SchedulerClient client) {
        launch(group, date, latest, full, runId, host.graph().group(group), client);
    }

    private void launch(ScheduleGroup group, LocalDate date, boolean latest, boolean full, String runId, List<Task> tasks,
                        SchedulerClient client) {
        host.runLog().plan(runId, group, date, latest, full, tasks.stream().map(Task::id).toList());
        cdn.ifPresent(c -> c.expect(runId));
        LOG.info("DAG run {}: {} tasks of the {} group for {}", runId, tasks.size(), group.cliName(), date);
        for (Task t : tasks) {
            if (t.upstream().isEmpty()) {
                schedule(client, new TaskRunData(runId, t.id(), group.cliName(), date.toString(), latest, full));
            }
        }
    }

    private void schedule(SchedulerClient client, TaskRunData data) {
        TaskInstance<TaskRunData> instance = taskExecution.instance(data.runId() + "/" + data.taskId(), data);
        client.scheduleIfNotExists(instance, host.clock().instant());
    }

    private void execute(TaskInstance<TaskRunData> instance, ExecutionContext ctx) {
        TaskRunData data = instance.getData();
        if (!host.graph().contains(data.taskId())) {
            LOG.error("run {} names task {}, which no plugin offers any more; it is marked failed", data.runId(), data.taskId());
            host.runLog().claim(data.runId(), data.taskId(), true, name).ifPresent(n -> host.runLog().finish(data.runId(),
                    data.taskId(), n, TaskOutcome.failed(data.taskId(), "no plugin offers this task")));
            scheduleReadyDownstream(ctx.getSchedulerClient(), data);
            runEnded(data.runId(), ctx.getSchedulerClient());
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
                upstreamStatus.put(up, TaskOutcome.Status.valueOf(e.status()));
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
            runEnded(data.runId(), ctx.getSchedulerClient());
            return;
        }
        int recorded = claimed.getAsInt(); // the attempt's number in the run log (counts attempts whose host died too)
        Optional<String> skip = TaskGate.skipReason(task, data.latest(), upstreamStatus);
        TaskOutcome outcome;
        if (skip.isPresent()) {
            outcome = TaskOutcome.skipped(task.id(), skip.get());
            LOG.info("task {} of run {} skipped: {}", task.id(), data.runId(), skip.get());
        } else {
            outcome = host.runner().runOne(data.runId(), task, date, data.latest(), data.full(), upstreamResults,
                    key -> host.runLog().keyPublished(data.runId(), data.taskId(), recorded, key));
            if (outcome.status() == TaskOutcome.Status.FAILED && mode == Mode.SERVE && ctx.getSchedulerState().isShuttingDown()) {
                // Interrupted by this host's stop: not the task's fault. Due again at once, for another host.
                host.runLog().attemptEnded(data.runId(), data.taskId(), recorded, "INTERRUPTED", "attempt " + attempt
                        + " was interrupted by the stop of " + name + ": " + outcome.message(), outcome.publishedKeys());
                LOG.warn("task {} of run {}: attempt {} was interrupted by the stop; it is due again at once, for another host",
                        task.id(), data.runId(), attempt);
                throw new StoppedBeforeEnd(task.id() + " attempt " + attempt + " interrupted by the stop");
            }
            if (outcome.status() == TaskOutcome.Status.FAILED && !outcome.permanent() && attempt < maxAttempts) {
                host.runLog().attemptEnded(data.runId(), data.taskId(), recorded, "FAILED", "attempt " + attempt + " of "
                        + maxAttempts + " failed: " + outcome.message(), outcome.publishedKeys());
                LOG.warn("task {} of run {}: attempt {} of {} failed; it will be retried in about {}", task.id(), data.runId(),
                        attempt, maxAttempts, backoff.delayAfter(attempt));
                throw new TaskAttemptFailed(task.id() + " attempt " + attempt + " of " + maxAttempts + " failed; retrying");
            }
        }
        boolean ended = host.runLog().finish(data.runId(), data.taskId(), recorded, outcome);
        scheduleReadyDownstream(ctx.getSchedulerClient(), data);
        runEnded(data.runId(), ctx.getSchedulerClient());
        if (ended && outcome.status() == TaskOutcome.Status.FAILED) { // not when a newer attempt or an abandon overtook this one
            alerts.ifPresent(a -> a.taskFailed(data.taskId(), date, data.runId(), attempt, outcome.message()));
        }
    }

    /**
     * Called after a task of the run ended: when it was the last one, schedules the run's CDN
     * invalidation (once: the execution's id is the run id, and an invalidation that ended is not
     * made again). Failed tasks do not hold back the invalidation of what the others published.
     */
    private void runEnded(String runId, SchedulerClient client) {
        // Asked for when the run was planned, so a host without CDN settings schedules it too, for one with them.
        if (host.runLog().endedAwaitingCdn(runId)) {
            client.scheduleIfNotExists(cdnExecution.instance(runId), host.clock().instant());
        }
    }

    private void invalidateCdn(TaskInstance<Void> instance, ExecutionContext ctx) {
        String runId = instance.getId();
        if (cdn.isEmpty()) {
            LOG.error("run {} asks for a CDN invalidation, but this host has no DATAVERSE_CDN_DISTRIBUTION_ID; skipped", runId);
            return;
        }
        int attempt = ctx.getExecution().consecutiveFailures + 1;
        Optional<String> failure;
        try {
            failure = cdn.get().invalidate(runId, attempt >= maxAttempts);
        } catch (io.stacksdataverse.loaders.cdn.CloudFrontInvalidator.CdnException | RuntimeException e) {
            String message = host.config().redact(String.valueOf(e.getMessage()));
            if (attempt >= maxAttempts) { // only a failure other than CloudFront's answer gets here on the last attempt
                failure = Optional.of(cdn.get().failed(runId, e instanceof RuntimeException r ? r : new IllegalStateException(message)));
            } else {
                LOG.warn("run {}: CDN invalidation attempt {} of {} failed; it will be retried in about {}: {}", runId, attempt,
                        maxAttempts, backoff.delayAfter(attempt), message);
                throw new TaskAttemptFailed("CDN invalidation of run " + runId + " attempt " + attempt + " failed; retrying");
            }
        }
        failure.ifPresent(message -> alerts.ifPresent(a -> a.send("Stacks Dataverse: the CDN invalidation of run " + runId
                + " failed after " + attempt + (attempt == 1 ? " attempt: " : " attempts: ") + message)));
    }

    private void scheduleReadyDownstream(SchedulerClient client, TaskRunData data) {
        Map<String, String> statuses = host.runLog().statuses(data.runId());
        for (Task down : host.graph().downstream(data.taskId())) {
            if (!"PLANNED".equals(statuses.get(down.id()))) {
                continue;
            }
            boolean ready = down.upstream().stream().allMatch(up -> statuses.containsKey(up) && TaskRunLog.isTerminal(statuses.get(up)));
            if (ready) {
                schedule(client, new TaskRunData(data.runId(), down.id(), data.group(), data.date(), data.latest(), data.full()));
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
            Map<String, String> statuses = host.runLog().statuses(runId);
            if (statuses.values().stream().allMatch(TaskRunLog::isTerminal)) {
                if (!CdnInvalidation.pending(dsl, runId)) {
                    return host.runLog().entries(runId);
                }
                runEnded(runId, scheduler); // idempotent: in case the last task's host stopped before scheduling it
            }
            if (Instant.now().isAfter(deadline)) {
                List<String> open = new java.util.ArrayList<>(statuses.entrySet().stream()
                        .filter(e -> !TaskRunLog.isTerminal(e.getValue())).map(e -> e.getKey() + " " + e.getValue()).toList());
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

    /** {@code DATAVERSE_SHUTDOWN_WAIT}: how long a stop waits for running tasks before it releases them. */
    static Duration shutdownWait(Host host) {
        Duration wait = host.config().getDuration("DATAVERSE_SHUTDOWN_WAIT", Duration.ofMinutes(1));
        if (wait.isNegative()) {
            throw new IllegalArgumentException("DATAVERSE_SHUTDOWN_WAIT must not be negative, got " + wait);
        }
        return wait;
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
        if (cdn.isPresent()) {
            for (String runId : abandoned) {
                invalidateAbandoned(runId);
            }
            cdn.get().close();
        }
    }

    /** The invalidation of a run given up by this process, which runs nothing of it any more: one try, now. */
    private void invalidateAbandoned(String runId) {
        if (!host.runLog().endedAwaitingCdn(runId)) {
            return;
        }
        try {
            // scheduled by a task that ended during the stop; no process of this name will run it
            scheduler.cancel(TaskInstanceId.of(cdnExecution.getName(), runId));
        } catch (RuntimeException notScheduled) {
            // nothing to cancel
        }
        try {
            Optional<String> failure;
            try {
                failure = cdn.get().invalidate(runId, true);
            } catch (RuntimeException e) {
                failure = Optional.of(cdn.get().failed(runId, e));
            }
            failure.ifPresent(message -> alerts.ifPresent(a -> a.send("Stacks Dataverse: the CDN invalidation of abandoned run "
                    + runId + " failed: " + message)));
        } catch (io.stacksdataverse.loaders.cdn.CloudFrontInvalidator.CdnException notOnALastAttempt) {
            throw new IllegalStateException(notOnALastAttempt); // invalidate(…, true) does not throw it
        }
    }

    private void releaseStillRunning() {
        try {
            // One-time executions only: a recurring one moved to now would fire its schedule a second time.
            List<String> released = dsl.fetch("UPDATE scheduled_tasks SET picked = false,"
                    + " picked_by = NULL, last_heartbeat = NULL, execution_time = now(), version = version + 1"
                    + " WHERE picked AND picked_by = left(?, 50) AND task_name IN (?, ?) RETURNING task_instance",
                    name, taskExecution.getName(), cdnExecution.getName()).getValues(0, String.class);
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
