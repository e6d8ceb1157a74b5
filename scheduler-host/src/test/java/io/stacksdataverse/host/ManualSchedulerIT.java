package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.testhelper.ManualScheduler;
import com.github.kagkarlsson.scheduler.testhelper.SettableClock;
import com.github.kagkarlsson.scheduler.testhelper.TestHelper;
import io.stacksdataverse.host.fixture.FixturePlugin;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.spi.LayeredConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving scheduler on db-scheduler's ManualScheduler: time is a settable clock that the test
 * moves, and executions run when the test says, so an outage of hours and a retry five minutes
 * later take no real time.
 */
class ManualSchedulerIT {
    private static final LocalDate DATE = LocalDate.of(2024, 7, 21);
    @TempDir
    Path dir;

    @Test
    void aLateHalfHourlyExecutionRunsTheNewestIntervalAndAFailedTaskIsRetriedAfterTheBackoff() {
        FixturePlugin.FlakyTask.ATTEMPTS.remove(DATE);
        SettableClock time = new SettableClock();
        time.set(Instant.parse("2024-07-21T00:29:59Z"));
        LayeredConfig config = LayeredConfig.ofMap(Map.of("DATAVERSE_DB_URL", TestPostgres.newDatabaseUrl(),
                "DATAVERSE_BLOB_STORE", "file:" + dir.resolve("b"), "FIXTURE_FLAKY", "1", "DATAVERSE_RETRY_JITTER", "0"));
        try (Host host = Host.start(config, clockOf(time), List.of(new FixturePlugin()));
             DagScheduler scheduler = new DagScheduler(host, DagScheduler.Mode.SERVE,
                     (dataSource, tasks) -> TestHelper.createManualScheduler(dataSource, tasks).clock(time))) {
            ManualScheduler manual = (ManualScheduler) scheduler.client();
            scheduler.start(); // schedules the half-hourly execution for 00:30

            // The host was down from 00:29:59 to 02:10: the execution due at 00:30 fires late.
            manual.setTime(Instant.parse("2024-07-21T02:10:00Z"));
            runUntilNothingIsDue(manual);

            // The run is named after the firing (due at 00:30), and serves the newest interval, ending at 02:00.
            String runId = "halfhourly-" + DATE + "-" + Instant.parse("2024-07-21T00:30:00Z").getEpochSecond();
            Map<String, TaskRunLog.Entry> entries = host.runLog().entries(runId);
            assertThat(entries).as("one run, of the newest interval (01:30-02:00), not one per missed half hour")
                    .containsKeys("fixture_echo", "fixture_flaky", "fixture_join");
            assertThat(entries.get("fixture_echo").status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(entries.get("fixture_flaky").status()).as("its first attempt failed; the retry is not due yet")
                    .isEqualTo(RunStatus.RUNNING);
            assertThat(entries.get("fixture_join").status()).isEqualTo(RunStatus.PLANNED);
            assertThat(manual.getScheduledExecution(TaskInstanceId.of(DagScheduler.HALF_HOURLY_NAME, "recurring")))
                    .as("the recurring execution carries on at the next slot after now").hasValueSatisfying(
                            e -> assertThat(e.getExecutionTime()).isEqualTo(Instant.parse("2024-07-21T02:30:00Z")));

            manual.tick(Duration.ofMinutes(4));
            runUntilNothingIsDue(manual);
            assertThat(host.runLog().entries(runId).get("fixture_flaky").status()).isEqualTo(RunStatus.RUNNING);

            manual.tick(Duration.ofMinutes(1)); // DATAVERSE_RETRY_DELAY: five minutes after the failure
            runUntilNothingIsDue(manual);
            entries = host.runLog().entries(runId);
            assertThat(entries.get("fixture_flaky").status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(entries.get("fixture_flaky").attempts()).isEqualTo(2);
            assertThat(entries.get("fixture_join").status()).as("its upstream tasks ended: it ran").isEqualTo(RunStatus.SUCCEEDED);
            assertThat(host.runLog().attempts(runId, "fixture_flaky")).extracting(TaskRunLog.Attempt::status)
                    .containsExactly(AttemptStatus.FAILED, AttemptStatus.SUCCEEDED);
        }
    }

    /** Runs what is due, and what that made due at once (downstream tasks), until nothing is. */
    private static void runUntilNothingIsDue(ManualScheduler manual) {
        for (int i = 0; i < 10; i++) {
            manual.runAnyDueExecutions();
        }
    }

    /** The host's clock is the scheduler's, so that what the host schedules "now" is due on the test's time. */
    private static Clock clockOf(SettableClock time) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return time.now();
            }
        };
    }
}
