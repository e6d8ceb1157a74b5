package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.loaders.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

class ServeTest {
    @TempDir
    Path dir;

    @Test
    void recurringRunsServeTheIntervalThatJustEnded() {
        assertThat(DagScheduler.dailyExecutionDate(Instant.parse("2024-06-02T00:00:00Z"))).isEqualTo(LocalDate.of(2024, 6, 1));
        assertThat(DagScheduler.halfHourlyExecutionDate(Instant.parse("2024-06-02T00:00:00Z"))).isEqualTo(LocalDate.of(2024, 6, 1));
        assertThat(DagScheduler.halfHourlyExecutionDate(Instant.parse("2024-06-02T00:30:00Z"))).isEqualTo(LocalDate.of(2024, 6, 2));
    }

    @Test
    void serveRegistersBothSchedulesAndStopsCleanlyOnSigterm() throws Exception {
        String db = TestPostgres.newDatabaseUrl();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve");
        pb.environment().put("DATAVERSE_DB_URL", db);
        pb.environment().put("DATAVERSE_BLOB_STORE", "file:" + dir.resolve("blobs"));
        pb.environment().put("DATAVERSE_HOME", dir.toString());
        pb.redirectErrorStream(true);
        Process process = pb.start();
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && process.isAlive()
                    && lines.stream().noneMatch(l -> l.startsWith("serving "))) {
                Thread.sleep(50);
            }
            assertThat(List.copyOf(lines)).as(String.join("\n", lines)).anyMatch(l -> l.startsWith("serving 3 tasks"));

            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(db);
            List<String> scheduled = new ArrayList<>();
            deadline = System.currentTimeMillis() + 10_000;
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

            process.toHandle().destroy(); // SIGTERM, keeping the output stream open
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the host stops on SIGTERM").isTrue();
            reader.join(10_000);
        } finally {
            process.destroyForcibly();
        }
        String output = String.join("\n", lines);
        assertThat(output).contains("stopping: waiting for running tasks to finish").contains("stopped").doesNotContain("Exception");
        assertThat(process.exitValue()).isIn(0, 143);
        assertThat(Files.exists(dir.resolve("postgres"))).as("an external database leaves no embedded one").isFalse();
    }
}
