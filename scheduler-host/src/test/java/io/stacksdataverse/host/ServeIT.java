package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.spi.LayeredConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

class ServeIT {
    @TempDir
    Path dir;

    @Test
    void recurringRunsServeTheIntervalThatJustEnded() {
        assertThat(CatchUp.dailyExecutionDate(Instant.parse("2024-06-02T00:00:00Z"))).isEqualTo(LocalDate.of(2024, 6, 1));
        assertThat(io.stacksdataverse.runners.RunIntervals.dateOf(Instant.parse("2024-06-02T00:00:00Z"))).isEqualTo(LocalDate.of(2024, 6, 1));
        assertThat(io.stacksdataverse.runners.RunIntervals.dateOf(Instant.parse("2024-06-02T00:30:00Z"))).isEqualTo(LocalDate.of(2024, 6, 2));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "all  | daily 2024-06-07 false, daily 2024-06-08 false, daily 2024-06-09 true, halfhourly 2024-06-09 true",
        "last | daily 2024-06-09 true, halfhourly 2024-06-09 true",
        "none | halfhourly 2024-06-09 true"})
    void afterAnOutageTheDailyRunCatchesUpAsConfiguredAndOnlyTheNewestDateIsLatest(String catchUp, String expected) throws Exception {
        String db = TestPostgres.newDatabaseUrl();
        Clock now = Clock.fixed(Instant.parse("2024-06-10T00:00:05Z"), ZoneOffset.UTC);
        LayeredConfig config = LayeredConfig.ofMap(Map.of("DATAVERSE_DB_URL", db, "DATAVERSE_BLOB_STORE", "file:" + dir.resolve("b"),
                "DATAVERSE_CATCH_UP_DAYS", "3", "DATAVERSE_CATCH_UP", catchUp));
        try (Host host = Host.start(config, now, Host.discoverPlugins(getClass().getClassLoader()));
             DagScheduler scheduler = new DagScheduler(host, DagScheduler.Mode.SERVE)) {
            // The execution due 2024-06-05 00:00 fires five days late; the scheduler is not started, so nothing runs.
            scheduler.launchDaily(Instant.parse("2024-06-05T00:00:00Z"), scheduler.client());
            scheduler.launchHalfHourly(Instant.parse("2024-06-05T00:00:00Z"), scheduler.client());
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db);
        List<String> runs = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT schedule_group, execution_date, latest FROM dataverse_task_runs"
                     + " ORDER BY schedule_group, execution_date")) {
            while (rs.next()) {
                runs.add(rs.getString(1) + " " + rs.getDate(2).toLocalDate() + " " + rs.getBoolean(3));
            }
        }
        assertThat(runs).containsExactly(expected.split(", "));
    }

    private static String jdbcUrlOf(String servingLine) {
        Matcher m = Pattern.compile("\\((jdbc:postgresql://[^)]+)\\)").matcher(servingLine);
        assertThat(m.find()).as(servingLine).isTrue();
        return m.group(1);
    }

    @Test
    void serveOnEmbeddedDefaultsRegistersBothSchedulesAndStopsCleanlyOnSigterm() throws Exception {
        try (HostProcess serve = new HostProcess(Map.of("DATAVERSE_HOME", dir.toString()), null, "serve")) {
            String serving = serve.awaitLine(l -> l.startsWith("serving "), 60).orElseThrow(() -> new AssertionError(serve.output()));
            assertThat(serving).matches("serving \\d+ tasks.*").contains("embedded PostgreSQL in " + dir.resolve("postgres"));

            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(jdbcUrlOf(serving));
            List<String> scheduled = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 10_000;
            while (scheduled.size() < 2 && System.currentTimeMillis() < deadline) {
                scheduled.clear();
                try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT task_name FROM scheduled_tasks ORDER BY task_name")) {
                    while (rs.next()) {
                        scheduled.add(rs.getString(1));
                    }
                }
                Thread.sleep(100);
            }
            assertThat(scheduled).containsExactly("dataverse-daily", "dataverse-halfhourly");

            assertThat(serve.terminate(60)).as("the host stops on SIGTERM").isTrue();
            assertThat(serve.output()).contains("stopping: running tasks get 60 s to end (DATAVERSE_SHUTDOWN_WAIT)").contains("stopped")
                    .doesNotContain("Exception");
            assertThat(serve.process.exitValue()).isIn(0, 143);
        }
        assertThat(HostProcess.processesUsing(dir.resolve("postgres"))).as("the embedded PostgreSQL stopped too").isEmpty();
    }

    @Test
    void aServerLeftRunningByAKilledHostIsStoppedByTheNextStart() throws Exception {
        try (HostProcess serve = new HostProcess(Map.of("DATAVERSE_HOME", dir.toString()), null, "serve")) {
            serve.awaitLine(l -> l.startsWith("serving "), 60).orElseThrow(() -> new AssertionError(serve.output()));
            serve.kill();
        }
        List<ProcessHandle> left = HostProcess.processesUsing(dir.resolve("postgres"));
        assertThat(left).as("kill -9 leaves the server running").isNotEmpty();

        long started = System.nanoTime();
        try (Host host = Host.start(LayeredConfig.ofMap(Map.of("DATAVERSE_HOME", dir.toString())))) {
            assertThat(host.graph().all()).isNotEmpty();
        }
        assertThat((System.nanoTime() - started) / 1_000_000_000.0).as("no 10 s wait for a server that cannot start").isLessThan(9);
        assertThat(left).noneMatch(ProcessHandle::isAlive);
        assertThat(HostProcess.processesUsing(dir.resolve("postgres"))).isEmpty();
    }
}
