package io.stacksdataverse.runners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stacksdataverse.extract.cryptocompare.CryptoCompareClient;
import io.stacksdataverse.extract.cryptocompare.CryptoCompareStandIn;
import io.stacksdataverse.extract.http.RetryPolicy;
import io.stacksdataverse.extract.http.SourceHttpClient;
import io.stacksdataverse.extract.stacks.StacksApiClient;
import io.stacksdataverse.extract.stacks.StacksApiStandIn;
import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.raw.BlobRawStore;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.loaders.warehouse.StxPriceTable;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.chain.sanity.SanityCheckTask;
import io.stacksdataverse.runners.prices.PriceOverTimeTask;
import io.stacksdataverse.runners.prices.StxPriceHistoryTask;
import io.stacksdataverse.spi.Secret;
import io.stacksdataverse.transform.Rounding;
import io.stacksdataverse.transform.UtcDays;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceAndSanityTasksIT {
    private static final LocalDate D = LocalDate.of(2024, 6, 1);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-02T00:10:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @StartStop
    private final MockWebServer ccServer = new MockWebServer();
    @StartStop
    private final MockWebServer stacksServer = new MockWebServer();
    @TempDir
    Path dir;

    private final CryptoCompareStandIn cc = new CryptoCompareStandIn().now(CLOCK::instant);
    private final StacksApiStandIn stacks = new StacksApiStandIn(150_000);
    private LocalBlobStore blobs;
    private PostgresWarehouse warehouse;
    private DSLContext dsl;
    private LocalRunner runner;
    private List<io.stacksdataverse.spi.Task> tasks;

    @BeforeEach
    void setUp() throws Exception {
        ccServer.setDispatcher(cc);
        stacksServer.setDispatcher(stacks);
        blobs = new LocalBlobStore(dir.resolve("blobs"), false);
        warehouse = TestPostgres.newWarehouse();
        dsl = PostgresWarehouse.dsl(warehouse);
        CryptoCompareClient ccClient = new CryptoCompareClient(SourceHttpClient.builder("cryptocompare")
                .baseUrl(ccServer.url("/").toString()).apiKey(new Secret("cc-secret-key-42"))
                .authHeader("Authorization", k -> "Apikey " + k).permitsPerSecond(1_000_000)
                .retryPolicy(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO)).build());
        StacksApiClient stacksClient = new StacksApiClient(SourceHttpClient.builder("stacks-api")
                .baseUrl(stacksServer.url("/").toString()).permitsPerSecond(1_000_000)
                .retryPolicy(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO)).build());
        tasks = List.of(new StxPriceHistoryTask(ccClient, "STX", "USD"), new PriceOverTimeTask(), new SanityCheckTask(stacksClient));
        TaskGraph graph = new TaskGraph(tasks);
        runner = LocalRunner.builder(graph).blobs(blobs).raw(new BlobRawStore(blobs)).warehouse(warehouse).clock(CLOCK)
                .redactor(s -> s.replace("cc-secret-key-42", "<redacted>")).build();
    }

    private Map<String, TaskOutcome> run(LocalDate date, String... tasks) {
        return runner.run(List.of(tasks), date, true, false, Map.of());
    }

    private JsonNode published(String key) throws Exception {
        byte[] gz = blobs.get(key).orElseThrow();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return JSON.readTree(in);
        }
    }

    @Test
    void firstRunLoadsNinetyDaysInTwoCallsAndARerunFetchesNothing() {
        Map<String, TaskOutcome> first = run(D, StxPriceHistoryTask.ID);
        assertThat(first.get(StxPriceHistoryTask.ID).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(dsl.fetchCount(StxPriceTable.TABLE)).isEqualTo(2160);
        assertThat(cc.requests()).hasSize(2);
        assertThat(first.get(StxPriceHistoryTask.ID).result().orElseThrow().longValue("rows_changed")).isEqualTo(2160);

        Map<String, TaskOutcome> again = run(D, StxPriceHistoryTask.ID);
        assertThat(again.get(StxPriceHistoryTask.ID).result().orElseThrow().longValue("hours_fetched")).isZero();
        assertThat(cc.requests()).as("no HTTP call when the table covers the window").hasSize(2);
        assertThat(dsl.fetchCount(StxPriceTable.TABLE)).isEqualTo(2160);
    }

    @Test
    void theNextDayFetchesOnlyItsTwentyFourHoursAndABackfillOnlyWhatIsMissing() {
        run(D, StxPriceHistoryTask.ID);
        Clock later = Clock.fixed(Instant.parse("2024-06-03T00:10:00Z"), ZoneOffset.UTC);
        cc.now(later::instant);
        LocalRunner laterRunner = LocalRunner.builder(new TaskGraph(runnerTasks())).blobs(blobs).raw(new BlobRawStore(blobs))
                .warehouse(warehouse).clock(later).build();
        laterRunner.run(List.of(StxPriceHistoryTask.ID), D.plusDays(1), true, false, Map.of());
        assertThat(cc.requests()).hasSize(3);
        assertThat(cc.requests().get(2).getUrl().queryParameter("limit")).isEqualTo("23");
        assertThat(cc.requests().get(2).getUrl().queryParameter("toTs")).isEqualTo(Long.toString(UtcDays.t(D.plusDays(2)) - 3600));
        assertThat(dsl.fetchCount(StxPriceTable.TABLE)).isEqualTo(2160 + 24);

        // A backfill of D-10 needs ten days before the table's first hour.
        laterRunner.run(List.of(StxPriceHistoryTask.ID), D.minusDays(10), false, false, Map.of());
        assertThat(cc.requests()).hasSize(4);
        assertThat(cc.requests().get(3).getUrl().queryParameter("limit")).isEqualTo(Integer.toString(10 * 24 - 1));
        assertThat(StxPriceTable.missingRanges(dsl, UtcDays.t(D.minusDays(99)), UtcDays.t(D.plusDays(2)))).isEmpty();
    }

    private List<io.stacksdataverse.spi.Task> runnerTasks() {
        return tasks;
    }

    @Test
    void priceFilesHoldTheWholeUtcDaysRoundedAndAscending() throws Exception {
        Map<String, TaskOutcome> outcomes = run(D, StxPriceHistoryTask.ID, PriceOverTimeTask.ID);
        assertThat(outcomes.get(PriceOverTimeTask.ID).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);

        for (Map.Entry<String, Integer> w : Map.of(DatasetPaths.PRICE_7D.latestKey(), 7,
                DatasetPaths.PRICE_30D.latestKey(), 30, DatasetPaths.PRICE_90D.latestKey(), 90).entrySet()) {
            JsonNode json = published(w.getKey());
            assertThat(json.size()).isEqualTo(w.getValue() * 24);
            long expected = UtcDays.t(D.minusDays(w.getValue() - 1));
            Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                assertThat(f.getKey()).isEqualTo(Long.toString(expected));
                assertThat(f.getValue().decimalValue()).isEqualByComparingTo(Rounding.r3(cc.closeAt(expected, 3600)));
                expected += 3600;
            }
            assertThat(expected).isEqualTo(UtcDays.t(D.plusDays(1)));
        }
        assertThat(blobs.info(DatasetPaths.PRICE_7D.latestKey()).orElseThrow().contentEncoding()).isEmpty();
    }

    @Test
    void aRerunPublishesTheSameBytes() throws Exception {
        Map<String, TaskOutcome> first = run(D, StxPriceHistoryTask.ID, PriceOverTimeTask.ID);
        assertThat(first.get(PriceOverTimeTask.ID).publishedKeys()).as("the public keys the first run changed")
                .containsExactly(DatasetPaths.PRICE_30D.latestKey(), DatasetPaths.PRICE_7D.latestKey(),
                        DatasetPaths.PRICE_90D.latestKey());
        assertThat(first.get(StxPriceHistoryTask.ID).publishedKeys()).as("a warehouse load publishes no key").isEmpty();
        byte[] before = blobs.get(DatasetPaths.PRICE_90D.latestKey()).orElseThrow();
        long modified = java.nio.file.Files.getLastModifiedTime(dir.resolve("blobs").resolve(DatasetPaths.PRICE_90D.latestKey())).toMillis();
        Thread.sleep(20);
        Map<String, TaskOutcome> again = run(D, StxPriceHistoryTask.ID, PriceOverTimeTask.ID);
        assertThat(again.get(PriceOverTimeTask.ID).publishedKeys()).as("nothing changed, nothing for a CDN to forget").isEmpty();
        assertThat(blobs.get(DatasetPaths.PRICE_90D.latestKey()).orElseThrow()).isEqualTo(before);
        assertThat(java.nio.file.Files.getLastModifiedTime(dir.resolve("blobs").resolve(DatasetPaths.PRICE_90D.latestKey())).toMillis())
                .as("an unchanged dataset is not rewritten").isEqualTo(modified);
    }

    @Test
    void aTruncatedPayloadFailsNamingTheSourceAndLeavesPublishedFilesAlone() throws Exception {
        run(D, StxPriceHistoryTask.ID, PriceOverTimeTask.ID);
        byte[] before = blobs.get(DatasetPaths.PRICE_7D.latestKey()).orElseThrow();

        Clock later = Clock.fixed(Instant.parse("2024-06-03T00:10:00Z"), ZoneOffset.UTC);
        cc.now(later::instant);
        cc.thenAnswer(() -> new MockResponse.Builder().code(200).body("{\"Response\":\"Success\",\"Data\":{\"Data\":[{\"time\":17").build());
        LocalRunner laterRunner = LocalRunner.builder(new TaskGraph(runnerTasks())).blobs(blobs).raw(new BlobRawStore(blobs))
                .warehouse(warehouse).clock(later).redactor(s -> s.replace("cc-secret-key-42", "<redacted>")).build();
        Map<String, TaskOutcome> outcomes = laterRunner.run(List.of(StxPriceHistoryTask.ID, PriceOverTimeTask.ID),
                D.plusDays(1), true, false, Map.of());

        TaskOutcome failed = outcomes.get(StxPriceHistoryTask.ID);
        assertThat(failed.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(failed.message()).contains("cryptocompare: GET http://").contains("/data/v2/histohour?fsym=STX&limit=23")
                .contains("malformed JSON").doesNotContain("cc-secret-key-42");
        assertThat(outcomes.get(PriceOverTimeTask.ID).status()).isEqualTo(TaskOutcome.Status.SKIPPED);
        assertThat(blobs.get(DatasetPaths.PRICE_7D.latestKey()).orElseThrow()).isEqualTo(before);
        assertThat(dsl.fetchCount(StxPriceTable.TABLE)).isEqualTo(2160);
        assertThat(blobs.list("raw/cryptocompare/")).as("the bad answer is kept raw for inspection")
                .anyMatch(k -> k.contains("/2024-06-02/"));
    }

    @Test
    void aDateThatHasNotEndedIsRefused() {
        TaskOutcome today = runner.runOne(tasks.get(0), D.plusDays(1), true, false, Map.of());
        assertThat(today.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(today.message()).contains("execution date 2024-06-02 has not ended yet").contains("newest complete date is 2024-06-01");
        assertThat(cc.requests()).isEmpty();
    }

    @Test
    void aFullRebuildRefetchesTheWindowAndAFailedOneChangesNothing() {
        run(D, StxPriceHistoryTask.ID);
        cc.thenAnswer(() -> new MockResponse.Builder().code(500).body("down").build());
        TaskOutcome failed = runner.runOne(tasks.get(0), D, true, true, Map.of());
        assertThat(failed.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(dsl.fetchCount(StxPriceTable.TABLE)).as("nothing deleted before the fetch succeeded").isEqualTo(2160);

        TaskOutcome rebuilt = runner.runOne(tasks.get(0), D, true, true, Map.of());
        assertThat(rebuilt.status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(rebuilt.result().orElseThrow().longValue("hours_fetched")).isEqualTo(2160);
        assertThat(rebuilt.result().orElseThrow().longValue("rows_changed")).as("same prices, nothing changed").isZero();
    }

    @Test
    void priceFilesRefuseAWindowTheTableDoesNotCover() throws Exception {
        assertThat(run(D, PriceOverTimeTask.ID).get(PriceOverTimeTask.ID).message())
                .as("in a run, a task whose upstream did not run is skipped").contains("upstream stx_price_history did not run");
        TaskOutcome alone = runner.runOne(tasks.get(1), D, true, false, Map.of());
        assertThat(alone.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(alone.message()).contains("stx_historical_prices holds 0 of the 2160 hours");
        assertThat(blobs.list("price_over_time/")).isEmpty();
    }

    @Test
    void latestOnlyTasksSkipABackfill() {
        Map<String, TaskOutcome> outcomes = runner.run(List.of(StxPriceHistoryTask.ID, PriceOverTimeTask.ID), D, false, false, Map.of());
        assertThat(outcomes.get(StxPriceHistoryTask.ID).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(outcomes.get(PriceOverTimeTask.ID).status()).isEqualTo(TaskOutcome.Status.SKIPPED);
        assertThat(outcomes.get(PriceOverTimeTask.ID).message()).contains("latest-only");
    }

    @Test
    void sanityCheckPassesFirstThenFailsWhenTheTipStalls() throws Exception {
        assertThat(run(D, SanityCheckTask.ID).get(SanityCheckTask.ID).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(published(DatasetPaths.SANITY_CHECK.latestKey()).toString()).isEqualTo("{\"maxblock\":150000}");
        assertThat(run(D, SanityCheckTask.ID).get(SanityCheckTask.ID).status())
                .as("a retry for the same date compares with the day before, not with itself").isEqualTo(TaskOutcome.Status.SUCCEEDED);

        TaskOutcome stalled = run(D.plusDays(1), SanityCheckTask.ID).get(SanityCheckTask.ID);
        assertThat(stalled.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(stalled.message()).contains("has not advanced").contains("block 150000 now").contains("2024-06-01");

        stacks.setTipHeight(150_144);
        assertThat(run(D.plusDays(1), SanityCheckTask.ID).get(SanityCheckTask.ID).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(published(DatasetPaths.SANITY_CHECK.latestKey()).get("maxblock").asLong()).isEqualTo(150_144);
        assertThat(blobs.list("raw/stacks-api/extended/")).isNotEmpty();
    }
}
