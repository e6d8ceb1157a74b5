package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** {@code ./dataverse serve} processes sharing one warehouse database: a cluster, a host killed, a host stopped. */
class ServeClusterIT {
    @TempDir
    Path dir;

    private static final String RUNS = "SELECT DISTINCT run_id FROM dataverse_task_runs ORDER BY run_id";
    private String db;
    private PGSimpleDataSource ds;

    private static String fixtureClassPath() {
        return FixturePlugins.classPath();
    }

    private static ClassLoader withFixturePlugin() {
        return FixturePlugins.loader();
    }

    private Map<String, String> env(Map<String, String> extra) {
        db = db == null ? TestPostgres.newDatabaseUrl() : db;
        ds = new PGSimpleDataSource();
        ds.setUrl(db);
        Map<String, String> env = new HashMap<>(Map.of("DATAVERSE_DB_URL", db, "DATAVERSE_BLOB_STORE", "file:" + dir.resolve("b"),
                "DATAVERSE_POLLING_INTERVAL", "PT0.2S", "FIXTURE_GREETING", "gm",
                "DATAVERSE_DAILY_CRON", "0 0 0 1 1 *"));
        // The one bundled half-hourly task that needs no chain database reads the Stacks API: off, as there is none here.
        env.put("DATAVERSE_DISABLED_TASKS", "pox_snapshot");
        env.putAll(extra);
        return env;
    }

    private static String schedulerName(String servingLine) {
        Matcher m = Pattern.compile("^serving \\d+ tasks as (\\S+):").matcher(servingLine);
        assertThat(m.find()).as(servingLine).isTrue();
        return m.group(1);
    }

    @Test
    void twoServeProcessesRunEachScheduledExecutionOnceAndKillingOneLosesNothing() throws Exception {
        // The half-hourly group every 3 seconds; fixture_echo takes 2 s, so there is always one to kill in the middle.
        Map<String, String> env = env(Map.of("DATAVERSE_HALFHOURLY_CRON", "*/3 * * * * *", "FIXTURE_SLEEP_MS", "2000",
                "DATAVERSE_HEARTBEAT_INTERVAL", "PT0.5S", "DATAVERSE_SHUTDOWN_WAIT", "PT20S"));
        String a;
        String b;
        String killedRun;
        try (HostProcess first = new HostProcess(env, fixtureClassPath(), "serve");
             HostProcess second = new HostProcess(env, fixtureClassPath(), "serve")) {
            a = schedulerName(first.awaitLine(l -> l.startsWith("serving "), 90).orElseThrow(() -> new AssertionError(first.output())));
            b = schedulerName(second.awaitLine(l -> l.startsWith("serving "), 90).orElseThrow(() -> new AssertionError(second.output())));
            awaitCount("SELECT count(DISTINCT executed_by) FROM dataverse_task_runs WHERE status = 'SUCCEEDED'", 2, Duration.ofSeconds(60));

            // An echo (2 s long) that started within the last half second: still running when the kill lands.
            killedRun = awaitValue("SELECT run_id FROM dataverse_task_runs WHERE task_id = 'fixture_echo' AND status = 'RUNNING'"
                    + " AND executed_by = '" + a + "' AND started_at > now() - interval '0.5 seconds' LIMIT 1", Duration.ofSeconds(60));
            first.kill();
            awaitCount("SELECT count(*) FROM dataverse_task_runs WHERE run_id = '" + killedRun + "' AND task_id = 'fixture_shout'"
                    + " AND status = 'SUCCEEDED'", 1, Duration.ofSeconds(60));
            Thread.sleep(3_000); // a few more runs on the surviving host alone
            assertThat(second.terminate(60)).as("the second host stops on SIGTERM").isTrue();
            assertThat(second.output()).doesNotContain("Exception");
        }

        // Nothing is lost: runs launched before the stop that had not ended are finished by a host started now
        // (which also fires the schedule's due execution that the stopped host left behind).
        // Its heartbeat is as short as theirs: executions the killed host had fetched but not started are
        // found dead after a few missed beats of this host, not after the default half hour.
        List<String> runs = List.of();
        try (Host host = Host.start(LayeredConfig.ofMap(env(Map.of("DATAVERSE_HEARTBEAT_INTERVAL", "PT0.5S"))), Clock.systemUTC(), Host.discoverPlugins(withFixturePlugin()));
             DagScheduler third = new DagScheduler(host, DagScheduler.Mode.SERVE)) {
            third.start();
            for (List<String> seen = null; !values(RUNS).equals(seen); ) {
                seen = values(RUNS);
                for (String run : seen) {
                    Map<String, TaskRunLog.Entry> entries = third.await(run, Duration.ofMinutes(2));
                    assertThat(entries.values()).as(run).allMatch(e -> e.status() == RunStatus.SUCCEEDED || e.status() == RunStatus.SKIPPED);
                }
                Thread.sleep(1_000);
                runs = seen;
            }
        }

        assertThat(runs.size()).as("runs launched").isGreaterThanOrEqualTo(4);
        List<Long> firings = runs.stream().map(r -> Long.parseLong(r.substring(r.lastIndexOf('-') + 1))).sorted().toList();
        for (int i = 1; i < firings.size(); i++) {
            assertThat(firings.get(i) - firings.get(i - 1)).as("each firing of the schedule launched one run").isGreaterThanOrEqualTo(3);
        }
        List<String> rerun = values("SELECT task_id || ' of ' || run_id || ' by ' || coalesce(executed_by, '-') || ' ' || status || ' ' || attempts FROM dataverse_task_runs"
                + " WHERE attempts <> 1 ORDER BY 1");
        assertThat(rerun).as("only what the killed host was running (two threads at most) ran twice, each on the other host")
                .contains("fixture_echo of " + killedRun + " by " + b + " SUCCEEDED 2").hasSizeLessThanOrEqualTo(2)
                .allMatch(r -> r.endsWith(" by " + b + " SUCCEEDED 2") || r.endsWith(" by " + b + " SKIPPED 2"));
        assertThat(values("SELECT DISTINCT executed_by FROM dataverse_task_runs")).contains(a, b);
    }

