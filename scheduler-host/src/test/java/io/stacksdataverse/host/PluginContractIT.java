package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.host.fixture.FixturePlugin;
import io.stacksdataverse.loaders.testing.TestPostgres;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The plugin contract: a plugin defined only in test code, made visible through a services file
 * on an extra class path entry, is listed, scheduled through db-scheduler and run by the host.
 */
class PluginContractIT {
    @TempDir
    Path dir;

    private ClassLoader withFixturePlugin() {
        URL services = getClass().getResource("/fixture-plugin/");
        return new URLClassLoader(new URL[] {services}, getClass().getClassLoader());
    }

    private Map<String, String> env(String dbUrl) {
        return Map.of(
                "DATAVERSE_DB_URL", dbUrl,
                "DATAVERSE_BLOB_STORE", "file:" + dir.resolve("blobs"),
                "DATAVERSE_HOME", dir.toString(),
                "DATAVERSE_POLLING_INTERVAL", "PT0.2S",
                "FIXTURE_GREETING", "gm stackers");
    }

    // fixture_flaky counts its attempts per date for the whole JVM: another class may have run the same date first.
    @BeforeEach
    void freshFlakyAttempts() {
        FixturePlugin.FlakyTask.ATTEMPTS.clear();
    }

    @Test
    void withoutTheServicesFileThePluginIsAbsent() {
        String db = TestPostgres.newDatabaseUrl();
        CliHarness.Result list = CliHarness.run(env(db), getClass().getClassLoader(), "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).doesNotContain("fixture_echo").contains("stx_price_history");
    }

    @Test
    void aTestOnlyPluginIsListedScheduledAndRun() throws Exception {
        String db = TestPostgres.newDatabaseUrl();
        ClassLoader plugins = withFixturePlugin();

        CliHarness.Result list = CliHarness.run(env(db), plugins, "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out())
                .containsPattern("fixture_echo\\s+fixture\\s+halfhourly\\s+-\\s+every date\\s+enabled")
                .containsPattern("fixture_shout\\s+fixture\\s+halfhourly\\s+fixture_echo\\s+every date\\s+enabled")
                .containsPattern("fixture_token\\s+fixture\\s+halfhourly\\s+-\\s+every date\\s+disabled: FIXTURE_TOKEN is not set")
                .containsPattern("price_over_time\\s+datasets\\s+daily\\s+stx_price_history\\s+latest-only\\s+enabled")
                .containsPattern("(?m)^pools\\s+datasets\\s+daily\\s+-\\s+latest-only\\s+")
                .containsPattern("(?m)^  nft_top10_cheapest  nft/top_10_cheapest.json.gz  no source: a floor price is the lowest")
                .containsPattern("(?m)^  nft_top10_most_expensive  nft/top_10_most_expensive.json.gz  no source: ")
                .contains("plugins: cryptocompare, datasets, fixture, lunarcrush, stacks-api");

        CliHarness.Result dag = CliHarness.run(env(db), plugins, "dag", "halfhourly", "--date", "2024-06-01");
        assertThat(dag.exitCode()).as(dag.all()).isZero();
        assertThat(dag.out()).contains("ok      fixture_echo").contains("ok      fixture_shout").contains("ok      fixture_join")
                .contains("skipped fixture_token: disabled: FIXTURE_TOKEN is not set");
        assertThat(Files.readString(dir.resolve("blobs/fixture/shout-2024-06-01.txt"), StandardCharsets.UTF_8))
                .as("the downstream task received the upstream's result").isEqualTo("GM STACKERS");

        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT greeting FROM fixture_echoes")) {
                assertThat(rs.next()).as("the plugin's own migration ran").isTrue();
                assertThat(rs.getString(1)).isEqualTo("gm stackers");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM dataverse_task_runs WHERE status = 'SUCCEEDED'"
                    + " AND task_id IN ('fixture_echo', 'fixture_shout') AND run_id LIKE 'halfhourly-2024-06-01-%'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM scheduled_tasks WHERE task_name LIKE 'dataverse-task%'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the one-time executions completed and were removed").isZero();
            }
        }
    }

    @Test
    void aFailedAttemptIsRetriedByTheSchedulerAndATaskWithTwoUpstreamTasksGetsBothResults() throws Exception {
        String db = TestPostgres.newDatabaseUrl();
        Map<String, String> env = new java.util.HashMap<>(env(db));
        env.put("FIXTURE_FLAKY", "1");
        env.put("DATAVERSE_DAG_RETRIES", "1");
        env.put("DATAVERSE_RETRY_DELAY", "PT0S");

        CliHarness.Result dag = CliHarness.run(env, withFixturePlugin(), "dag", "halfhourly", "--date", "2024-06-03");

        assertThat(dag.exitCode()).as(dag.all()).isZero();
        assertThat(dag.out()).contains("ok      fixture_flaky").contains("ok      fixture_join");
        assertThat(dag.err()).contains("attempt 1 of 2 failed; it will be retried");
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT task_id, attempts, result->'values'->>'joined' FROM dataverse_task_runs"
                     + " WHERE task_id IN ('fixture_flaky', 'fixture_join') ORDER BY task_id")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("fixture_flaky");
            assertThat(rs.getInt(2)).isEqualTo(2);
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("fixture_join");
            assertThat(rs.getString(3)).isEqualTo("gm stackers/2");
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT attempt, status, message, finished_at >= started_at FROM dataverse_task_attempts"
                     + " WHERE task_id = 'fixture_flaky' ORDER BY attempt")) {
            java.util.List<String> attempts = new java.util.ArrayList<>();
            while (rs.next()) {
                attempts.add(rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getBoolean(4));
            }
            assertThat(attempts).as("each attempt is recorded").containsExactly(
                    "1 FAILED attempt 1 of 2 failed: first attempt fails on purpose true", "2 SUCCEEDED  true");
        }
        CliHarness.Result history = CliHarness.run(env, withFixturePlugin(), "history", "fixture_flaky");
        assertThat(history.exitCode()).as(history.all()).isZero();
        assertThat(history.out()).containsPattern("fixture_flaky: the 2 newest attempts, newest first\n"
                + "2024-06-03  halfhourly-2024-06-03-[0-9a-f]{8}  #2  SUCCEEDED  \\S+  started \\S+Z, \\d+ (s|ms|min), 1 public key changed\n"
                + "2024-06-03  halfhourly-2024-06-03-[0-9a-f]{8}  #1  FAILED  \\S+  started \\S+Z, \\d+ (s|ms|min), 1 public key changed:"
                + " attempt 1 of 2 failed: first attempt fails on purpose");
        assertThat(CliHarness.run(env, withFixturePlugin(), "history", "no_such_task").err()).contains("no task 'no_such_task'");
    }

    @Test
    void aFailureThatRetryingCannotHealIsNotRetried() throws Exception {
        String db = TestPostgres.newDatabaseUrl();
        Map<String, String> env = new java.util.HashMap<>(env(db));
        env.put("FIXTURE_FLAKY", "permanent");
        env.put("DATAVERSE_DAG_RETRIES", "2");
        env.put("DATAVERSE_RETRY_DELAY", "PT0S");

        CliHarness.Result dag = CliHarness.run(env, withFixturePlugin(), "dag", "halfhourly", "--date", "2024-06-05");

        assertThat(dag.exitCode()).as(dag.all()).isEqualTo(1);
        assertThat(dag.out()).contains("FAILED  fixture_flaky: first attempt is misconfigured on purpose")
                .contains("skipped fixture_join: upstream fixture_flaky failed");
        assertThat(dag.err()).contains("failed (permanently: retrying cannot heal it)").doesNotContain("will be retried");
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT attempts, status FROM dataverse_task_runs WHERE task_id = 'fixture_flaky'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("attempts").isEqualTo(1);
            assertThat(rs.getString(2)).isEqualTo("FAILED");
        }
    }

    @Test
    void statusShowsTheLastRunOfEachTaskAndWhetherItsDataIsFresh() {
        String db = TestPostgres.newDatabaseUrl();
        Map<String, String> env = new java.util.HashMap<>(env(db));
        env.put("FIXTURE_FLAKY", "1");

        CliHarness.Result before = CliHarness.run(env, withFixturePlugin(), "status");
        assertThat(before.exitCode()).as(before.all()).isEqualTo(1);
        assertThat(before.out()).contains("fixture_echo (halfhourly)\n  last run:  never\n  freshness: STALE: never succeeded");
        assertThat(before.out()).contains("daily_txs (daily)\n  disabled: STACKS_DB_URL is not set");

        CliHarness.run(env, withFixturePlugin(), "dag", "halfhourly", "--date", "2024-06-06");
        CliHarness.Result after = CliHarness.run(env, withFixturePlugin(), "status");

        assertThat(after.exitCode()).as(after.all()).isEqualTo(1);
        assertThat(after.out()).containsPattern("fixture_echo \\(halfhourly\\)\n  last run:  SUCCEEDED for 2024-06-06, 1 attempt,"
                        + " ended \\d+ s ago \\(halfhourly-2024-06-06-[0-9a-f]{8}\\)\n  freshness: fresh \\(newest date 2024-06-06")
                .containsPattern("fixture_flaky \\(halfhourly\\)\n  last run:  FAILED for 2024-06-06, 1 attempt, ended \\d+ s ago"
                        + " \\(halfhourly-2024-06-06-[0-9a-f]{8}\\): first attempt fails on purpose\n  freshness: STALE: never succeeded")
                .containsPattern("fixture_join \\(halfhourly\\)\n  last run:  SKIPPED for 2024-06-06");
        assertThat(after.err()).contains("stale: ").contains("fixture_flaky").doesNotContain("fixture_echo");
    }

    @Test
    void aTaskThatFailsForTheLastTimeAlertsTheWebhookOnceAndOneThatHealsOnRetryNever() throws Exception {
        try (mockwebserver3.MockWebServer hook = new mockwebserver3.MockWebServer()) {
            hook.setDispatcher(new AcceptingReceiver());
            hook.start();
            String url = hook.url("/services/T0001/B0002/hook-secret-path").toString();
            Map<String, String> env = new java.util.HashMap<>(env(TestPostgres.newDatabaseUrl()));
            env.put("FIXTURE_FLAKY", "1");
            env.put("DATAVERSE_ALERT_WEBHOOK_URL", url);

            CliHarness.Result failed = CliHarness.run(env, withFixturePlugin(), "dag", "halfhourly", "--date", "2024-06-07");
            assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
            assertThat(hook.getRequestCount()).isEqualTo(1);
            mockwebserver3.RecordedRequest alert = hook.takeRequest();
            assertThat(alert.getMethod()).isEqualTo("POST");
            assertThat(alert.getHeaders().get("Content-Type")).isEqualTo("application/json");
            assertThat(alert.getBody().utf8()).startsWith("{\"text\":\"Stacks Dataverse: task fixture_flaky failed for 2024-06-07"
                    + " after 1 attempt (run halfhourly-2024-06-07-").endsWith("): first attempt fails on purpose\"}");
            assertThat(failed.all()).doesNotContain("hook-secret-path");

            env.put("DATAVERSE_DAG_RETRIES", "1");
            env.put("DATAVERSE_RETRY_DELAY", "PT0S");
            CliHarness.Result healed = CliHarness.run(env, withFixturePlugin(), "dag", "halfhourly", "--date", "2024-06-08");
            assertThat(healed.exitCode()).as(healed.all()).isZero();
            assertThat(hook.getRequestCount()).as("no alert for a failure that healed on retry").isEqualTo(1);

            CliHarness.Result config = CliHarness.run(env, withFixturePlugin(), "config");
            assertThat(config.out()).contains("DATAVERSE_ALERT_WEBHOOK_URL=").doesNotContain("hook-secret-path");
        }
    }

    @Test
    void anOperatorTurnsATaskOffByConfigurationAndAWrongNameOrScheduleIsAClearError() {
        Map<String, String> env = new java.util.HashMap<>(env(TestPostgres.newDatabaseUrl()));
        env.put("DATAVERSE_DISABLED_TASKS", " fixture_shout ,");

        CliHarness.Result list = CliHarness.run(env, withFixturePlugin(), "list");
        assertThat(list.out()).containsPattern("fixture_shout .* disabled: listed in DATAVERSE_DISABLED_TASKS");
        CliHarness.Result dag = CliHarness.run(env, withFixturePlugin(), "dag", "halfhourly", "--date", "2024-06-09");
        assertThat(dag.exitCode()).as(dag.all()).isZero();
        env.put("DATAVERSE_DISABLED_TASKS", "fixture_flaky");
        CliHarness.Result status = CliHarness.run(env, withFixturePlugin(), "status");
        assertThat(status.out()).contains("fixture_flaky (halfhourly)\n  disabled: listed in DATAVERSE_DISABLED_TASKS")
                .contains("fixture_join (halfhourly)\n  idle: upstream fixture_flaky is disabled");
        assertThat(status.err()).doesNotContain("fixture_join");
        env.put("DATAVERSE_DISABLED_TASKS", " fixture_shout ,");
        assertThat(dag.out()).contains("skipped fixture_shout: disabled: listed in DATAVERSE_DISABLED_TASKS")
                .contains("ok      fixture_echo");

        env.put("DATAVERSE_DISABLED_TASKS", "fixture_shout,fixture_nope");
        CliHarness.Result unknown = CliHarness.run(env, withFixturePlugin(), "list");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("DATAVERSE_DISABLED_TASKS names no task of any plugin: fixture_nope");

        env.remove("DATAVERSE_DISABLED_TASKS");
        env.put("DATAVERSE_DAILY_CRON", "every day at noon");
        CliHarness.Result serve = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> CliHarness.run(env, withFixturePlugin(), "serve"));
        assertThat(serve.exitCode()).isEqualTo(1);
        assertThat(serve.err()).contains("DATAVERSE_DAILY_CRON is not a cron expression (six fields, seconds first, UTC):"
                + " 'every day at noon'");
    }

    @Test
    void aBackfillShowsProgressPerDateAndARerunRedoesOnlyTheDatesThatDidNotFinish() throws Exception {
        String db = TestPostgres.newDatabaseUrl();
        Map<String, String> env = new java.util.HashMap<>(env(db));
        env.put("FIXTURE_FLAKY", "1"); // each date's first attempt of fixture_flaky fails

        CliHarness.Result first = CliHarness.run(env, withFixturePlugin(), "backfill", "--group", "halfhourly",
                "--from", "2024-06-10", "--to", "2024-06-11");
        assertThat(first.exitCode()).as(first.all()).isEqualTo(1);
        assertThat(first.out()).containsPattern("\\[1/2\\] 2024-06-10 FAILED: fixture_flaky in \\d+ (s|min); elapsed \\d+ (s|min),"
                + " about \\d+ (s|min) left").containsPattern("\\[2/2\\] 2024-06-11 FAILED: fixture_flaky in ");
        assertThat(first.err()).contains("failed dates (run the same backfill again to retry them): 2024-06-10, 2024-06-11");

        env.remove("FIXTURE_FLAKY");
        CliHarness.Result second = CliHarness.run(env, withFixturePlugin(), "backfill", "--group", "halfhourly",
                "--from", "2024-06-10", "--to", "2024-06-12");
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.out()).contains("[1/3] 2024-06-10 ok in ").contains("[2/3] 2024-06-11 ok in ").contains("[3/3] 2024-06-12 ok in ");

        CliHarness.Result third = CliHarness.run(env, withFixturePlugin(), "backfill", "--group", "halfhourly",
                "--from", "2024-06-10", "--to", "2024-06-12");
        assertThat(third.exitCode()).as(third.all()).isZero();
        assertThat(third.out()).contains("[1/3] 2024-06-10 already done").contains("[2/3] 2024-06-11 already done")
                .contains("[3/3] 2024-06-12 already done");

        // --tasks runs the named tasks with their upstream tasks: a backfill of its own.
        CliHarness.Result some = CliHarness.run(env, withFixturePlugin(), "backfill", "--group", "halfhourly",
                "--from", "2024-06-12", "--to", "2024-06-12", "--tasks", "fixture_join");
        assertThat(some.exitCode()).as(some.all()).isZero();
        assertThat(some.out()).contains("[1/1] 2024-06-12 ok in ");
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT execution_date::text, task_id, count(*) FROM dataverse_task_runs"
                     + " WHERE run_id LIKE 'backfill-%' AND task_id IN ('fixture_flaky', 'fixture_shout') GROUP BY 1, 2 ORDER BY 1, 2")) {
            java.util.List<String> runs = new java.util.ArrayList<>();
            while (rs.next()) {
                runs.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3));
            }
            // Failed dates ran twice, the new one once (twice for fixture_flaky, upstream of fixture_join); none a third time.
            assertThat(runs).containsExactly("2024-06-10 fixture_flaky 2", "2024-06-10 fixture_shout 2",
                    "2024-06-11 fixture_flaky 2", "2024-06-11 fixture_shout 2",
                    "2024-06-12 fixture_flaky 2", "2024-06-12 fixture_shout 1");
        }

        CliHarness.Result wrong = CliHarness.run(env, withFixturePlugin(), "backfill", "--from", "2024-06-12", "--to", "2024-06-10");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("--to 2024-06-10 is before --from 2024-06-12");
    }

    @Test
    void aWrongWebhookUrlOrCatchUpModeFailsTheStartWithoutPrintingTheUrl() {
        Map<String, String> env = new java.util.HashMap<>(env(TestPostgres.newDatabaseUrl()));
        env.put("DATAVERSE_ALERT_WEBHOOK_URL", "https:/hooks.example/services/secret-path");
        CliHarness.Result noHost = CliHarness.run(env, withFixturePlugin(), "dag", "halfhourly", "--date", "2024-06-13");
        assertThat(noHost.exitCode()).isEqualTo(1);
        assertThat(noHost.err()).contains("DATAVERSE_ALERT_WEBHOOK_URL must be an http(s) URL with a host");
        assertThat(noHost.all()).doesNotContain("secret-path");

        env.remove("DATAVERSE_ALERT_WEBHOOK_URL");
        env.put("DATAVERSE_CATCH_UP", "latest");
        CliHarness.Result catchUp = CliHarness.run(env, withFixturePlugin(), "dag", "halfhourly", "--date", "2024-06-13");
        assertThat(catchUp.exitCode()).isEqualTo(1);
        assertThat(catchUp.err()).contains("DATAVERSE_CATCH_UP must be all, last or none, got 'latest'");
    }

    @Test
    void withoutRetriesAFailureSkipsDownstreamAndFailsTheCommand() {
        String db = TestPostgres.newDatabaseUrl();
        Map<String, String> env = new java.util.HashMap<>(env(db));
        env.put("FIXTURE_FLAKY", "1");
        CliHarness.Result dag = CliHarness.run(env, withFixturePlugin(), "dag", "halfhourly", "--date", "2024-06-04");
        assertThat(dag.exitCode()).isEqualTo(1);
        assertThat(dag.out()).contains("FAILED  fixture_flaky: first attempt fails on purpose")
                .contains("skipped fixture_join: upstream fixture_flaky failed").contains("ok      fixture_shout");
        assertThat(dag.err()).contains("failed tasks: fixture_flaky");
    }

    @Test
    void aDagCommandStoppedMidRunAbandonsWhatHasNotEnded() throws Exception {
        String db = TestPostgres.newDatabaseUrl();
        Map<String, String> env = new java.util.HashMap<>(env(db));
        env.put("FIXTURE_SLEEP_MS", "3000");
        String pluginDir = Path.of(getClass().getResource("/fixture-plugin/").toURI()).toString();
        try (HostProcess dag = new HostProcess(env, pluginDir, "dag", "halfhourly", "--date", "2024-06-05")) {
            dag.awaitLine(l -> l.contains("DAG run halfhourly-2024-06-05"), 60).orElseThrow(() -> new AssertionError(dag.output()));
            Thread.sleep(500);
            assertThat(dag.terminate(60)).isTrue();
            assertThat(dag.output()).containsPattern("abandoned halfhourly-2024-06-05-[0-9a-f]{8}: .*fixture_join")
                    .as("the running task finishes before the stores close").doesNotContain("has been closed");
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT status FROM dataverse_task_runs WHERE task_id = 'fixture_join'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ABANDONED");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM dataverse_task_runs WHERE status IN ('PLANNED', 'RUNNING')")) {
                rs.next();
                assertThat(rs.getInt(1)).as("nothing of the run is left to run").isZero();
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM scheduled_tasks")) {
                rs.next();
                assertThat(rs.getInt(1)).as("no execution is left for another host to pick up").isZero();
            }
        }
    }

    @Test
    void runningADisabledTaskByHandSaysWhy() {
        String db = TestPostgres.newDatabaseUrl();
        CliHarness.Result run = CliHarness.run(env(db), withFixturePlugin(), "run", "fixture_token", "--date", "2024-06-01");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("task fixture_token is disabled: FIXTURE_TOKEN is not set");
    }

    @Test
    void usageErrorsExitWithTwo() {
        String db = TestPostgres.newDatabaseUrl();
        assertThat(CliHarness.run(env(db), withFixturePlugin(), "dag", "weekly", "--date", "2024-06-01").exitCode()).isEqualTo(2);
        assertThat(CliHarness.run(env(db), withFixturePlugin(), "run", "fixture_echo").err()).contains("--date YYYY-MM-DD is required");
        CliHarness.Result unknown = CliHarness.run(env(db), withFixturePlugin(), "run", "nope", "--date", "2024-06-01");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown task 'nope'");
        assertThat(CliHarness.run(env(db), withFixturePlugin(), "list", "extra").exitCode()).isEqualTo(2);
        assertThat(CliHarness.run(env(db), withFixturePlugin(), "run", "fixture_echo", "--date", "2999-01-01").err())
                .contains("--date 2999-01-01 is in the future");
    }
}
