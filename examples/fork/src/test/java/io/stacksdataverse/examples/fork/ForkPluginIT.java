package io.stacksdataverse.examples.fork;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stacksdataverse.extract.cryptocompare.CryptoCompareClient;
import io.stacksdataverse.extract.cryptocompare.CryptoCompareStandIn;
import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.raw.BlobRawStore;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.runners.LocalRunner;
import io.stacksdataverse.runners.TaskGraph;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.spi.LayeredConfig;
import io.stacksdataverse.transform.Rounding;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fork's task, run as the host runs it: through the runners, on a folder store and a real PostgreSQL. */
class ForkPluginIT {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-02T03:00:00Z"), ZoneOffset.UTC);
    @StartStop
    private final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;

    @Test
    void theForkTaskPublishesThirtyDailyCloses() throws Exception {
        CryptoCompareStandIn standIn = new CryptoCompareStandIn().now(CLOCK::instant);
        server.setDispatcher(standIn);
        CryptoCompareClient client = CryptoCompareClient.fromConfig(LayeredConfig.ofMap(Map.of(
                "CRYPTOCOMPARE_API_URL", server.url("/").toString(), "CRYPTOCOMPARE_RATE_LIMIT_PER_SECOND", "1000")));
        LocalBlobStore blobs = new LocalBlobStore(dir, false);
        LocalRunner runner = LocalRunner.builder(new TaskGraph(List.of(new BtcCloseTask(client)))).blobs(blobs)
                .raw(new BlobRawStore(blobs)).warehouse(new PostgresWarehouse(TestPostgres.newDatabase(), "test"))
                .clock(CLOCK).build();

        TaskOutcome outcome = runner.runWithUpstream("fork_btc_close_30d", LocalDate.of(2024, 6, 1)).get("fork_btc_close_30d");

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        JsonNode json;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("fork/btc_close_30d.json.gz"))))) {
            json = new ObjectMapper().readTree(in);
        }
        assertThat(json.size()).isEqualTo(30);
        long firstDay = LocalDate.of(2024, 5, 3).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        assertThat(json.fieldNames().next()).isEqualTo(Long.toString(firstDay));
        assertThat(json.get(Long.toString(firstDay)).decimalValue()).isEqualByComparingTo(Rounding.r2(standIn.closeAt(firstDay, 86_400)));
        assertThat(standIn.requests()).hasSize(1);
        assertThat(outcome.publishedKeys()).as("public keys recorded for the CDN").containsExactly("fork/btc_close_30d.json.gz");

        TaskOutcome again = runner.runWithUpstream("fork_btc_close_30d", LocalDate.of(2024, 6, 1)).get("fork_btc_close_30d");
        assertThat(again.status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(again.publishedKeys()).as("the same bytes are not written again").isEmpty();
    }
}
