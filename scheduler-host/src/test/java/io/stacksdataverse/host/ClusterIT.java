package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.host.fixture.FixturePlugin;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.spi.LayeredConfig;
import io.stacksdataverse.spi.ScheduleGroup;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** Two serving hosts on one warehouse database run each task execution exactly once. */
class ClusterIT {
    @TempDir
    Path dir;

    // fixture_flaky counts its attempts per date for the whole JVM: another class may have run the same date first.
    @BeforeEach
    void freshFlakyAttempts() {
        FixturePlugin.FlakyTask.ATTEMPTS.clear();
    }

    @Test
    void anExecutionOfAHostKilledMidTaskIsRunByAnotherHostAfterTheDeadExecutionTimeout() throws Exception {
        String db = TestPostgres.newDatabaseUrl();
        Map<String, String> common = Map.of("DATAVERSE_DB_URL", db, "DATAVERSE_BLOB_STORE", "file:" + dir.resolve("b"),
                "DATAVERSE_POLLING_INTERVAL", "PT0.2S", "DATAVERSE_HEARTBEAT_INTERVAL", "PT0.5S", "FIXTURE_GREETING", "gm");
        Map<String, String> slow = new java.util.HashMap<>(common);
        slow.put("FIXTURE_SLEEP_MS", "120000"); // the first host is killed in the middle of fixture_echo
        String fixtureClassPath = FixturePlugins.classPath();
        ClassLoader plugins = FixturePlugins.loader();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db);
        try (HostProcess first = new HostProcess(slow, fixtureClassPath, "serve");
             Host b = Host.start(LayeredConfig.ofMap(common), Clock.systemUTC(), Host.discoverPlugins(plugins));
             DagScheduler second = new DagScheduler(b, DagScheduler.Mode.SERVE)) {
            first.awaitLine(l -> l.startsWith("serving "), 90).orElseThrow(() -> new AssertionError(first.output()));
            String runId = second.launch(ScheduleGroup.HALF_HOURLY, LocalDate.of(2023, 3, 1), false, false);
            String killedName = awaitRunning(ds, runId, Duration.ofSeconds(60));
            first.kill();
            second.start();

            Map<String, TaskRunLog.Entry> entries = second.awaitOrAbandon(runId, Duration.ofMinutes(2), "test");
            assertThat(entries.get("fixture_echo").status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(entries.get("fixture_shout").status()).as("its downstream task ran too").isEqualTo(RunStatus.SUCCEEDED);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT executed_by, attempts FROM dataverse_task_runs WHERE run_id = '" + runId
                         + "' AND task_id = 'fixture_echo'")) {
                rs.next();
                assertThat(rs.getString(1)).as("run by the surviving host").isNotEqualTo(killedName);
                assertThat(rs.getInt(2)).isEqualTo(2);
            }
            List<TaskRunLog.Attempt> attempts = b.runLog().attempts(runId, "fixture_echo");
            assertThat(attempts).extracting(TaskRunLog.Attempt::status).containsExactly(AttemptStatus.LOST, AttemptStatus.SUCCEEDED);
            assertThat(attempts.get(0).executedBy()).isEqualTo(killedName);
            assertThat(attempts.get(0).message()).isEqualTo("its host stopped before the attempt ended");
            assertThat(attempts.get(1).executedBy()).isEqualTo(second.name());
        }
    }

    /** Waits until fixture_echo of the run is RUNNING; returns the scheduler running it. */
    private static String awaitRunning(PGSimpleDataSource ds, String runId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT executed_by FROM dataverse_task_runs WHERE run_id = '" + runId
                         + "' AND task_id = 'fixture_echo' AND status = 'RUNNING'")) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("fixture_echo of " + runId + " never started");
    }

    @Test
    void aFailedAttemptIsRetriedAfterTheBackoffDelay() throws Exception {
        LayeredConfig config = LayeredConfig.ofMap(Map.of("DATAVERSE_DB_URL", TestPostgres.newDatabaseUrl(),
                "DATAVERSE_BLOB_STORE", "file:" + dir.resolve("b"), "DATAVERSE_POLLING_INTERVAL", "PT0.1S",
                "DATAVERSE_RETRY_DELAY", "PT2S", "DATAVERSE_RETRY_JITTER", "0", "FIXTURE_FLAKY", "1", "FIXTURE_GREETING", "gm"));
        ClassLoader plugins = FixturePlugins.loader();
        try (Host a = Host.start(config, Clock.systemUTC(), Host.discoverPlugins(plugins));
             DagScheduler serving = new DagScheduler(a, DagScheduler.Mode.SERVE)) {
            String runId = serving.launch(ScheduleGroup.HALF_HOURLY, LocalDate.of(2023, 5, 1), false, false);
            serving.start();
            Map<String, TaskRunLog.Entry> entries = serving.await(runId, Duration.ofSeconds(30));

            assertThat(entries.get("fixture_join").result().orElseThrow().value("joined")).contains("gm/2");
            List<TaskRunLog.Attempt> attempts = a.runLog().attempts(runId, "fixture_flaky");
            assertThat(attempts).extracting(TaskRunLog.Attempt::status).containsExactly(AttemptStatus.FAILED, AttemptStatus.SUCCEEDED);
            Duration waited = Duration.between(attempts.get(0).finished().orElseThrow(), attempts.get(1).started());
            assertThat(waited).as("the second attempt waits for DATAVERSE_RETRY_DELAY")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1_900)).isLessThan(Duration.ofSeconds(6));
        }
    }

    @Test
    void aServingHostNeverPicksTheExecutionsOfADagRunByHand() throws Exception {
        // A one-minute heartbeat: an execution picked by a host that cannot run it would wait six minutes.
        LayeredConfig config = LayeredConfig.ofMap(Map.of("DATAVERSE_DB_URL", TestPostgres.newDatabaseUrl(),
                "DATAVERSE_BLOB_STORE", "file:" + dir.resolve("b"), "DATAVERSE_POLLING_INTERVAL", "PT0.1S",
                "DATAVERSE_HEARTBEAT_INTERVAL", "PT1M", "FIXTURE_GREETING", "gm"));
        ClassLoader plugins = FixturePlugins.loader();
        try (Host a = Host.start(config, Clock.systemUTC(), Host.discoverPlugins(plugins));
             Host b = Host.start(config, Clock.systemUTC(), Host.discoverPlugins(plugins));
             DagScheduler serving = new DagScheduler(a, DagScheduler.Mode.SERVE);
             DagScheduler byHand = new DagScheduler(b, DagScheduler.Mode.ONCE)) {
            serving.start();
            byHand.start();
            for (int i = 0; i < 5; i++) {
                String runId = byHand.launch(ScheduleGroup.HALF_HOURLY, LocalDate.of(2023, 4, 1 + i), true, false);
                Map<String, TaskRunLog.Entry> entries = byHand.await(runId, Duration.ofSeconds(30));
                assertThat(entries.get("fixture_join").status()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(b.runLog().attempts(runId, "fixture_echo")).extracting(TaskRunLog.Attempt::executedBy)
                        .containsExactly(byHand.name());
            }
        }
    }

    @Test
    void twoSchedulersOnOneDatabaseRunEachOfTwoHundredExecutionsOnce() throws Exception {
        String db = TestPostgres.newDatabaseUrl();
        LayeredConfig config = LayeredConfig.ofMap(Map.of("DATAVERSE_DB_URL", db, "DATAVERSE_BLOB_STORE", "file:" + dir.resolve("b"),
                "DATAVERSE_POLLING_INTERVAL", "PT0.1S", "DATAVERSE_SCHEDULER_THREADS", "3", "FIXTURE_GREETING", "gm"));
        ClassLoader plugins = FixturePlugins.loader();
        // 34 DAG runs of the half-hourly group: the fixture's 4 tasks run, every other task is skipped (disabled, or
        // latest-only in a run that is not the latest).
        LocalDate first = LocalDate.of(2023, 1, 1);
        int runs = 34;
        int tasks;
        try (Host a = Host.start(config, Clock.systemUTC(), Host.discoverPlugins(plugins));
             Host b = Host.start(config, Clock.systemUTC(), Host.discoverPlugins(plugins));
             DagScheduler one = new DagScheduler(a, DagScheduler.Mode.SERVE);
             DagScheduler two = new DagScheduler(b, DagScheduler.Mode.SERVE)) {
            tasks = a.graph().group(ScheduleGroup.HALF_HOURLY).size();
            List<String> runIds = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                runIds.add((i % 2 == 0 ? one : two).launch(ScheduleGroup.HALF_HOURLY, first.plusDays(i), false, false));
            }
            one.start();
            two.start();
            for (String runId : runIds) {
                one.await(runId, Duration.ofMinutes(3));
            }
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE status = 'SUCCEEDED' AND attempts = 1),"
                     + " count(*) FILTER (WHERE status = 'SKIPPED'), count(DISTINCT run_id) FROM dataverse_task_runs"
                     + " WHERE execution_date BETWEEN '2023-01-01' AND '2023-02-03'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("executions").isEqualTo(tasks * runs);
            assertThat(rs.getInt(2)).as("succeeded at the first attempt").isEqualTo(4 * runs);
            assertThat(rs.getInt(3)).as("skipped").isEqualTo((tasks - 4) * runs);
            assertThat(rs.getInt(4)).isEqualTo(runs);
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(DISTINCT executed_by) FROM dataverse_task_runs"
                     + " WHERE execution_date BETWEEN '2023-01-01' AND '2023-02-03'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("both schedulers ran executions").isEqualTo(2);
        }
        for (int i = 0; i < runs; i++) {
            assertThat(FixturePlugin.FlakyTask.ATTEMPTS.get(first.plusDays(i))).as("fixture_flaky ran once for " + first.plusDays(i))
                    .hasValue(1);
        }
    }
}
