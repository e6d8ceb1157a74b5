package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** "Today" comes from the clock Main is given, and the backfill resume key is a stable digest. */
class MainClockTest {
    @Test
    void aDateAfterTheGivenClocksTodayIsAUsageError() {
        Clock clock = Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneOffset.UTC);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = new Main(errStream, errStream, Map.of(), getClass().getClassLoader(), clock)
                .run("run", "daily_txs", "--date", "2024-06-02");
        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--date 2024-06-02 is in the future (today is 2024-06-01 UTC)");

        int backfill = new Main(errStream, errStream, Map.of(), getClass().getClassLoader(), clock)
                .run("backfill", "--from", "2024-05-30", "--to", "2024-06-02");
        assertThat(backfill).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--to 2024-06-02 is in the future");
    }

    @Test
    void theBackfillKeyIsAStableDigestOfTheTasksAndWhichAreEnabled() {
        List<Task> enabled = List.of(task("b", false), task("a", false));
        // SHA-256 of "a,b", first 8 bytes: the same in every JVM and version.
        assertThat(Main.backfillTaskKey(enabled)).isEqualTo("1eb7c54d52831bbf")
                .isEqualTo(Main.backfillTaskKey(List.of(task("a", false), task("b", false))));
        assertThat(Main.backfillTaskKey(List.of(task("a", false), task("b", true)))).isNotEqualTo(Main.backfillTaskKey(enabled));
    }

    private static Task task(String id, boolean disabled) {
        return new NamedTask(id, disabled);
    }
}
