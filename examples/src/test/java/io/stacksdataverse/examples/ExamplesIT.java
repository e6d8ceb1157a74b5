package io.stacksdataverse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.extract.cryptocompare.CryptoCompareStandIn;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.spi.LayeredConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExamplesIT {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-02T03:00:00Z"), ZoneOffset.UTC);
    @StartStop
    private final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;

    @Test
    void theEmbeddingExampleBuildsThePriceFiles() throws Exception {
        server.setDispatcher(new CryptoCompareStandIn().now(CLOCK::instant));
        LayeredConfig config = LayeredConfig.ofMap(Map.of("CRYPTOCOMPARE_API_URL", server.url("/").toString(),
                "CRYPTOCOMPARE_RATE_LIMIT_PER_SECOND", "1000"));

        Map<String, TaskOutcome> outcomes = EmbeddedPriceFiles.build(LocalDate.of(2024, 6, 1), config,
                TestPostgres.newDatabase(), dir, CLOCK);

        assertThat(outcomes.keySet()).containsExactly("stx_price_history", "price_over_time");
        assertThat(outcomes.values()).allMatch(o -> o.status() == TaskOutcome.Status.SUCCEEDED);
        assertThat(dir.resolve("price_over_time/latest_7d.json.gz")).exists();
        assertThat(dir.resolve("price_over_time/latest_90d.json.gz")).exists();
    }
}
