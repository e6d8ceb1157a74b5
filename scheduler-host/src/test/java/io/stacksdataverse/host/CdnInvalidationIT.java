package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.host.fixture.FixturePlugin;
import io.stacksdataverse.loaders.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import io.stacksdataverse.spi.LayeredConfig;
import io.stacksdataverse.spi.ScheduleGroup;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * After a DAG run, the public keys its tasks changed are invalidated through the AWS SDK, against a
 * local CloudFront stand-in: once per run, also when a task failed, never when nothing changed.
 */
class CdnInvalidationIT {
    private static final String SECRET = "cdn-secret-key-0123456789abcdef";

    @TempDir
    Path dir;

    @StartStop
    private final MockWebServer cloudFront = new MockWebServer();

    @StartStop
    private final MockWebServer hook = new MockWebServer();

    private final CloudFrontStandIn standIn = new CloudFrontStandIn();
    private String db;
    private Map<String, String> env;

    @BeforeEach
    void setUp() {
        FixturePlugin.FlakyTask.ATTEMPTS.clear(); // counted per date for the whole JVM
        cloudFront.setDispatcher(standIn);
        hook.setDispatcher(new AcceptingReceiver());
        db = TestPostgres.newDatabaseUrl();
        env = new HashMap<>(Map.of(
                "DATAVERSE_DB_URL", db,
                "DATAVERSE_BLOB_STORE", "file:" + dir.resolve("blobs"),
                "DATAVERSE_HOME", dir.toString(),
                "DATAVERSE_POLLING_INTERVAL", "PT0.2S",
                "DATAVERSE_CDN_DISTRIBUTION_ID", "E2EXAMPLE",
                "DATAVERSE_CDN_ENDPOINT", cloudFront.url("/").toString(),
                "DATAVERSE_CDN_PATH_PREFIX", "site",
                "DATAVERSE_CDN_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "DATAVERSE_CDN_SECRET_ACCESS_KEY", SECRET,
                "DATAVERSE_ALERT_WEBHOOK_URL", hook.url("/hook").toString()));
    }

    private static ClassLoader withFixturePlugin() {
        return FixturePlugins.loader();
    }

