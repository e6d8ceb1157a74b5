package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.spi.LayeredConfig;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskResult;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleWatchIT {
    @TempDir
    Path dir;
    @StartStop
    private final MockWebServer hook = new MockWebServer();

    @Test
    void aTaskThatGoesStaleIsAlertedOnceAndAgainOnlyAfterItWasFreshInBetween() throws Exception {
        hook.setDispatcher(new AcceptingReceiver());
        URL services = getClass().getResource("/fixture-plugin/");
        ClassLoader plugins = new URLClassLoader(new URL[] {services}, getClass().getClassLoader());
        LayeredConfig config = LayeredConfig.ofMap(Map.of("DATAVERSE_DB_URL", TestPostgres.newDatabaseUrl(),
                "DATAVERSE_BLOB_STORE", "file:" + dir.resolve("b"), "DATAVERSE_ALERT_WEBHOOK_URL", hook.url("/alert").toString()));
        try (Host host = Host.start(config, Clock.systemUTC(), Host.discoverPlugins(plugins))) {
            StaleWatch watch = new StaleWatch(host, WebhookAlerts.fromConfig(config).orElseThrow());
            LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
            TaskOutcome ok = TaskOutcome.succeeded("fixture_echo", TaskResult.builder().build());
            host.runLog().recordManual("manual-1", ScheduleGroup.HALF_HOURLY, today, "fixture_echo", false, ok);
            Instant now = Instant.now();

            assertThat(watch.check(now)).as("fresh, and the tasks that never succeeded are not going stale").isEmpty();
            assertThat(watch.check(now.plus(Duration.ofHours(2)))).containsExactly("fixture_echo");
            assertThat(hook.takeRequest().getBody().utf8()).startsWith("{\"text\":\"Stacks Dataverse: the data of task fixture_echo"
                    + " (halfhourly) is STALE: last succeeded 2 h 0 min ago");
            assertThat(watch.check(now.plus(Duration.ofHours(3)))).as("still stale: alerted already").isEmpty();

            host.runLog().recordManual("manual-2", ScheduleGroup.HALF_HOURLY, today, "fixture_echo", false, ok);
            assertThat(watch.check(Instant.now())).as("fresh again").isEmpty();
            assertThat(watch.check(Instant.now().plus(Duration.ofHours(2)))).containsExactly("fixture_echo");
            assertThat(hook.getRequestCount()).isEqualTo(2);
        }
    }
}
