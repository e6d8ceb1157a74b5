package io.stacksdataverse.runners.spot;

import static io.stacksdataverse.runners.interval.CandleJson.candle;
import static io.stacksdataverse.runners.interval.CandleJson.candles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stacksdataverse.extract.stacks.StacksApiStandIn;
import io.stacksdataverse.extract.stacks.db.ChainBuilder;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.raw.BlobRawStore;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.LocalRunner;
import io.stacksdataverse.runners.TaskGraph;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.runners.interval.IntervalSources;
import io.stacksdataverse.runners.interval.OneTaskRun;
import io.stacksdataverse.runners.mempool.MempoolOverTimeTask;
import io.stacksdataverse.transform.UtcDays;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalogs #30–31 on a hand-built chain in cycle 11 of the regtest {@code /v2/pox} fixture (F = 0,
 * L = 20: s_11 = 221, s_12 = 241), with a Stacks node and CryptoCompare stand-in. The interval is
 * [D 01:30, D 02:00): H(E) is block 7 (a Nakamoto tenure of three blocks at burn height 222), and
 * block 8, stamped after E, lies above it. D−1 holds the balances: three whales and one small holder.
 */
class SpotStatsIT {
    private static final LocalDate D = LocalDate.of(2024, 6, 1);
    private static final long T = UtcDays.t(D);
    private static final long DAY = 86_400;
    private static final Instant E = Instant.ofEpochSecond(T + 7200);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long STACKED_U11 = 3_750_255_000_000_000L;

    private final MockWebServer server = new MockWebServer();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile String readOnlyAnswer = "{\"okay\":true,\"result\":\"0x01" + String.format("%032x", STACKED_U11) + "\"}";
    private volatile String poxAnswer;
    @TempDir
    Path dir;
    private ChainBuilder chain;
    private StacksDb db;
    private LocalBlobStore blobs;
    private PostgresWarehouse warehouse;
    private SpotStatsTask task;

