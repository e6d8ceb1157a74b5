package io.stacksdataverse.host;

import io.stacksdataverse.spi.SchemaMigration;
import java.util.List;

/** The host's own tables (namespace {@code host}): the task run log and its attempts, db-scheduler's table, the stale alerts sent, the CDN invalidations. */
final class HostMigrations {
    private HostMigrations() {
    }

    static List<SchemaMigration> all() {
        return List.of(
                SchemaMigration.fromResource(HostMigrations.class, "host", 1, "dataverse_task_runs", "V1__task_runs.sql"),
                SchemaMigration.fromResource(HostMigrations.class, "host", 2, "db-scheduler scheduled_tasks", "V2__scheduled_tasks.sql"),
                SchemaMigration.fromResource(HostMigrations.class, "host", 3, "abandoned runs", "V3__abandoned_runs.sql"),
                SchemaMigration.fromResource(HostMigrations.class, "host", 4, "dataverse_stale_alerts", "V4__stale_alerts.sql"),
                SchemaMigration.fromResource(HostMigrations.class, "host", 5, "dataverse_task_runs.executed_by", "V5__executed_by.sql"),
                SchemaMigration.fromResource(HostMigrations.class, "host", 6, "CDN invalidations", "V6__cdn_invalidations.sql"),
                SchemaMigration.fromResource(HostMigrations.class, "host", 7, "dataverse_task_attempts", "V7__task_attempts.sql"));
    }
}
