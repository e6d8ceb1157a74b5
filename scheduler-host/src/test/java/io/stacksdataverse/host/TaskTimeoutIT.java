package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.spi.LayeredConfig;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** {@code DATAVERSE_TASK_TIMEOUT}: a task that runs past it is interrupted, fails, and is retried. */
class TaskTimeoutIT {
    @TempDir
    Path dir;

    private ClassLoader withFixturePlugin() {
        URL services = getClass().getResource("/fixture-plugin/");
        return new URLClassLoader(new URL[] {services}, getClass().getClassLoader());
    }

    @Test
    void aTaskPastItsTimeoutIsInterruptedFailsAndIsRetried() throws Exception {
        String db = TestPostgres.newDatabaseUrl();
        Map<String, String> env = new HashMap<>(Map.of(
                "DATAVERSE_DB_URL", db,
                "DATAVERSE_BLOB_STORE", "file:" + dir.resolve("blobs"),
                "DATAVERSE_HOME", dir.toString(),
                "DATAVERSE_POLLING_INTERVAL", "PT0.2S",
                "DATAVERSE_DAG_RETRIES", "1",
                "DATAVERSE_RETRY_DELAY", "PT0S",
                "FIXTURE_SLEEP_MS", "600000",
                "DATAVERSE_TASK_TIMEOUT_FIXTURE_ECHO", "PT0.3S"));
        long started = System.nanoTime();

        CliHarness.Result dag = CliHarness.run(env, withFixturePlugin(), "dag", "halfhourly", "--date", "2024-06-07");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("far less than the ten minutes of sleep")
                .isLessThan(Duration.ofMinutes(1));
        assertThat(dag.exitCode()).as(dag.all()).isEqualTo(1);
        assertThat(dag.err()).contains("attempt 1 of 2 failed; it will be retried");
        assertThat(dag.out()).contains("FAILED  fixture_echo: timed out after PT0.3S and was interrupted")
                .contains("skipped fixture_shout: upstream fixture_echo failed")
                .as("the other tasks keep the general timeout of an hour").contains("ok      fixture_flaky");
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT attempt, status, message FROM dataverse_task_attempts"
                     + " WHERE task_id = 'fixture_echo' ORDER BY attempt")) {
            List<String> attempts = new ArrayList<>();
            while (rs.next()) {
                attempts.add(rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
            assertThat(attempts).hasSize(2);
            assertThat(attempts.get(0)).startsWith("1 FAILED attempt 1 of 2 failed: timed out after PT0.3S and was interrupted");
            assertThat(attempts.get(1)).startsWith("2 FAILED timed out after PT0.3S and was interrupted");
        }

        CliHarness.Result config = CliHarness.run(env, withFixturePlugin(), "config");
        assertThat(config.out()).contains("DATAVERSE_TASK_TIMEOUT=PT1H (default)\n")
                .contains("DATAVERSE_TASK_TIMEOUT_FIXTURE_ECHO=PT0.3S (env) (for one task: see DATAVERSE_TASK_TIMEOUT)\n");
    }

    @Test
    void theGeneralTimeoutAppliesUnlessATaskHasItsOwn() {
        LayeredConfig config = LayeredConfig.fromEnvironment(Map.of("DATAVERSE_TASK_TIMEOUT", "PT20M",
                "DATAVERSE_TASK_TIMEOUT_WALLET_BALANCES", "PT2H", "DATAVERSE_TASK_TIMEOUT_PRICE_OVER_TIME", "0"),
                HostSettings.DECLARED);
        TaskTimeouts timeouts = TaskTimeouts.of(config, Set.of("wallet_balances", "price_over_time", "daily_txs"));
        assertThat(timeouts.apply(task("wallet_balances"))).isEqualTo(Duration.ofHours(2));
        assertThat(timeouts.apply(task("price_over_time"))).as("0: no limit").isZero();
        assertThat(timeouts.apply(task("daily_txs"))).isEqualTo(Duration.ofMinutes(20));

        TaskTimeouts defaults = TaskTimeouts.of(LayeredConfig.fromEnvironment(Map.of(), HostSettings.DECLARED), Set.of("daily_txs"));
        assertThat(defaults.apply(task("daily_txs"))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aMisspeltOrNegativeTimeoutFailsTheStart() {
        assertThatThrownBy(() -> TaskTimeouts.of(LayeredConfig.fromEnvironment(Map.of("DATAVERSE_TASK_TIMEOUT_WALET_BALANCES", "PT2H"),
                HostSettings.DECLARED), Set.of("wallet_balances")))
                .hasMessageContaining("DATAVERSE_TASK_TIMEOUT_WALET_BALANCES names no task of any plugin");
        assertThatThrownBy(() -> TaskTimeouts.of(LayeredConfig.fromEnvironment(Map.of("DATAVERSE_TASK_TIMEOUT_DAILY_TXS", "-PT1S"),
                HostSettings.DECLARED), Set.of("daily_txs")))
                .hasMessageContaining("DATAVERSE_TASK_TIMEOUT_DAILY_TXS must not be negative");
        assertThatThrownBy(() -> TaskTimeouts.of(LayeredConfig.fromEnvironment(Map.of("DATAVERSE_TASK_TIMEOUT", "an hour"),
                HostSettings.DECLARED), Set.of("daily_txs")))
                .hasMessageContaining("DATAVERSE_TASK_TIMEOUT must be a duration");
    }

    private static Task task(String id) {
        return new NamedTask(id);
    }
}