    @ParameterizedTest(name = "task ignores interrupts: {0}")
    @ValueSource(booleans = {false, true})
    void sigtermEndsWithinTheShutdownWaitAndHandsTheRunningTaskToAnotherHostAtOnce(boolean ignoresInterrupts) throws Exception {
        // A heartbeat of one minute: a dead host's executions would wait minutes; a released one runs at once.
        Map<String, String> env = env(Map.of("DATAVERSE_HALFHOURLY_CRON", "0 0 0 1 1 *", "DATAVERSE_HEARTBEAT_INTERVAL", "PT1M",
                "DATAVERSE_SHUTDOWN_WAIT", "PT4S", "FIXTURE_SLEEP_MS", "600000",
                "FIXTURE_SLEEP_IGNORES_INTERRUPTS", String.valueOf(ignoresInterrupts)));
        Map<String, String> quick = new HashMap<>(env);
        quick.remove("FIXTURE_SLEEP_MS");
        LocalDate date = ignoresInterrupts ? LocalDate.of(2025, 3, 2) : LocalDate.of(2025, 3, 1);
        try (HostProcess serve = new HostProcess(env, fixtureClassPath(), "serve");
             Host host = Host.start(LayeredConfig.ofMap(quick), Clock.systemUTC(), Host.discoverPlugins(withFixturePlugin()));
             DagScheduler other = new DagScheduler(host, DagScheduler.Mode.SERVE)) {
            String name = schedulerName(serve.awaitLine(l -> l.startsWith("serving "), 90).orElseThrow(() -> new AssertionError(serve.output())));
            String runId = other.launch(ScheduleGroup.HALF_HOURLY, date, false, false);
            awaitCount("SELECT count(*) FROM dataverse_task_runs WHERE run_id = '" + runId + "' AND task_id = 'fixture_echo'"
                    + " AND status = 'RUNNING' AND executed_by = '" + name + "'", 1, Duration.ofSeconds(60));

            long started = System.nanoTime();
            assertThat(serve.terminate(60)).isTrue();
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(seconds).as("stopped within the 4 s wait and some margin\n" + serve.output()).isLessThan(15);
            assertThat(serve.output()).contains(ignoresInterrupts ? "released 1 execution(s) still running"
                    : "was interrupted by the stop; it is due again at once");
            assertThat(values("SELECT picked::text FROM scheduled_tasks WHERE task_instance = '" + runId + "/fixture_echo'"))
                    .as("handed back").containsExactly("false");

            long revived = System.nanoTime();
            other.start();
            Map<String, TaskRunLog.Entry> entries = other.await(runId, Duration.ofSeconds(60));
            assertThat((System.nanoTime() - revived) / 1e9).as("long before the dead-execution timeout").isLessThan(30);
            assertThat(entries.get("fixture_echo").status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(entries.get("fixture_echo").attempts()).isEqualTo(2);
            assertThat(entries.get("fixture_shout").status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(host.runLog().attempts(runId, "fixture_echo")).extracting(TaskRunLog.Attempt::status)
                    .as("an attempt interrupted and ended by the stop, or released still running and then found lost")
                    .containsExactly(ignoresInterrupts ? AttemptStatus.LOST : AttemptStatus.INTERRUPTED, AttemptStatus.SUCCEEDED);
        }
    }

    private List<String> values(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private void awaitCount(String sql, int atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> v = values(sql);
            if (!v.isEmpty() && Integer.parseInt(v.get(0)) >= atLeast) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never reached " + atLeast + ": " + sql);
    }

    private String awaitValue(String sql, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> v = values(sql);
            if (!v.isEmpty()) {
                return v.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no row: " + sql);
    }
}
