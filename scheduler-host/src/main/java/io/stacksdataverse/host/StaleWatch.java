package io.stacksdataverse.host;

import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Tells the alert webhook when a task's data goes stale ({@link Freshness}): once per task, when
 * it turns stale after having been fresh, and again only after it was fresh in between. A task that
 * never succeeded is not "going" stale (its failures are alerted as they happen). The alerts sent
 * are kept in the warehouse ({@code dataverse_stale_alerts}), so a cluster of hosts alerts once.
 */
final class StaleWatch {
    private final Host host;
    private final WebhookAlerts alerts;
    private final DSLContext dsl;

    StaleWatch(Host host, WebhookAlerts alerts) {
        this.host = host;
        this.alerts = alerts;
        this.dsl = PostgresWarehouse.dsl(host.warehouse());
    }

    /** Checks every enabled task as of {@code now}; returns the tasks alerted this time. */
    List<String> check(Instant now) {
        Map<String, TaskRunLog.NewestSuccess> newest = host.runLog().newestSuccesses();
        Duration grace = host.config().getDuration("DATAVERSE_STALE_GRACE", Duration.ofHours(3));
        List<String> alerted = new ArrayList<>();
        for (ScheduleGroup group : ScheduleGroup.values()) {
            for (Task t : host.graph().group(group)) {
                TaskRunLog.NewestSuccess ok = newest.get(t.id());
                if (t.disabledReason().isPresent() || ok == null || host.disabledUpstream(t).isPresent()) {
                    continue;
                }
                Freshness f = Freshness.of(group, Optional.of(ok.date()), Optional.of(ok.finished()), now, grace,
                        SchedulerSettings.schedule(host, group));
                if (f.fresh()) {
                    dsl.execute("DELETE FROM dataverse_stale_alerts WHERE task_id = ?", t.id());
                } else if (dsl.execute("INSERT INTO dataverse_stale_alerts (task_id, description) VALUES (?, ?)"
                        + " ON CONFLICT (task_id) DO NOTHING", t.id(), f.description()) == 1) {
                    boolean sent = alerts.send("Stacks Dataverse: the data of task " + t.id() + " (" + group.cliName() + ") is "
                            + f.description() + "; newest date " + ok.date() + ", last success " + ok.finished());
                    if (sent) {
                        alerted.add(t.id());
                    } else {
                        // not delivered: the next check tries again
                        dsl.execute("DELETE FROM dataverse_stale_alerts WHERE task_id = ?", t.id());
                    }
                }
            }
        }
        return alerted;
    }
}