    @BeforeEach
    void setUp() throws Exception {
        poxAnswer = StacksApiStandIn.fixtureText("/fixtures/stacks-api/v2-pox-regtest-pox4.json");
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                requests.add(request.getMethod() + " " + path + (request.getUrl().query() == null ? "" : "?" + request.getUrl().query()));
                return switch (path) {
                    case "/v2/pox" -> ok(poxAnswer);
                    case "/v2/fees/transfer" -> ok("1");
                    case "/v2/contracts/call-read/ST000000000000000000002AMW42H/pox-4/get-total-ustx-stacked" -> ok(readOnlyAnswer);
                    case "/data/v2/histominute" -> ok(candles(List.of(
                            candle(T + 3600, 4.0, 4.2, 4.0), candle(T + 7140, 2.5, 2.6, 2.5))));
                    case "/data/v2/histohour" -> ok(candles(List.of(candle(T, 2.675, 2.7, 2.4))));
                    case "/data/v2/histoday" -> "BTC".equals(request.getUrl().queryParameter("fsym"))
                            ? ok(candles(List.of(candle(T - DAY, 59_000, 61_000, 60_000), candle(T, 60_000, 62_000, 61_500))))
                            : ok(candles(List.of(candle(T - 3 * DAY, 3.0, 3.1, 3.0), candle(T - 2 * DAY, 3.0, 3.9, 2.5),
                                    candle(T - DAY, 2.5, 2.2, 2.0), candle(T, 2.0, 9.9, 2.5))));
                    default -> new MockResponse.Builder().code(404).body("{}").build();
                };
            }
        });
        server.start();
        chain = ChainBuilder.create(TestPostgres.newDatabase());
        db = new StacksDb(chain.dataSource(), "test chain");
        blobs = new LocalBlobStore(dir, false);
        warehouse = TestPostgres.newWarehouse();
        IntervalSources sources = IntervalSources.at(server);
        task = new SpotStatsTask(Optional.of(db), sources.pox(), sources.prices(), 0);

        long d1 = T - DAY;
        chain.block("b1", "genesis", 1, d1 + 6_400, d1 + 6_400, 200, true)
                .typedTx("cb1", "b1", 1, d1 + 6_400, 200, 0, 0, 4, "SPMINER", 0, null, null, true)
                .stxEvent("cb1", "b1", 1, 0, 2, 3_000_000_000_000L, null, "SPW1", true, true)   // 3,000,000 STX
                .stxEvent("cb1", "b1", 1, 1, 2, 50_000_000_000L, null, "SPW2", true, true)      // 50,000 STX
                .stxEvent("cb1", "b1", 1, 2, 2, 15_000_000_000L, null, "SPW3", true, true)      // 15,000 STX
                .stxEvent("cb1", "b1", 1, 3, 2, 1_000_000_000L, null, "SP4", true, true)        // 1,000 STX: not a whale
                .block("b2", "b1", 2, d1 + 16_400, d1 + 16_400, 201, true)
                .typedTx("cb2", "b2", 2, d1 + 16_400, 201, 0, 0, 4, "SPMINER", 0, null, null, true)
                .block("b2f", "b1", 2, d1 + 16_500, d1 + 16_500, 201, false)                       // a fork
                .typedTx("cb2f", "b2f", 2, d1 + 16_500, 201, 0, 0, 4, "SPMINER", 0, null, null, false)
                .stxEvent("cb2f", "b2f", 2, 0, 2, 1_000_000_000_000L, null, "SPX", false, true)
                .typedTx("w2f", "b2f", 2, d1 + 16_500, 201, 1, 0, 0, "SPW1", 5, 9_000_000_000_000L, "SPR", false)
                .block("b3", "b2", 3, T - 3_600, T - 3_600, 219, true)                           // the last block before s_11
                .typedTx("cb3", "b3", 3, T - 3_600, 219, 0, 0, 4, "SPMINER", 0, null, null, true)
                .block("b4", "b3", 4, T + 1_000, T + 1_000, 221, true)                           // the cycle's first block
                .typedTx("cb4", "b4", 4, T + 1_000, 221, 0, 0, 4, "SPMINER", 0, null, null, true)
                .typedTx("t1", "b4", 4, T + 1_000, 221, 1, 0, 0, "SPW1", 300_000, 1_500_000_000_000L, "SPR", true)
                // a Nakamoto tenure of three blocks at burn height 222; only the first has the coinbase
                .block("b5", "b4", 5, T + 3_000, T + 3_000, 222, true)
                .typedTx("cb5", "b5", 5, T + 3_000, 222, 0, 0, 8, "SPMINER", 0, null, null, true)
                .typedTx("t2", "b5", 5, T + 3_000, 222, 1, 0, 0, "SPW2", 200_000, 1_000_000_000_000L, "SPR", true)
                .typedTx("t3", "b5", 5, T + 3_000, 222, 2, 0, 0, "SPW1", 180_000, 2_000_000_000_000L, "SPR", true)
                .block("b6", "b5", 6, T + 3_000, T + 3_100, 222, true)
                .typedTx("t4", "b6", 6, T + 3_000, 222, 1, 0, 0, "SP4", 400_000, 1_000L, "SPR", true)
                .minerReward("b6", "b1", 6, "SPMINER", 1_000_000_000L, 0, true)
                .block("b7", "b6", 7, T + 3_000, T + 3_200, 222, true)
                .tx("t5", "b7", 7, T + 3_000, 1, true, false, "SP4", 999)                       // an orphaned microblock's
                // stamped after E by its own clock: above H(E)
                .block("b8", "b7", 8, T + 6_000, T + 7_300, 223, true)
                .typedTx("cb8", "b8", 8, T + 6_000, 223, 0, 0, 4, "SPMINER", 0, null, null, true)
                .typedTx("t6", "b8", 8, T + 6_000, 223, 1, 0, 0, "SPW1", 999_999, 5_000_000_000_000L, "SPR", true)
                .stxEvent("cb8", "b8", 8, 0, 2, 7_000_000L, null, "SPY", true, true)
                .tipCounters(8, 223, "b8", 11, 42);
        // PoX: payouts of cycle 10 (s_10 = 201 … 220) and one of cycle 11; the reward sets.
        chain.burnchainReward(201, "bc1", 1_000_000, 10, 0, true).burnchainReward(201, "bc2", 1_000_000, 10, 1, true)
                .burnchainReward(205, "bc3", 9_999_999, 10, 0, false)
                .burnchainReward(210, "bc1", 500_000, 10, 0, true)
                .burnchainReward(221, "bc1", 700_000, 10, 0, true)
                .poxCycle(10, "b1", 1, 10_000_000_000_000L, true)
                .poxCycle(11, "b3", 3, 4_000_000_000_000L, true)
                .poxSet(11, "b3", 3, 833_390_000_000_000L, "s1", true);
        // Stackers at h(E) = 222, by their latest lock-changing event in blocks ≤ H(E):
        chain.pox4Event("p1", "b3", 3, 0, 0, "stack-stx", "S1", 0, 0, 100_000_000_000L, 260L, null, null, true, true)
                .pox4Event("p2", "b3", 3, 1, 0, "delegate-stack-stx", "S2", 0, 0, 50_000_000_000L, 240L, null, "POOL", true, true)
                .pox4Event("p2r", "b5", 5, 3, 0, "revoke-delegate-stx", "S2", 50_000_000_000L, 240, null, null, null, null, true, true)
                .pox4Event("p3", "b1", 1, 1, 0, "stack-stx", "S3", 0, 0, 10_000_000_000L, 215L, null, null, true, true) // unlocked
                .pox4Event("p4", "b1", 1, 2, 0, "stack-stx", "S4", 0, 0, 70_000_000_000L, 230L, null, null, true, true)
                .pox4Event("p4e", "b5", 5, 4, 0, "stack-extend", "S4", 70_000_000_000L, 230, null, 280L, null, null, true, true)
                .pox4Event("p5", "b2f", 2, 2, 0, "stack-stx", "S5", 0, 0, 10_000_000_000L, 300L, null, null, false, true) // fork
                .pox4Event("p6", "b8", 8, 2, 0, "stack-stx", "S6", 0, 0, 10_000_000_000L, 300L, null, null, true, true) // above H(E)
                .pox4Event("p7", "b4", 4, 2, 0, "stack-stx", "S7", 0, 0, 10_000_000_000L, 300L, null, null, true, true)
                .pox4Event("p7u", "b6", 6, 2, 0, "handle-unlock", "S7", 10_000_000_000L, 300, null, null, null, null, true, true)
                .pox4Event("p8", "b3", 3, 2, 0, "delegate-stack-stx", "S8", 0, 0, 20_000_000_000L, 260L, null, "POOL", true, true)
                .pox4Event("p8i", "b5", 5, 5, 0, "delegate-stack-increase", "S8", 20_000_000_000L, 260, null, null,
                        30_000_000_000L, "POOL", true, true)
                .pox4Event("p9", "b7", 7, 9, 0, "stack-stx", "S9", 0, 0, 0L, 300L, null, null, true, false); // orphaned microblock
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        chain.close();
    }

    private static MockResponse ok(String body) {
        return new MockResponse.Builder().code(200).body(body).build();
    }

    private TaskOutcome run(Instant end, Instant now) {
        return OneTaskRun.run(task, blobs, warehouse, end, now, false);
    }

    private JsonNode json(String key) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(blobs.get(key).orElseThrow()))) {
            return JSON.readTree(in);
        }
    }

    @Test
    void everyFieldAsOfTheIntervalEnd() throws Exception {
        TaskOutcome o = run(E, E.plusSeconds(60));
        assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        JsonNode s = json(DatasetPaths.SPOT_STATS.latestKey());
        List<String> keys = new ArrayList<>();
        s.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("refresh_ts", "total_txs_alltime", "total_txs_past24", "current_cycle_no",
                "current_cycle_open_price", "cycle_blocks_left", "current_cycle_phase", "total_stackers", "total_stacked",
                "total_stacked_usd", "slot_minimum", "current_stx_block_height", "stacking_apy", "gini_coefficient",
                "median_balance", "nonzero_bal_addx", "whale_percent", "latest_whale_amount", "latest_whale_timestamp", "ath",
                "perc_from_ath", "mstx_fee", "usd_fee", "latest_transfer_fee", "now_in_mempool", "circulating_supply");
        assertThat(s.get("refresh_ts").asLong()).isEqualTo(E.getEpochSecond());
        // chain_tip's 11 minus block 8's two: the coinbases of b1–b5 and t1–t4 (not the fork's, not the orphaned microblock's)
        assertThat(s.get("total_txs_alltime").asLong()).isEqualTo(9).isEqualTo(SpotQueriesProbe.fullCount(db, 7));
        assertThat(s.get("total_txs_past24").asLong()).as("b1 lies before E − 24 h").isEqualTo(8);
        assertThat(s.get("current_cycle_no").asLong()).isEqualTo(11);
        assertThat(s.get("current_cycle_open_price").toString()).as("r2 of 2.675, exactly 2.67499…").isEqualTo("2.67");
        assertThat(s.get("cycle_blocks_left").asLong()).isEqualTo(241 - 222);
        assertThat(s.get("current_cycle_phase").asText()).isEqualTo("Prepare");
        assertThat(s.get("total_stackers").asLong()).as("S1, S2 (revoked, still locked), S4 (extended), S8 (increased)")
                .isEqualTo(4);
        assertThat(s.get("total_stacked").toString()).isEqualTo("3750255000");
        assertThat(s.get("total_stacked_usd").toString()).isEqualTo("9375637500");
        assertThat(s.get("slot_minimum").toString()).isEqualTo("833390000");
        assertThat(s.get("current_stx_block_height").asLong()).isEqualTo(7);
        // 100 · (2,500,000 sats · 10⁻⁸ · 60,000) / (10¹³ µSTX · 10⁻⁶ · 2.0) · 52,560 / 20: D−1's closes
        assertThat(s.get("stacking_apy").asText()).isEqualTo("19.71%");
        assertThat(s.get("gini_coefficient").toString()).isEqualTo("0.65");
        assertThat(s.get("median_balance").toString()).isEqualTo("50000");
        assertThat(s.get("nonzero_bal_addx").asLong()).isEqualTo(4);
        assertThat(s.get("whale_percent").asDouble()).isEqualTo(100.0 / 3);
        assertThat(s.get("latest_whale_amount").toString()).as("height 5: the larger of two").isEqualTo("2000000");
        assertThat(s.get("latest_whale_timestamp").asLong()).isEqualTo(T + 3_000);
        assertThat(s.get("ath").asDouble()).as("a minute high of E's day beats the daily highs before it").isEqualTo(4.2);
        assertThat(s.get("perc_from_ath").toString()).isEqualTo("-40.48");
        assertThat(s.get("mstx_fee").asDouble()).isEqualTo(0.000001);
        assertThat(s.get("usd_fee").asDouble()).isEqualTo(2.5 * 0.000001);
        assertThat(s.get("latest_transfer_fee").toString()).as("median of 180k, 200k, 300k, 400k µSTX").isEqualTo("0.25");
        assertThat(s.get("now_in_mempool").asLong()).isEqualTo(42);
        assertThat(s.get("circulating_supply").toString()).as("b1's mints and the coinbase matured in b6").isEqualTo("3067000");

        assertThat(json(DatasetPaths.SPOT_STATS_HISTORY.latestKey()).toString())
                .isEqualTo("{\"" + T + "\":{\"median_balance\":50000.0,\"whale_percent\":" + (100.0 / 3) + ",\"stacking_apy\":19.71}}");
        // /v2/pox, the fee, one read-only call; STX minutes, STX and BTC days, one hour
        assertThat(requests).hasSize(7);
    }

    @Test
    void aReRunOfTheIntervalChangesNoByteAndTakesNoNewProbe() throws Exception {
        assertThat(run(E, E.plusSeconds(60)).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        byte[] latest = blobs.get(DatasetPaths.SPOT_STATS.latestKey()).orElseThrow();
        byte[] history = blobs.get(DatasetPaths.SPOT_STATS_HISTORY.latestKey()).orElseThrow();
        chain.tipCounters(8, 223, "b8", 11, 999);          // the mempool moved on
        TaskOutcome again = run(E, E.plusSeconds(3 * 86_400));
        assertThat(again.status()).as(again.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(blobs.get(DatasetPaths.SPOT_STATS.latestKey()).orElseThrow()).isEqualTo(latest);
        assertThat(blobs.get(DatasetPaths.SPOT_STATS_HISTORY.latestKey()).orElseThrow()).isEqualTo(history);
        assertThat(requests.stream().filter(r -> r.contains("/v2/fees/transfer"))).hasSize(1);
    }

    @Test
    void theMempoolSnapshotOfSpotStatsIsTheOneMempoolOverTimePublishes() throws Exception {
        assertThat(run(E, E.plusSeconds(60)).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        chain.tipCounters(8, 223, "b8", 11, 999);          // the mempool moved on within the interval
        MempoolOverTimeTask mempool = new MempoolOverTimeTask(Optional.of(db), 30);
        LocalRunner runner = LocalRunner.builder(new TaskGraph(List.of(mempool))).blobs(blobs).raw(new BlobRawStore(blobs))
                .warehouse(warehouse).clock(Clock.fixed(E.plusSeconds(120), ZoneOffset.UTC)).build();
        TaskOutcome o = runner.run(List.of(MempoolOverTimeTask.ID), E, true, false, Map.of()).get(MempoolOverTimeTask.ID);
        assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(json(DatasetPaths.MEMPOOL_OVER_TIME.latestKey()).toString()).isEqualTo("{\"" + E.getEpochSecond() + "\":42}");
    }

    @Test
    void anOlderIntervalWithoutProbesGivesNulls() throws Exception {
        TaskOutcome o = run(E, E.plusSeconds(7200));
        assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        JsonNode s = json(DatasetPaths.SPOT_STATS.latestKey());
        assertThat(s.get("now_in_mempool").isNull()).isTrue();
        assertThat(s.get("mstx_fee").isNull()).isTrue();
        assertThat(s.get("usd_fee").isNull()).isTrue();
        assertThat(requests.stream().filter(r -> r.contains("/v2/fees/transfer"))).isEmpty();
    }

    @Test
    void aRefusedReadOnlyCallFallsBackToTheRewardSet() throws Exception {
        readOnlyAnswer = "{\"okay\":false,\"cause\":\"Unchecked(NoSuchContract)\"}";
        TaskOutcome o = run(E, E.plusSeconds(60));
        assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(json(DatasetPaths.SPOT_STATS.latestKey()).get("total_stacked").toString()).isEqualTo("4000000");
        readOnlyAnswer = "{\"okay\":true,\"result\":\"0x0801" + String.format("%032x", 3) + "\"}";   // (err u3)
        assertThat(run(E.plusSeconds(1800), E.plusSeconds(1860)).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(json(DatasetPaths.SPOT_STATS.latestKey()).get("total_stacked").toString()).isEqualTo("4000000");
    }

    @Test
    void anotherPoxContractOrPox5RowsFailPermanentlyAndPublishNothing() throws Exception {
        poxAnswer = StacksApiStandIn.fixtureText("/fixtures/stacks-api/v2-pox-regtest-pox4.json").replace("pox-4", "pox-5");
        TaskOutcome o = run(E, E.plusSeconds(60));
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.permanent()).isTrue();
        assertThat(o.message()).contains("ST000000000000000000002AMW42H.pox-5");
        assertThat(blobs.get(DatasetPaths.SPOT_STATS.latestKey())).isEmpty();

        poxAnswer = StacksApiStandIn.fixtureText("/fixtures/stacks-api/v2-pox-regtest-pox4.json");
        chain.exec("CREATE TABLE pox5_events (block_height integer, canonical boolean, microblock_canonical boolean)");
        chain.exec("INSERT INTO pox5_events VALUES (6, true, true)");
        TaskOutcome pox5 = run(E, E.plusSeconds(60));
        assertThat(pox5.permanent()).isTrue();
        assertThat(pox5.message()).contains("PoX-5 is active").contains("pox5_events has canonical rows from block 6");
        assertThat(blobs.get(DatasetPaths.SPOT_STATS.latestKey())).isEmpty();
    }

    @Test
    void aMissingPoxFieldOrMinuteCandleIsAClearErrorOrNull() throws Exception {
        poxAnswer = "{\"contract_id\":\"ST000000000000000000002AMW42H.pox-4\",\"first_burnchain_block_height\":0}";
        TaskOutcome o = run(E, E.plusSeconds(60));
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.message()).contains("stacks-api").contains("/v2/pox").contains("reward_cycle_length");
        assertThat(blobs.get(DatasetPaths.SPOT_STATS.latestKey())).isEmpty();
    }
}
