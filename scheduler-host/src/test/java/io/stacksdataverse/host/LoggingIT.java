package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stacksdataverse.loaders.testing.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production log of the command line, in a process of its own: plain or JSON lines, a task's lines with its keys. */
class LoggingIT {
    @TempDir
    Path dir;

    private Map<String, String> env(String format) {
        return Map.of(
                "DATAVERSE_DB_URL", TestPostgres.newDatabaseUrl(),
                "DATAVERSE_BLOB_STORE", "file:" + dir.resolve(format),
                "DATAVERSE_HOME", dir.resolve(format).toString(),
                "DATAVERSE_POLLING_INTERVAL", "PT0.2S",
                "FIXTURE_GREETING", "gm stackers",
                "DATAVERSE_LOG_FORMAT", format);
    }

    private static String dag(Map<String, String> env) throws Exception {
        try (HostProcess dag = new HostProcess(env, FixturePlugins.classPath(), "dag", "halfhourly", "--date", "2024-06-05")) {
            assertThat(dag.process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).as(dag.output()).isTrue();
            dag.awaitLine(l -> false, 1); // the reader takes the last lines
            assertThat(dag.process.exitValue()).as(dag.output()).isZero();
            return dag.output();
        }
    }

    @Test
    void plainLinesOfATaskCarryItsRunTaskAndDate() throws Exception {
        String out = dag(env("plain"));
        assertThat(out).containsPattern("(?m)^\\S+ INFO LocalRunner run=halfhourly-2024-06-05-[0-9a-f]{8} task=fixture_echo"
                        + " date=2024-06-05 - task fixture_echo for 2024-06-05 succeeded in \\d+ ms")
                .containsPattern("(?m)^\\S+ INFO DagScheduler - DAG run halfhourly-2024-06-05-[0-9a-f]{8}: ");
    }

    @Test
    void jsonLinesAreParseableAndCarryTheTaskKeys() throws Exception {
        String out = dag(env("json"));
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("{")) {
                lines.add(json.readTree(line));
            } else {
                assertThat(line).as("what the command prints, not a log line").doesNotContainPattern("^\\S+ (INFO|WARN|ERROR) ");
            }
        }
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l.has("level") && l.has("loggerName")).isTrue());
        JsonNode succeeded = lines.stream().filter(l -> l.path("formattedMessage").asText().startsWith("task fixture_echo for 2024-06-05"
                + " succeeded")).findFirst().orElseThrow(() -> new AssertionError(out));
        assertThat(succeeded.path("mdc").path("task_id").asText()).isEqualTo("fixture_echo");
        assertThat(succeeded.path("mdc").path("logical_date").asText()).isEqualTo("2024-06-05");
        assertThat(succeeded.path("mdc").path("run_id").asText()).matches("halfhourly-2024-06-05-[0-9a-f]{8}");
    }

    @Test
    void anUnknownFormatIsAUsageError() throws Exception {
        try (HostProcess list = new HostProcess(Map.of("DATAVERSE_LOG_FORMAT", "xml"), null, "list")) {
            assertThat(list.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(list.process.exitValue()).isEqualTo(2);
            assertThat(list.awaitLine(l -> l.contains("DATAVERSE_LOG_FORMAT must be plain or json, got 'xml'"), 5)).isPresent();
        }
    }
}
