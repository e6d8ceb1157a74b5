package io.stacksdataverse.runners.market;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stacksdataverse.extract.cryptocompare.CryptoCompareClient;
import io.stacksdataverse.extract.cryptocompare.CryptoCompareStandIn;
import io.stacksdataverse.extract.http.RetryPolicy;
import io.stacksdataverse.extract.http.SourceHttpClient;
import io.stacksdataverse.extract.stacks.db.ChainBuilder;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.raw.BlobRawStore;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.LocalRunner;
import io.stacksdataverse.runners.TaskGraph;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.spi.Secret;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.transform.Rounding;
import io.stacksdataverse.transform.UtcDays;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 180-day market datasets (catalog #13–18) against a CryptoCompare stand-in serving daily
 * candles and a hand-built Stacks API database for the supply.
 */
class MarketTasksIT {
    private static final LocalDate D = LocalDate.of(2024, 6, 1);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-02T00:10:00Z"), ZoneOffset.UTC);
    private static final String KEY = "cc-market-secret-5150";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<DatasetPath> SIX = List.of(DatasetPaths.VOLUMES_180D, DatasetPaths.MARKET_CAPS_180D,
            DatasetPaths.FINANCIAL_INDICATORS_CSV, DatasetPaths.RSI, DatasetPaths.RVI, DatasetPaths.EMA);
    // Supply in µSTX, by the rows it holds for (built in setUp):
    private static final long GENESIS = 1_000_000_000_000L;                 // minted before the window
    private static final long AFTER_D_MINUS_100 = GENESIS + 500_000_000L - 20_000_000L;   // mint 500, burn 20 STX
    private static final long AFTER_D_MINUS_50 = AFTER_D_MINUS_100 + 1_000_000_000L;      // coinbase 1,000 STX
    private static final long AFTER_D = AFTER_D_MINUS_50 + 2_000_000L;                    // mint 2 STX on D

    private final MockWebServer server = new MockWebServer();
    private final CryptoCompareStandIn cc = new CryptoCompareStandIn().now(CLOCK::instant);
    @TempDir
    Path dir;
    private LocalBlobStore blobs;
    private PostgresWarehouse warehouse;
    private StacksDb db;
    private ChainBuilder chain;
    private DailyCandles candles;

    @BeforeEach
    void setUp() throws Exception {
        server.setDispatcher(cc);
        server.start();
        blobs = new LocalBlobStore(dir.resolve("blobs"), false);
        warehouse = TestPostgres.newWarehouse();
        chain = ChainBuilder.create(TestPostgres.newDatabase());
        db = new StacksDb(chain.dataSource(), "test chain");
        long genesis = UtcDays.t(LocalDate.of(2023, 6, 1));
        long dm100 = UtcDays.t(D.minusDays(100)) + 600;
        long dm50 = UtcDays.t(D.minusDays(50)) + 600;
        long dm40 = UtcDays.t(D.minusDays(40)) + 600;
        long dm30 = UtcDays.t(D.minusDays(30)) + 600;
        long onD = UtcDays.t(D) + 43_200;
        long lateD = UtcDays.t(D.plusDays(1)) - 60;          // Bitcoin time on D, own time after midnight
        chain.block("g", "none", 1, genesis, genesis, 100, true)
                .stxEvent("tg", "g", 1, 0, 2, GENESIS, null, "SP1", true, true)
                .block("b1", "g", 2, dm100, dm100, 101, true)
                .stxEvent("t1", "b1", 2, 0, 2, 500_000_000L, null, "SP2", true, true)
                .stxEvent("t2", "b1", 2, 0, 3, 20_000_000L, "SP1", null, true, true)
                .stxEvent("t3", "b1", 2, 1, 1, 7_000_000L, "SP1", "SP3", true, true)            // a transfer: no change
                .block("b2", "b1", 3, dm50, dm50, 102, true)
                .minerReward("b2", "g", 3, "SP4", 1_000_000_000L, 180, true)
                .block("b2f", "b1", 3, dm40, dm40, 102, false)                                    // a fork
                .stxEvent("t4", "b2f", 3, 0, 2, 7_000_000_000L, null, "SP5", false, true)
                .minerReward("b2f", "g", 3, "SP5", 1_000_000_000L, 0, false)
                .block("b3", "b2", 4, dm30, dm30, 103, true)
                .stxEvent("t5", "b3", 4, 0, 2, 3_000_000_000L, null, "SP6", true, false)        // orphaned microblock
                .block("b4", "b3", 5, onD, onD, 104, true)
                .stxEvent("t6", "b4", 5, 0, 2, 2_000_000L, null, "SP7", true, true)
                .block("b5", "b4", 6, lateD, lateD + 120, 104, true)                              // above H_D
                .stxEvent("t7", "b5", 6, 0, 2, 9_000_000L, null, "SP8", true, true)
                .tip(6);
        candles = new DailyCandles(client(3, Duration.ofSeconds(10)));
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        chain.close();
    }

    private CryptoCompareClient client(int attempts, Duration callTimeout) {
        return new CryptoCompareClient(SourceHttpClient.builder("cryptocompare")
                .baseUrl(server.url("/").toString()).apiKey(new Secret(KEY))
                .authHeader("Authorization", k -> "Apikey " + k).permitsPerSecond(1_000_000)
                .retryableAnswer(CryptoCompareClient::isRateLimited)
                .retryPolicy(new RetryPolicy(attempts, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5)))
                .callTimeout(callTimeout).build());
    }

    private List<Task> tasks(DailyCandles c, Optional<StacksDb> database) {
        return List.of(new MarketIndicatorsTask(c, "STX", "USD"), new MarketCapsTask(c, database, "STX", "USD"));
    }

    private LocalRunner runner(DailyCandles c, Optional<StacksDb> database, boolean replay) {
        return LocalRunner.builder(new TaskGraph(tasks(c, database))).blobs(blobs).raw(new BlobRawStore(blobs))
                .warehouse(warehouse).clock(CLOCK).redactor(s -> s.replace(KEY, "<redacted>")).replay(replay).build();
    }

    private Map<String, TaskOutcome> runBoth(LocalDate date) {
        return runner(candles, Optional.of(db), false).run(List.of(MarketIndicatorsTask.ID, MarketCapsTask.ID), date, true,
                false, Map.of());
    }

    private Map<String, byte[]> publishedBytes() throws Exception {
        return publishedBytes(SIX);
    }

    private Map<String, byte[]> publishedBytes(List<DatasetPath> paths) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (DatasetPath p : paths) {
            out.put(p.latestKey(), blobs.get(p.latestKey()).orElseThrow());
        }
        return out;
    }

    private String text(String key) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(blobs.get(key).orElseThrow()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private List<RecordedRequest> histodayCalls() {
        return cc.requests().stream().filter(r -> r.getUrl().encodedPath().endsWith("/data/v2/histoday")).toList();
    }

    private static void assertSucceeded(Map<String, TaskOutcome> outcomes) {
        outcomes.values().forEach(o -> assertThat(o.status()).as(o.taskId() + ": " + o.message())
                .isEqualTo(TaskOutcome.Status.SUCCEEDED));
    }

    private static long supplyAt(long key) {
        if (key <= UtcDays.t(D.minusDays(100))) {
            return GENESIS;
        } else if (key <= UtcDays.t(D.minusDays(50))) {
            return AFTER_D_MINUS_100;
        } else if (key <= UtcDays.t(D)) {
            return AFTER_D_MINUS_50;
        }
        return AFTER_D;
    }

    @Test
    void bothTasksPublishTheSixDatasetsAsOfDFromOneHistodayCall() throws Exception {
        assertSucceeded(runBoth(D));

        assertThat(histodayCalls()).as("one call per symbol serves both tasks of the run").hasSize(1);
        RecordedRequest call = histodayCalls().get(0);
        assertThat(call.getUrl().queryParameter("fsym")).isEqualTo("STX");
        assertThat(call.getUrl().queryParameter("limit")).isEqualTo("180");
        assertThat(call.getUrl().queryParameter("toTs")).isEqualTo(Long.toString(UtcDays.t(D)));
        assertThat(call.getHeaders().get("Authorization")).isEqualTo("Apikey " + KEY);

        JsonNode vols = JSON.readTree(text(DatasetPaths.VOLUMES_180D.latestKey()));
        JsonNode caps = JSON.readTree(text(DatasetPaths.MARKET_CAPS_180D.latestKey()));
        assertThat(vols.size()).isEqualTo(181);
        List<String> keys = new ArrayList<>();
        caps.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).hasSize(181).first().isEqualTo(Long.toString(UtcDays.t(D.minusDays(179))));
        assertThat(keys.get(180)).isEqualTo(Long.toString(UtcDays.t(D.plusDays(1))));
        for (String k : keys) {
            long key = Long.parseLong(k);
            double close = cc.closeAt(key - 86_400, 86_400);
            double supplyStx = new BigDecimal(supplyAt(key)).movePointLeft(6).doubleValue();
            assertThat(caps.get(k).decimalValue()).as("market cap of " + k)
                    .isEqualByComparingTo(Rounding.r3(close * supplyStx));
        }
        // The supply steps exactly where the hand-built chain changes it.
        assertThat(supplyAt(UtcDays.t(D.minusDays(100)))).isEqualTo(GENESIS);
        assertThat(caps.get(Long.toString(UtcDays.t(D.plusDays(1)))).decimalValue()).isEqualByComparingTo(
                Rounding.r3(cc.closeAt(UtcDays.t(D), 86_400) * 1_001_482.0));

        String csv = text(DatasetPaths.FINANCIAL_INDICATORS_CSV.latestKey());
        String[] lines = csv.split("\n", -1);
        assertThat(lines).hasSize(183);          // header, 181 rows and the empty rest after the final newline
        assertThat(lines[0]).isEqualTo("\"\",\"unix_timestamp_x\",\"vol_usd\",\"time_string\",\"unix_timestamp_y\","
                + "\"mktcap_usd\",\"unix_timestamp\",\"price_usd\",\"%_change\",\"rsi\",\"standard_deviation\",\"rvi\","
                + "\"rsi_change\",\"rvi_change\",\"7dayEMA\",\"nvt\",\"nvt_classic\"");
        String t0 = Long.toString(UtcDays.t(D.minusDays(179)));
        assertThat(lines[1]).startsWith("0," + t0 + ",").contains(",\"2023-12-05 00:00:00\"," + t0 + ",");
        assertThat(lines[181]).startsWith("180," + UtcDays.t(D.plusDays(1)) + ",").contains("\"2024-06-02 00:00:00\"");
        assertThat(lines[182]).isEmpty();

        JsonNode rsi = JSON.readTree(text(DatasetPaths.RSI.latestKey()));
        assertThat(rsi.fieldNames().next()).as("RSI starts at row 7").isEqualTo(Long.toString(UtcDays.t(D.minusDays(172))));
        JsonNode rvi = JSON.readTree(text(DatasetPaths.RVI.latestKey()));
        assertThat(rvi.fieldNames().next()).as("RVI starts at row 13").isEqualTo(Long.toString(UtcDays.t(D.minusDays(166))));
        assertThat(JSON.readTree(text(DatasetPaths.EMA.latestKey())).size()).isEqualTo(181);

        // The supply read is kept in the raw zone, like every source's answer, and no raw key names the key.
        assertThat(blobs.list("raw/stacks-db/stx_supply/2024-06-01/")).isNotEmpty();
        assertThat(blobs.list("raw/")).noneMatch(k -> k.contains(KEY));

        // A re-run of D publishes the same bytes.
        Map<String, byte[]> first = publishedBytes();
        assertSucceeded(runBoth(D));
        assertThat(publishedBytes()).containsExactlyInAnyOrderEntriesOf(first);
    }

    @Test
    void tasksOfOneRunRunningAtOnceShareOneCall() throws Exception {
        LocalRunner runner = runner(candles, Optional.of(db), false);
        List<Task> both = tasks(candles, Optional.of(db));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<TaskOutcome>> running = new ArrayList<>();
            for (Task t : both) {
                running.add(pool.submit(() -> runner.runOne("run-1", t, D, true, false, Map.of(), k -> { })));
            }
            for (Future<TaskOutcome> f : running) {
                assertThat(f.get().status()).as(f.get().message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(histodayCalls()).hasSize(1);
        // Another run asks again: the cache is per run, so a re-run sees what the source says now.
        runner.runOne("run-2", both.get(0), D, true, false, Map.of(), k -> { });
        assertThat(histodayCalls()).hasSize(2);
    }

    @Test
    void aBackfillOfAnOldDateUsesOnlyWhatWasKnownAtItsEnd() throws Exception {
        LocalDate old = D.minusDays(60);
        Map<String, TaskOutcome> outcomes = runner(candles, Optional.of(db), false)
                .run(List.of(MarketCapsTask.ID), old, true, false, Map.of());
        assertSucceeded(outcomes);
        assertThat(histodayCalls().get(0).getUrl().queryParameter("toTs")).isEqualTo(Long.toString(UtcDays.t(old)));
        JsonNode caps = JSON.readTree(text(DatasetPaths.MARKET_CAPS_180D.latestKey()));
        String last = Long.toString(UtcDays.t(old.plusDays(1)));
        List<String> keys = new ArrayList<>();
        caps.fieldNames().forEachRemaining(keys::add);
        assertThat(keys.get(keys.size() - 1)).isEqualTo(last);
        assertThat(outcomes.get(MarketCapsTask.ID).result().orElseThrow().value("last_supply_ustx"))
                .contains(Long.toString(AFTER_D_MINUS_100));
    }

    @Test
    void theSupplyIsKeptIncrementallyAndAFullRebuildGivesTheSameBytes() throws Exception {
        LocalRunner runner = runner(candles, Optional.of(db), false);
        TaskOutcome dayBefore = runner.run(List.of(MarketCapsTask.ID), D.minusDays(1), true, false, Map.of()).get(MarketCapsTask.ID);
        assertThat(dayBefore.status()).as(dayBefore.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(dayBefore.result().orElseThrow().value("supply_days_read")).contains("2021-01-14.." + D.minusDays(1));

        TaskOutcome daily = runner.run(List.of(MarketCapsTask.ID), D, true, false, Map.of()).get(MarketCapsTask.ID);
        assertThat(daily.status()).as(daily.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(daily.result().orElseThrow().value("supply_days_read")).as("only the day of the new block")
                .contains(D + ".." + D);
        assertThat(daily.result().orElseThrow().value("last_supply_ustx")).contains(Long.toString(AFTER_D));
        List<DatasetPath> caps = List.of(DatasetPaths.MARKET_CAPS_180D, DatasetPaths.FINANCIAL_INDICATORS_CSV);
        Map<String, byte[]> incremental = publishedBytes(caps);

        TaskOutcome full = runner.run(List.of(MarketCapsTask.ID), D, true, true, Map.of()).get(MarketCapsTask.ID);
        assertThat(full.status()).as(full.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(full.result().orElseThrow().value("supply_days_read")).contains("2021-01-14.." + D);
        assertThat(publishedBytes(caps)).containsExactlyInAnyOrderEntriesOf(incremental);
    }

    @Test
    void blocksStampedBeforeTheSeriesFirstDayStillCount() throws Exception {
        long before = UtcDays.t(LocalDate.of(2020, 12, 1));
        chain.block("pre", "none", 0, before, before, 99, true)
                .stxEvent("tp", "pre", 0, 0, 2, 5_000_000L, null, "SP0", true, true);
        TaskOutcome o = runner(candles, Optional.of(db), false).run(List.of(MarketCapsTask.ID), D, true, false, Map.of())
                .get(MarketCapsTask.ID);
        assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(o.result().orElseThrow().value("last_supply_ustx")).contains(Long.toString(AFTER_D + 5_000_000L));
    }

    @Test
    void aRunForADayThatHasNotEndedIsRefused() {
        TaskOutcome o = runner(candles, Optional.of(db), false).run(List.of(MarketIndicatorsTask.ID), D.plusDays(1), true,
                false, Map.of()).get(MarketIndicatorsTask.ID);
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.message()).contains("has not ended yet");
        assertThat(cc.requests()).isEmpty();
    }

    @Test
    void withoutTheStacksDatabaseOnlyTheMarketCapsAreDisabled() {
        List<Task> t = tasks(candles, Optional.empty());
        assertThat(t.get(0).disabledReason()).isEmpty();
        assertThat(t.get(1).disabledReason()).contains(MarketCapsTask.NO_DATABASE);
    }

    @Test
    void aReplayRebuildsTheSameBytesFromTheRawZoneWithNoSourceAtAll() throws Exception {
        assertSucceeded(runBoth(D));
        Map<String, byte[]> published = publishedBytes();
        int calls = cc.requests().size();
        server.close();
        for (DatasetPath p : SIX) {
            java.nio.file.Files.delete(dir.resolve("blobs").resolve(p.latestKey()));
        }

        // No CryptoCompare, and no Stacks API database either: everything comes from the raw zone.
        DailyCandles offline = new DailyCandles(client(1, Duration.ofSeconds(2)));
        LocalRunner replay = runner(offline, Optional.empty(), true);
        for (Task t : tasks(offline, Optional.empty())) {
            TaskOutcome o = replay.runOne("replay-1", t, D, true, false, Map.of(), k -> { });
            assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        }
        assertThat(publishedBytes()).containsExactlyInAnyOrderEntriesOf(published);
        assertThat(cc.requests()).hasSize(calls);

        // A date the raw zone keeps nothing for cannot be replayed, and says why.
        TaskOutcome missing = replay.runOne("replay-2", tasks(offline, Optional.empty()).get(0), D.minusDays(1), true, false,
                Map.of(), k -> { });
        assertThat(missing.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(missing.message()).contains("cryptocompare").contains("/data/v2/histoday")
                .contains("raw zone keeps no answer");
    }

    @Test
    void aReplayFollowsTheNewestSuccessfulRunNotAnswersOtherRunsReceived() throws Exception {
        assertSucceeded(runBoth(D));
        Map<String, byte[]> first = publishedBytes();
        // A later run for D gets CryptoCompare's error (HTTP 200, kept raw) and fails: the files stay, and so must a replay.
        cc.thenAnswer(answer(200, CryptoCompareStandIn.fixtureText("/fixtures/cryptocompare/error-no-data.json")));
        assertThat(runner(candles, Optional.of(db), false).run(List.of(MarketIndicatorsTask.ID), D, true, false, Map.of())
                .get(MarketIndicatorsTask.ID).status()).isEqualTo(TaskOutcome.Status.FAILED);
        LocalRunner replay = runner(new DailyCandles(client(1, Duration.ofSeconds(2))), Optional.empty(), true);
        for (Task t : tasks(candles, Optional.empty())) {
            TaskOutcome o = replay.runOne("replay-a", t, D, true, false, Map.of(), k -> { });
            assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        }
        assertThat(publishedBytes()).containsExactlyInAnyOrderEntriesOf(first);

        // Then a successful run receives other candles: a replay now rebuilds those, not the first run's.
        cc.thenAnswer(answer(200, histoday(-1, p -> { })));
        assertSucceeded(runner(candles, Optional.of(db), false).run(List.of(MarketIndicatorsTask.ID), D, true, false, Map.of()));
        byte[] second = blobs.get(DatasetPaths.VOLUMES_180D.latestKey()).orElseThrow();
        assertThat(second).isNotEqualTo(first.get(DatasetPaths.VOLUMES_180D.latestKey()));
        java.nio.file.Files.delete(dir.resolve("blobs").resolve(DatasetPaths.VOLUMES_180D.latestKey()));
        TaskOutcome again = replay.runOne("replay-b", tasks(candles, Optional.empty()).get(0), D, true, false, Map.of(), k -> { });
        assertThat(again.status()).as(again.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(blobs.get(DatasetPaths.VOLUMES_180D.latestKey()).orElseThrow()).isEqualTo(second);
        assertThat(blobs.list("raw/_runs/market_indicators/2024-06-01/")).as("one manifest per successful run").hasSize(2);
    }

    @Test
    void aReplayIgnoresTheThrottledAnswerARunRetriedPast() throws Exception {
        // The candles are first received by one run; a later run is throttled (HTTP 200, kept raw, newer), then
        // receives the same candles again, which the raw zone already keeps under their first time.
        assertSucceeded(runner(candles, Optional.of(db), false).run(List.of(MarketIndicatorsTask.ID), D, true, false, Map.of()));
        cc.thenAnswer(answer(200, "{\"Response\":\"Error\",\"Message\":\"You are over your rate limit please upgrade your"
                + " account!\",\"HasWarning\":false,\"Type\":99,\"RateLimit\":{},\"Data\":{}}"));
        assertSucceeded(runner(candles, Optional.of(db), false).run(List.of(MarketIndicatorsTask.ID), D, true, false, Map.of()));
        assertThat(histodayCalls()).as("the rate-limited answer was retried").hasSize(3);
        byte[] published = blobs.get(DatasetPaths.VOLUMES_180D.latestKey()).orElseThrow();
        assertThat(blobs.list("raw/cryptocompare/data_v2_histoday/2024-06-01/")).as("both answers are kept raw").hasSize(4);
        java.nio.file.Files.delete(dir.resolve("blobs").resolve(DatasetPaths.VOLUMES_180D.latestKey()));

        TaskOutcome replayed = runner(new DailyCandles(client(1, Duration.ofSeconds(2))), Optional.empty(), true)
                .runOne("replay-t", tasks(candles, Optional.empty()).get(0), D, true, false, Map.of(), k -> { });

        assertThat(replayed.status()).as(replayed.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(blobs.get(DatasetPaths.VOLUMES_180D.latestKey()).orElseThrow()).isEqualTo(published);
    }

    // ---- bad input: each fails the task naming the source and request, or heals by a retry; the published files stay

    /** A histoday answer in the recorded v2 shape for D's 181 days, with {@code edit} applied to candle {@code index}. */
    private String histoday(int index, java.util.function.Consumer<ObjectNode> edit) {
        ObjectNode body = JSON.createObjectNode();
        body.put("Response", "Success").put("Message", "").put("HasWarning", false).put("Type", 100);
        body.putObject("RateLimit");
        ObjectNode data = body.putObject("Data");
        data.put("Aggregated", false).put("TimeFrom", UtcDays.t(D.minusDays(180))).put("TimeTo", UtcDays.t(D));
        ArrayNode points = data.putArray("Data");
        for (int i = 0; i <= 180; i++) {
            long t = UtcDays.t(D.minusDays(180 - i));
            ObjectNode p = points.addObject();
            p.put("time", t).put("high", 2.5).put("low", 1.5).put("open", 2.0).put("volumefrom", 1000.0)
                    .put("volumeto", 2000.0 + i).put("close", 2.0 + (i % 7) * 0.01)
                    .put("conversionType", "direct").put("conversionSymbol", "");
            if (i == index) {
                edit.accept(p);
            }
        }
        return body.toString();
    }

    private static Supplier<MockResponse> answer(int code, String body) {
        return () -> new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    /** Publishes D, then scripts the source's next answers and runs market_indicators for D again. */
    private TaskOutcome failingRun(Optional<DailyCandles> with, Runnable script) throws Exception {
        assertSucceeded(runBoth(D));
        Map<String, byte[]> before = publishedBytes();
        script.run();
        TaskOutcome o = runner(with.orElse(candles), Optional.of(db), false).run(List.of(MarketIndicatorsTask.ID), D, true,
                false, Map.of()).get(MarketIndicatorsTask.ID);
        assertThat(publishedBytes()).as("the published files are unchanged").containsExactlyInAnyOrderEntriesOf(before);
        assertThat(o.message()).doesNotContain(KEY);
        assertThat(blobs.list("raw/")).noneMatch(k -> k.contains(KEY));
        return o;
    }

    private static void assertFailedNaming(TaskOutcome o, String problem) {
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.message()).contains("cryptocompare: GET http://").contains("/data/v2/histoday?fsym=STX&limit=180")
                .contains(problem);
    }

    @Test
    void truncatedJsonFails() throws Exception {
        String whole = histoday(-1, p -> { });
        assertFailedNaming(failingRun(Optional.empty(), () -> cc.thenAnswer(answer(200, whole.substring(0, whole.length() / 2)))), "malformed JSON");
    }

    @Test
    void anEmptyDataArrayFails() throws Exception {
        TaskOutcome o = failingRun(Optional.empty(), () -> cc.thenAnswer(answer(200, "{\"Response\":\"Success\",\"Message\":\"\",\"Type\":100,\"Data\":{\"Aggregated\":false,"
                + "\"TimeFrom\":0,\"TimeTo\":0,\"Data\":[]}}")));
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.message()).contains("cryptocompare").contains("/data/v2/histoday?fsym=STX&tsym=USD&limit=180")
                .contains("lacks 181 of its 181 daily candles");
    }

    @Test
    void aMissingFieldFails() throws Exception {
        assertFailedNaming(failingRun(Optional.empty(), () -> cc.thenAnswer(answer(200, histoday(40, p -> p.remove("volumeto"))))), "has no numeric 'volumeto'");
    }

    @Test
    void aNullPriceFails() throws Exception {
        assertFailedNaming(failingRun(Optional.empty(), () -> cc.thenAnswer(answer(200, histoday(180, p -> p.putNull("close"))))), "has no numeric 'close'");
    }

    @Test
    void aMissingDayFails() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(histoday(-1, p -> { }));
        ((ArrayNode) body.path("Data").path("Data")).remove(100);
        TaskOutcome o = failingRun(Optional.empty(), () -> cc.thenAnswer(answer(200, body.toString())));
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.message()).contains("lacks 1 of its 181 daily candles: " + D.minusDays(80) + " (no candle)");
    }

    @Test
    void aWrongKeyAnsweredWith401Or403Fails() throws Exception {
        assertFailedNaming(failingRun(Optional.empty(), () -> cc.thenAnswer(answer(401, "{\"Response\":\"Error\",\"Message\":\"You need a valid auth key or api key\"}"))), "HTTP 401");
        assertFailedNaming(failingRun(Optional.empty(), () -> cc.thenAnswer(answer(403, "{\"Response\":\"Error\",\"Message\":\"forbidden\"}"))), "HTTP 403");
    }

    @Test
    void anErrorAnsweredWithHttp200FailsWithTheSourceMessage() throws Exception {
        assertFailedNaming(failingRun(Optional.empty(), () -> cc.thenAnswer(answer(200, CryptoCompareStandIn.fixtureText("/fixtures/cryptocompare/error-no-data.json")))), "Response=Error: There is no data for any of the toSymbols USD");
    }

    @Test
    void aBurstOfServerErrorsLongerThanTheRetriesFails() throws Exception {
        assertFailedNaming(failingRun(Optional.empty(), () -> {
            for (int i = 0; i < 3; i++) {
                cc.thenAnswer(answer(503, "busy"));
            }
        }), "HTTP 503 after 3 attempts");
    }

    @Test
    void aTimeoutFails() throws Exception {
        DailyCandles impatient = new DailyCandles(client(2, Duration.ofMillis(400)));
        TaskOutcome o = failingRun(Optional.of(impatient), () -> {
            for (int i = 0; i < 2; i++) {
                cc.thenAnswer(() -> new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS)
                        .body(histoday(-1, p -> { })).build());
            }
        });
        assertFailedNaming(o, "failed after 2 attempts");
        assertThat(o.message()).contains("timeout");
    }

    @Test
    void a429WithRetryAfterAndAShortBurstOf5xxAreRetriedAndHeal() throws Exception {
        cc.thenAnswer(() -> new MockResponse.Builder().code(429).addHeader("Retry-After", "1").body("slow down").build());
        cc.thenAnswer(answer(502, "bad gateway"));
        long started = System.nanoTime();
        Map<String, TaskOutcome> outcomes = runBoth(D);
        assertSucceeded(outcomes);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("Retry-After was honoured")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(histodayCalls()).hasSize(3);
    }
}