    @Test
    void oneInvalidationPerRunOfTheKeysItsTasksChangedEvenWhenATaskFailed() throws Exception {
        env.put("FIXTURE_FLAKY", "permanent"); // fixture_flaky publishes, then fails for good; fixture_join is skipped

        CliHarness.Result first = CliHarness.run(env, withFixturePlugin(), "dag", "halfhourly", "--date", "2025-02-01");

        assertThat(first.exitCode()).as(first.all()).isEqualTo(1);
        assertThat(first.out()).contains("FAILED  fixture_flaky").contains("skipped fixture_join")
                .containsPattern("CDN: invalidation I0+1 of 2 paths on distribution E2EXAMPLE");
        assertThat(standIn.calls).hasSize(1);
        CloudFrontStandIn.Call call = standIn.calls.get(0);
        assertThat(call.target()).isEqualTo("/2020-05-31/distribution/E2EXAMPLE/invalidation");
        assertThat(call.paths()).as("the public keys changed, private ones (dated archives) left out")
                .containsExactly("/site/fixture/flaky.txt", "/site/fixture/shout.txt");
        String runId = first.out().lines().filter(l -> l.startsWith("DAG run ")).findFirst().orElseThrow().split(" ")[2];
        assertThat(call.callerReference()).as("the run id and a hash of the paths")
                .isEqualTo(CdnInvalidation.callerReference(runId, call.paths())).startsWith("dataverse-" + runId + "-");
        assertThat(hook.getRequestCount()).as("the task's final failure alerts; the invalidation does not").isEqualTo(1);
        assertThat(first.all()).doesNotContain(SECRET);

        // The next run publishes fixture_flaky's second attempt; fixture_shout's file is unchanged.
        CliHarness.Result second = CliHarness.run(env, withFixturePlugin(), "dag", "halfhourly", "--date", "2025-02-01");
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(standIn.calls).hasSize(2);
        assertThat(standIn.calls.get(1).paths()).containsExactly("/site/fixture/flaky.txt");

        CliHarness.Result status = CliHarness.run(env, withFixturePlugin(), "status");
        assertThat(status.out()).containsPattern("newest CDN: invalidation I0+2 of 1 path on distribution E2EXAMPLE \\(run halfhourly-2025-02-01-");

        try (Connection c = connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE status = 'DONE'), min(attempts), max(attempts)"
                     + " FROM dataverse_cdn_invalidations")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat(rs.getInt(2)).isEqualTo(2);
            assertThat(rs.getInt(3)).isEqualTo(1);
            assertThat(rs.getInt(4)).isEqualTo(1);
        }
    }

    @Test
    void aRunThatChangedNoPublicKeyCallsNothing() {
        // A backfill date is not the latest: only private dated objects are written.
        CliHarness.Result backfill = CliHarness.run(env, withFixturePlugin(), "backfill", "--group", "halfhourly",
                "--from", "2025-02-10", "--to", "2025-02-10");
        assertThat(backfill.exitCode()).as(backfill.all()).isZero();
        assertThat(standIn.calls).isEmpty();
    }

    @Test
    void aCloudFrontOutageIsRetriedWithoutAlertAndARefusalAlertsOnce() throws Exception {
        env.put("DATAVERSE_DAG_RETRIES", "2");
        env.put("DATAVERSE_RETRY_DELAY", "PT0.1S");
        standIn.failNext(3, 503); // the SDK's three tries of the first attempt

        CliHarness.Result healed = CliHarness.run(env, withFixturePlugin(), "dag", "halfhourly", "--date", "2025-02-20");

        assertThat(healed.exitCode()).as(healed.all()).isZero();
        assertThat(healed.out()).contains("CDN: invalidation ");
        assertThat(healed.err()).contains("CDN invalidation attempt 1 of 3 failed; it will be retried");
        assertThat(standIn.created()).hasSize(1);
        assertThat(hook.getRequestCount()).as("a failure that heals alerts nobody").isZero();

        standIn.failNext(1, 404);
        standIn.echoInErrors(" for credential AKIDEXAMPLE, key " + SECRET);
        CliHarness.Result refused = CliHarness.run(env, withFixturePlugin(), "dag", "halfhourly", "--date", "2025-02-21");

        assertThat(refused.out()).contains("CDN: the invalidation on distribution E2EXAMPLE FAILED after 1 attempt(s)")
                .contains("HTTP 404 NoSuchDistribution");
        assertThat(hook.getRequestCount()).isEqualTo(1);
        assertThat(hook.takeRequest().getBody().utf8()).contains("the CDN invalidation of run halfhourly-2025-02-21-")
                .contains("NoSuchDistribution").doesNotContain(SECRET);
        assertThat(refused.all()).doesNotContain(SECRET).doesNotContain("AKIDEXAMPLE").contains("for credential <redacted>");
        CliHarness.Result status = CliHarness.run(env, withFixturePlugin(), "status");
        assertThat(status.out()).contains("newest CDN: the invalidation on distribution E2EXAMPLE FAILED")
                .doesNotContain(SECRET).doesNotContain("AKIDEXAMPLE");
    }

    @Test
    void twoServingHostsMakeOneInvalidationPerRun() throws Exception {
        ClassLoader plugins = withFixturePlugin();
        env.put("DATAVERSE_HEARTBEAT_INTERVAL", "PT0.5S");
        LayeredConfig config = LayeredConfig.ofMap(env);
        List<String> runs = new ArrayList<>();
        try (Host a = Host.start(config, Clock.systemUTC(), Host.discoverPlugins(plugins));
             Host b = Host.start(config, Clock.systemUTC(), Host.discoverPlugins(plugins));
             DagScheduler one = new DagScheduler(a, DagScheduler.Mode.SERVE);
             DagScheduler two = new DagScheduler(b, DagScheduler.Mode.SERVE)) {
            for (int i = 0; i < 6; i++) {
                runs.add((i % 2 == 0 ? one : two).launch(ScheduleGroup.HALF_HOURLY, LocalDate.of(2025, 4, 1 + i), true, false));
            }
            one.start();
            two.start();
            for (String run : runs) {
                one.await(run, Duration.ofMinutes(1));
            }
        }
        assertThat(standIn.calls).as("one call per run, each changed its files").hasSize(6);
        assertThat(standIn.calls.stream().map(CloudFrontStandIn.Call::callerReference).distinct()).hasSize(6);
        for (String run : runs) {
            assertThat(standIn.calls).filteredOn(c -> c.callerReference().startsWith("dataverse-" + run + "-")).hasSize(1);
        }
    }

    @Test
    void theKeysAHostKilledMidTaskHadPublishedAreInvalidatedWhenAnotherHostEndsTheRun() throws Exception {
        env.put("DATAVERSE_HEARTBEAT_INTERVAL", "PT0.5S");
        Map<String, String> slow = new HashMap<>(env);
        slow.put("FIXTURE_SHOUT_SLEEP_MS", "120000"); // fixture_shout publishes its public file, then hangs
        try (HostProcess killed = new HostProcess(slow, FixturePlugins.classPath(), "serve");
             Host host = Host.start(LayeredConfig.ofMap(env), Clock.systemUTC(), Host.discoverPlugins(withFixturePlugin()));
             DagScheduler survivor = new DagScheduler(host, DagScheduler.Mode.SERVE)) {
            killed.awaitLine(l -> l.startsWith("serving "), 90).orElseThrow(() -> new AssertionError(killed.output()));
            String runId = survivor.launch(ScheduleGroup.HALF_HOURLY, LocalDate.of(2025, 5, 1), true, false);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            // The key is recorded before the write: wait for the file too, so the kill lands after both.
            while (!published(runId, "fixture_shout").contains("fixture/shout.txt")
                    || !java.nio.file.Files.exists(dir.resolve("blobs/fixture/shout.txt"))) {
                assertThat(System.nanoTime()).as("fixture_shout never published\n" + killed.output()).isLessThan(deadline);
                Thread.sleep(50);
            }
            killed.kill();
            survivor.start();
            Map<String, TaskRunLog.Entry> entries = survivor.await(runId, Duration.ofMinutes(1));

            assertThat(entries.get("fixture_shout").status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(host.runLog().attempts(runId, "fixture_shout")).extracting(TaskRunLog.Attempt::status)
                    .containsExactly(AttemptStatus.LOST, AttemptStatus.SUCCEEDED);
            assertThat(host.runLog().attempts(runId, "fixture_shout").get(1).publishedKeys())
                    .as("the second attempt found the file already written").isEmpty();
        }
        assertThat(standIn.calls).hasSize(1);
        assertThat(standIn.calls.get(0).paths()).contains("/site/fixture/shout.txt");
    }

    private List<String> published(String runId, String taskId) throws Exception {
        try (Connection c = connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT array_to_string(published_keys, ',') FROM dataverse_task_runs WHERE run_id = '"
                     + runId + "' AND task_id = '" + taskId + "'")) {
            return rs.next() ? List.of(rs.getString(1).split(",")) : List.of();
        }
    }

    @Test
    void aSlashPathPrefixMeansNone() {
        env.put("DATAVERSE_CDN_PATH_PREFIX", "/");
        CliHarness.Result dag = CliHarness.run(env, withFixturePlugin(), "dag", "halfhourly", "--date", "2025-02-15");
        assertThat(dag.exitCode()).as(dag.all()).isZero();
        assertThat(standIn.calls).hasSize(1);
        assertThat(standIn.calls.get(0).paths()).containsExactly("/fixture/flaky.txt", "/fixture/shout.txt");
    }

    @Test
    void theDefaultPathPrefixIsTheS3StorePrefix() {
        assertThat(CdnInvalidation.s3Prefix(java.util.Optional.of("s3://bucket/datasets/v1"))).isEqualTo("datasets/v1");
        assertThat(CdnInvalidation.s3Prefix(java.util.Optional.of("s3://bucket"))).isEmpty();
        assertThat(CdnInvalidation.s3Prefix(java.util.Optional.of("file:/srv/data"))).isEmpty();
        assertThat(CdnInvalidation.s3Prefix(java.util.Optional.empty())).isEmpty();
    }

    private Connection connection() throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db);
        return ds.getConnection();
    }

}
