package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.testhelper.ManualScheduler;
import com.github.kagkarlsson.scheduler.testhelper.SettableClock;
import com.github.kagkarlsson.scheduler.testhelper.TestHelper;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.loaders.warehouse.SchemaMigrator;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;

/**
 * Pins what {@link SchedulerTable} assumes of db-scheduler: its release, and its table as the host
 * migration creates it. An upgrade of db-scheduler fails here first: check its table and its
 * locking by {@code version}, then the release statement, before changing the version below.
 */
class SchedulerTableCompatibilityIT {

    @Test
    void theDbSchedulerOnTheClassPathIsTheReleaseTheStatementWasWrittenFor() throws Exception {
        Properties pom = new Properties();
        try (InputStream in = Scheduler.class.getResourceAsStream("/META-INF/maven/com.github.kagkarlsson/db-scheduler/pom.properties")) {
            pom.load(in);
        }
        assertThat(pom.getProperty("version")).as("db-scheduler was upgraded: check that SchedulerTable.releasePicked and"
                + " V2__scheduled_tasks.sql still match its table and locking, then raise DB_SCHEDULER_VERSION")
                .isEqualTo(SchedulerTable.DB_SCHEDULER_VERSION);
    }

    @Test
    void anExecutionReleasedWhileRunningStaysForAnotherHostAndRunsAgain() throws Exception {
        PostgresWarehouse warehouse = TestPostgres.newWarehouse();
        SchemaMigrator.migrate(warehouse.dataSource(), HostMigrations.all());
        DSLContext dsl = PostgresWarehouse.dsl(warehouse);
        AtomicInteger runs = new AtomicInteger();
        List<String> released = new ArrayList<>();
        OneTimeTask<Void> task = Tasks.oneTime("compat-task").execute((instance, ctx) -> {
            if (runs.incrementAndGet() == 1) {
                // The first attempt is still running when its host stops and hands it back.
                Record row = dsl.fetchOne("SELECT picked, picked_by FROM scheduled_tasks WHERE task_instance = 'a'");
                assertThat(row.get(0, Boolean.class)).as("db-scheduler marks a running execution picked").isTrue();
                released.addAll(SchedulerTable.releasePicked(dsl, row.get(1, String.class), List.of("compat-task")));
            }
        });
        SettableClock clock = new SettableClock();
        clock.set(Instant.now());
        ManualScheduler scheduler = TestHelper.createManualScheduler(warehouse.dataSource(), List.of(task)).clock(clock).build();
        scheduler.schedule(task.instance("a"), clock.now());

        scheduler.runAnyDueExecutions();

        assertThat(released).containsExactly("a");
        Record row = dsl.fetchOne("SELECT picked, picked_by, last_heartbeat, execution_time <= now() FROM scheduled_tasks"
                + " WHERE task_name = 'compat-task' AND task_instance = 'a'");
        assertThat(row).as("the released attempt could not complete (remove) the execution it no longer holds").isNotNull();
        assertThat(row.get(0, Boolean.class)).isFalse();
        assertThat(row.get(1, String.class)).isNull();
        assertThat(row.get(2)).isNull();
        assertThat(row.get(3, Boolean.class)).as("due at once").isTrue();

        clock.set(Instant.now().plusSeconds(1));
        scheduler.runAnyDueExecutions();

        assertThat(runs.get()).as("db-scheduler picks the released execution up again").isEqualTo(2);
        assertThat(dsl.fetchCount(dsl.selectFrom("scheduled_tasks"))).as("and completes it this time").isZero();
        warehouse.close();
    }
}
