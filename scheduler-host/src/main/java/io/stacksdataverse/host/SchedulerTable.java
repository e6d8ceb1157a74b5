package io.stacksdataverse.host;

import java.util.List;
import org.jooq.DSLContext;

/**
 * The one statement the host runs on db-scheduler's own table, {@code scheduled_tasks}: its client
 * refuses to reschedule an execution that is picked, and a stopping host must hand back the ones
 * still running without waiting for the dead-execution timeout. Written for the table of
 * db-scheduler {@value #DB_SCHEDULER_VERSION} ({@code V2__scheduled_tasks.sql}); a test pins both.
 */
final class SchedulerTable {
    /** The db-scheduler release whose table and locking (by {@code version}) the statement below follows. */
    static final String DB_SCHEDULER_VERSION = "16.7.1";

    private SchedulerTable() {
    }

    /**
     * Hands back the executions of {@code taskNames} that {@code schedulerName} has picked: not
     * picked, due now, their version raised so that the attempt still running cannot complete
     * (remove or reschedule) them any more. Returns their instance ids.
     */
    static List<String> releasePicked(DSLContext dsl, String schedulerName, List<String> taskNames) {
        // db-scheduler keeps at most 50 characters of the name in picked_by.
        return dsl.fetch("UPDATE scheduled_tasks SET picked = false, picked_by = NULL, last_heartbeat = NULL,"
                        + " execution_time = now(), version = version + 1"
                        + " WHERE picked AND picked_by = left(?, 50) AND task_name = ANY(?::text[]) RETURNING task_instance",
                schedulerName, taskNames.toArray(String[]::new)).getValues(0, String.class);
    }
}
