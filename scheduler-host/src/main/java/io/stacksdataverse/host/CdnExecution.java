package io.stacksdataverse.host;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.stacksdataverse.loaders.cdn.CloudFrontInvalidator;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's CDN invalidation as a db-scheduler execution, scheduled once all the run's tasks have
 * ended; its instance id is the run id. Failed tasks do not hold back the invalidation of what the
 * others published.
 */
final class CdnExecution {
    private static final Logger LOG = LoggerFactory.getLogger(CdnExecution.class);
    static final String NAME = "dataverse-cdn";

    private final Host host;
    private final Optional<CdnInvalidation> cdn;
    private final Optional<WebhookAlerts> alerts;
    private final int maxAttempts;
    private final RetryBackoff<?> backoff;
    private final OneTimeTask<Void> task;

    CdnExecution(Host host, Optional<WebhookAlerts> alerts, int maxAttempts, RetryBackoff<?> backoff, String nameSuffix) {
        this.host = host;
        this.cdn = CdnInvalidation.fromConfig(host);
        this.alerts = alerts;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.task = Tasks.oneTime(NAME + nameSuffix).onFailure(new RetryBackoff<>(backoff)).execute(this::invalidate);
    }

    OneTimeTask<Void> task() {
        return task;
    }

    /** Whether this host has the CDN settings (a host without them leaves the invalidations to one with them). */
    boolean configured() {
        return cdn.isPresent();
    }

    /** Asks for the run's invalidation when it is planned. */
    void expect(String runId) {
        cdn.ifPresent(c -> c.expect(runId));
    }

    /** How the run's CDN invalidation went, in one line; empty when the CDN is off or the run has none. */
    Optional<String> summary(String runId) {
        return cdn.flatMap(c -> c.describe(runId));
    }

    /** Called after a task of the run ended: when it was the last one, schedules the invalidation (once). */
    void runEnded(String runId, SchedulerClient client) {
        // Asked for when the run was planned, so a host without CDN settings schedules it too, for one with them.
        if (host.runLog().endedAwaitingCdn(runId)) {
            client.scheduleIfNotExists(task.instance(runId), host.clock().instant());
        }
    }

    private void invalidate(TaskInstance<Void> instance, ExecutionContext ctx) {
        String runId = instance.getId();
        if (cdn.isEmpty()) {
            LOG.error("run {} asks for a CDN invalidation, but this host has no DATAVERSE_CDN_DISTRIBUTION_ID; skipped", runId);
            return;
        }
        int attempt = ctx.getExecution().consecutiveFailures + 1;
        Optional<String> failure;
        try {
            failure = cdn.get().invalidate(runId, attempt >= maxAttempts);
        } catch (CloudFrontInvalidator.CdnException | RuntimeException e) {
            String message = host.config().redact(String.valueOf(e.getMessage()));
            if (attempt >= maxAttempts) { // only a failure other than CloudFront's answer gets here on the last attempt
                failure = Optional.of(cdn.get().failed(runId, e instanceof RuntimeException r ? r : new IllegalStateException(message)));
            } else {
                LOG.warn("run {}: CDN invalidation attempt {} of {} failed; it will be retried in about {}: {}", runId, attempt,
                        maxAttempts, backoff.delayAfter(attempt), message);
                throw new DagScheduler.TaskAttemptFailed("CDN invalidation of run " + runId + " attempt " + attempt + " failed; retrying");
            }
        }
        failure.ifPresent(message -> alerts.ifPresent(a -> a.send("Stacks Dataverse: the CDN invalidation of run " + runId
                + " failed after " + attempt + (attempt == 1 ? " attempt: " : " attempts: ") + message)));
    }

    /** After the scheduler stopped: the invalidations of the runs this process gave up, then the client's close. */
    void close(Set<String> abandoned, SchedulerClient client) {
        if (cdn.isPresent()) {
            for (String runId : abandoned) {
                invalidateAbandoned(runId, client);
            }
            cdn.get().close();
        }
    }

    /** The invalidation of a run given up by this process, which runs nothing of it any more: one try, now. */
    private void invalidateAbandoned(String runId, SchedulerClient client) {
        if (!host.runLog().endedAwaitingCdn(runId)) {
            return;
        }
        try {
            // scheduled by a task that ended during the stop; no process of this name will run it
            client.cancel(TaskInstanceId.of(task.getName(), runId));
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
        } catch (CloudFrontInvalidator.CdnException notOnALastAttempt) {
            throw new IllegalStateException(notOnALastAttempt); // invalidate(…, true) does not throw it
        }
    }
}
