package io.stacksdataverse.runners.mining;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.extract.stacks.db.ChainBuilder;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.raw.BlobRawStore;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.LocalRunner;
import io.stacksdataverse.runners.TaskGraph;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.runners.interval.IntervalPrices;
import io.stacksdataverse.runners.interval.IntervalSources;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.transform.UtcDays;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
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
 * The mining datasets (#32–34) on a hand-built chain: three pre-Nakamoto blocks (each a tenure, one
 * forked away with its own coinbase and non-canonical burn rows, one in a prepare phase without burn
 * rows), two Nakamoto tenures of several blocks, a transaction of an orphaned microblock, a block
 * after E, immature coinbases, and tied winners; prices from a CryptoCompare stand-in in the v2 shape.
 */
class MiningDatasetsIT {
    private static final long T1 = UtcDays.t(LocalDate.of(2024, 6, 1));
    private static final long T2 = UtcDays.t(LocalDate.of(2024, 6, 2));
    private static final Instant E = Instant.ofEpochSecond(T2 + 43_200);          // 2024-06-02T12:00Z
    private static final List<String> IDS = List.of(MiningLast100Task.ID, MiningRiskRewardTask.ID, MiningMostSuccessfulTask.ID);

    private final MockWebServer server = new MockWebServer();
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    @TempDir
    Path dir;
    private ChainBuilder chain;
    private StacksDb db;
    private LocalBlobStore blobs;
    private io.stacksdataverse.loaders.warehouse.PostgresWarehouse warehouse;
    private List<Task> tasks;

    @BeforeEach
    void setUp() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                return answer(request);
            }
        });
        server.start();
        chain = ChainBuilder.create(TestPostgres.newDatabase());
        db = new StacksDb(chain.dataSource(), "test chain");
        blobs = new LocalBlobStore(dir, false);
        warehouse = TestPostgres.newWarehouse();
        IntervalPrices prices = IntervalSources.at(server).prices();
        tasks = List.of(new MiningLast100Task(Optional.of(db)), new MiningRiskRewardTask(Optional.of(db), prices),
                new MiningMostSuccessfulTask(Optional.of(db)));

        // An old reward-phase burn block before the window: counts in the all-time total only.
        chain.burnchainReward(90, "SPR1", 100_000_000, 0, 0, true);
        // Pre-Nakamoto: every block is a tenure.
        chain.block("b1", "genesis", 1, T1 + 600, T1 + 600, 100, true)
                .typedTx("cb1", "b1", 1, T1 + 600, 100, 0, 0, 4, "SPZED", 0, null, null, true)
                .typedTx("tt1", "b1", 1, T1 + 600, 100, 1, 0, 0, "SP1", 250_000, 5L, "SP2", true)
                .burnchainReward(100, "SPR1", 1_000_000, 500_000, 0, true)
                .burnchainReward(100, "SPR2", 1_000_000, 500_000, 1, true)
                .burnBlockPoxTx(100, ChainBuilder.minerTxid("b1"), "SPR1", 1, 300_000, true)
                .burnBlockPoxTx(100, ChainBuilder.minerTxid("b1"), "SPR2", 2, 300_000, true)
                .burnBlockPoxTx(100, ChainBuilder.hash("another-miner"), "SPR1", 1, 400_000, true)  // a losing commit
                .block("b2", "b1", 2, T1 + 1200, T1 + 1200, 101, true)
                .typedTx("cb2", "b2", 2, T1 + 1200, 101, 0, 0, 4, "SPALPHA", 0, null, null, true)
                .typedTx("tt2", "b2", 2, T1 + 1200, 101, 1, 0, 0, "SP1", 1_000_000, 5L, "SP2", true)
                .tx("mb2", "b2", 2, T1 + 1200, 2, true, false, "SP3", 999_000)                       // orphaned microblock
                .burnchainReward(101, "SPR1", 3_000_000, 0, 0, true)
                .burnchainReward(101, "SPR2", 1_000_000, 10_000, 1, true)                          // rows disagree: the largest burn
                .burnchainReward(101, "SPR9", 99_999_999, 0, 2, false)                            // orphaned burn block
                .burnBlockPoxTx(101, ChainBuilder.minerTxid("b2"), "SPR1", 1, 1_500_000, true)
                .burnBlockPoxTx(101, ChainBuilder.minerTxid("b2"), "SPR9", 5, 8_888_888, false)
                // The fork at height 2, with its own coinbase, fees and commit.
                .block("b2f", "b1", 2, T1 + 1300, T1 + 1300, 101, false)
                .typedTx("cb2f", "b2f", 2, T1 + 1300, 101, 0, 0, 4, "SPFORK", 0, null, null, false)
                .typedTx("tt2f", "b2f", 2, T1 + 1300, 101, 1, 0, 0, "SP1", 5_000_000, 5L, "SP2", false)
                .burnBlockPoxTx(101, ChainBuilder.minerTxid("b2f"), "SPR1", 1, 7_777_777, false)
                // A prepare-phase burn block: all commits burned, no rows in either table.
                .block("b3", "b2", 3, T1 + 1800, T1 + 1800, 102, true)
                .typedTx("cb3", "b3", 3, T1 + 1800, 102, 0, 0, 4, "SPMID", 0, null, null, true)
                // Nakamoto tenure of burn block 103: three blocks, the coinbase (type 8) in the first.
                .block("n4", "b3", 4, T1 + 80_000, T1 + 80_000, 103, true)
                .typedTx("cb4", "n4", 4, T1 + 80_000, 103, 0, 0, 8, "SPALPHA", 0, null, null, true)
                .block("n5", "n4", 5, T1 + 80_000, T1 + 80_005, 103, true)
                .typedTx("tt5", "n5", 5, T1 + 80_000, 103, 0, 0, 0, "SP1", 2_000_000, 5L, "SP2", true)
                .block("n6", "n5", 6, T1 + 80_000, T1 + 80_010, 103, true)
                .typedTx("tt6", "n6", 6, T1 + 80_000, 103, 0, 0, 0, "SP1", 3_003_000, 5L, "SP2", true)
                .burnchainReward(103, "SPR1", 5_000_000, 0, 0, true)
                .burnchainReward(103, "SPR2", 5_000_000, 0, 1, true)
                .burnBlockPoxTx(103, ChainBuilder.minerTxid("n4"), "SPR1", 1, 2_500_000, true)
                .burnBlockPoxTx(103, ChainBuilder.minerTxid("n4"), "SPR2", 2, 2_500_000, true)
                // Nakamoto tenure of burn block 104 (E's day): two blocks.
                .block("n7", "n6", 7, T2 + 40_000, T2 + 40_000, 104, true)
                .typedTx("cb7", "n7", 7, T2 + 40_000, 104, 0, 0, 8, "SPZED", 0, null, null, true)
                .block("n8", "n7", 8, T2 + 40_000, T2 + 40_020, 104, true)
                .typedTx("tt8", "n8", 8, T2 + 40_000, 104, 0, 0, 0, "SP1", 4_000, 5L, "SP2", true)
                .burnchainReward(104, "SPR1", 6_000_000, 1_000_000, 0, true)
                .burnBlockPoxTx(104, ChainBuilder.minerTxid("n7"), "SPR1", 1, 3_000_000, true)
                // After E: a new tenure the run must not see.
                .block("n9", "n8", 9, T2 + 43_250, T2 + 43_250, 105, true)
                .typedTx("cb9", "n9", 9, T2 + 43_250, 105, 0, 0, 8, "SPLATE", 0, null, null, true)
                .burnchainReward(105, "SPR1", 1_000_000_000, 0, 0, true)
                // Coinbases: tenure 1's matured in n7, tenure 4's (earned in its second block) in n8,
                // tenure 2's only in n9 (after E); the fork's row is not canonical.
                .minerReward("n7", "b1", 7, "SPZED", 1_000_000_000, 0, true)
                .minerReward("n8", "n5", 8, "SPALPHA", 500_000_000, 0, true)
                .minerReward("n9", "b2", 9, "SPALPHA", 500_000_000, 0, true)
                .minerReward("n8", "b2f", 8, "SPFORK", 700_000_000, 0, false)
                .tip(9);
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        chain.close();
    }

    /** CryptoCompare's v2 answers: daily closes of May 31 and June 1, minute candles up to E − 60. */
    private static MockResponse answer(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        String fsym = request.getUrl().queryParameter("fsym");
        boolean btc = "BTC".equals(fsym);
        String candles;
        if (path.endsWith("/data/v2/histoday")) {
            candles = candle(T1 - 86_400, btc ? 66_000.0 : 2.0) + "," + candle(T1, btc ? 67_000.5 : 2.25);
        } else if (path.endsWith("/data/v2/histominute")) {
            long e = E.getEpochSecond();
            candles = candle(e - 120, btc ? 67_900.0 : 2.4) + "," + candle(e - 60, btc ? 68_000.25 : 2.5);
        } else {
            return new MockResponse.Builder().code(404).body("{\"Response\":\"Error\",\"Message\":\"no route\"}").build();
        }
        String body = "{\"Response\":\"Success\",\"Message\":\"\",\"HasWarning\":false,\"Type\":100,\"RateLimit\":{},"
                + "\"Data\":{\"Aggregated\":false,\"TimeFrom\":0,\"TimeTo\":0,\"Data\":[" + candles + "]}}";
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    private static String candle(long time, double close) {
        return "{\"time\":" + time + ",\"high\":" + close + ",\"low\":" + close + ",\"open\":" + close
                + ",\"volumefrom\":1.5,\"volumeto\":100.25,\"close\":" + close + ",\"conversionType\":\"direct\",\"conversionSymbol\":\"\"}";
    }

    private LocalRunner runner() {
        return LocalRunner.builder(new TaskGraph(tasks)).blobs(blobs).raw(new BlobRawStore(blobs))
                .warehouse(warehouse).clock(Clock.fixed(E.plusSeconds(120), ZoneOffset.UTC)).build();
    }

    private Map<String, TaskOutcome> runAll() {
        Map<String, TaskOutcome> outcomes = runner().run(IDS, E, true, false, Map.of());
        outcomes.values().forEach(o -> assertThat(o.status()).as(o.taskId() + ": " + o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED));
        return outcomes;
    }

    private String published(DatasetPath path) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(blobs.get(path.latestKey()).orElseThrow()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private long calls(String pathEnd) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.getUrl().encodedPath().endsWith(pathEnd)).count();
        }
    }

    // Window: tenure starts 1, 2, 3 (pre-Nakamoto), 4 (blocks 4–6) and 7 (blocks 7–8); H(E) = 8, h(E) = 104.
    // btc_burns: burn 100 = 2 × 0.01 + 0.005; 101 = 0.03 + 0.01 + the larger burn 0.0001 (the orphaned
    // row left out); 102 has no rows. stx_rewards: tenure 4's 500 STX (earned in block 5, matured in
    // block 8) fills 2 (matures after E), 3 and 7; tenure 1's 1,000 matured. avg_fee_per_block:
    // (0.25 + 1 + 0 + 5.003 + 0.004) / 5, without the orphaned microblock's or the fork's fees.
    // total_btc_committed: burn blocks 90, 100, 101, 103, 104 (not 105, above h(E)).
    static final String LAST100 = "{\"btc_burns\":{\"1\":0.025,\"2\":0.04,\"3\":null,\"4\":0.1,\"7\":0.07},\"stx_rewards\":{\"1\":1000,\"2\":500,\"3\":500,\"4\":500,\"7\":500},\"win_probabilities\":{\"1\":0.24,\"2\":0.374,\"3\":null,\"4\":0.5,\"7\":0.429},\"last_block_reward\":500,\"total_btc_committed\":1.235,\"avg_btc_committed\":0.025,\"winner_burn_fees\":{\"1\":0.006,\"2\":0.015,\"3\":null,\"4\":0.05,\"7\":0.03},\"avg_fee_per_block\":1.251,\"winning_miners\":{\"1\":\"SPZED\",\"2\":\"SPALPHA\",\"3\":\"SPMID\",\"4\":\"SPALPHA\",\"7\":\"SPZED\"},\"total_stx_rewards\":3000,\"block_heights\":[1,2,3,4,7]}";
    // The days' closes: June 1 from histoday, June 2 (E's day) the minute close at E − 60.
    static final String RISK_REWARD = "{\"1\":{\"burn_block_time\":" + (T1 + 600) + ",\"spent_usd\":402.003,\"rewarded_usd\":2250.0},"
            + "\"2\":{\"burn_block_time\":" + (T1 + 1200) + ",\"spent_usd\":1005.0074999999999,\"rewarded_usd\":1125.0},"
            + "\"3\":{\"burn_block_time\":" + (T1 + 1800) + ",\"spent_usd\":null,\"rewarded_usd\":1125.0},"
            + "\"4\":{\"burn_block_time\":" + (T1 + 80_000) + ",\"spent_usd\":3350.025,\"rewarded_usd\":1125.0},"
            + "\"7\":{\"burn_block_time\":" + (T2 + 40_000) + ",\"spent_usd\":2040.0075,\"rewarded_usd\":1250.0}}";
    // SPZED and SPALPHA tie at 2 wins: SPZED appeared first (height 1).
    static final String MOST_SUCCESSFUL = "{\"SPZED\":2,\"SPALPHA\":2,\"SPMID\":1}";

    @Test
    void theThreeDatasetsOfOneRun() throws Exception {
        runAll();
        assertThat(published(DatasetPaths.MINING_LAST100)).isEqualTo(LAST100);
        assertThat(published(DatasetPaths.MINING_RISK_REWARD)).isEqualTo(RISK_REWARD);
        assertThat(published(DatasetPaths.MINING_MOST_SUCCESSFUL)).isEqualTo(MOST_SUCCESSFUL);
        assertThat(calls("/data/v2/histoday")).as("one per symbol for the whole run").isEqualTo(2);
        assertThat(calls("/data/v2/histominute")).as("one per symbol, for E's own day").isEqualTo(2);
        assertThat(requests).hasSize(4);
    }

    @Test
    void aReRunOfTheIntervalChangesNoByte() throws Exception {
        runAll();
        Map<DatasetPath, byte[]> first = bytes();
        // Newer blocks arrived meanwhile; the interval's reads stop at H(E).
        chain.block("n10", "n9", 10, T2 + 43_250, T2 + 43_260, 105, true)
                .minerReward("n10", "b2", 10, "SPALPHA", 900_000_000, 0, true);
        Map<String, TaskOutcome> again = runAll();
        assertThat(bytes()).usingRecursiveComparison().isEqualTo(first);
        assertThat(again.get(MiningLast100Task.ID).publishedKeys()).as("nothing rewritten").isEmpty();
    }

    @Test
    void runAloneATaskReadsTheWindowItselfAndPublishesTheSameBytes() throws Exception {
        LocalRunner runner = runner();
        for (String id : List.of(MiningMostSuccessfulTask.ID, MiningRiskRewardTask.ID)) {
            Task task = tasks.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
            TaskOutcome o = runner.runOne("by-hand-" + id, task, E, true, false, Map.of(), k -> { });
            assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        }
        assertThat(published(DatasetPaths.MINING_MOST_SUCCESSFUL)).isEqualTo(MOST_SUCCESSFUL);
        assertThat(published(DatasetPaths.MINING_RISK_REWARD)).isEqualTo(RISK_REWARD);
        assertThat(blobs.get(DatasetPaths.MINING_LAST100.latestKey())).isEmpty();
    }

    @Test
    void downstreamTasksUseTheWindowHandedOverForTheirIntervalOnly() throws Exception {
        TaskOutcome last100 = runner().run(List.of(MiningLast100Task.ID), E, true, false, Map.of()).get(MiningLast100Task.ID);
        assertThat(last100.result().orElseThrow().value("window").orElseThrow()).isEqualTo("[[1," + (T1 + 600) + ",\"SPZED\",600000,1000000000],"
                + "[2," + (T1 + 1200) + ",\"SPALPHA\",1500000,500000000],[3," + (T1 + 1800) + ",\"SPMID\",null,500000000],"
                + "[4," + (T1 + 80_000) + ",\"SPALPHA\",5000000,500000000],[7," + (T2 + 40_000) + ",\"SPZED\",3000000,500000000]]");
        // The database changes after #32 ran; #33 and #34 of the same interval keep #32's window.
        chain.exec("UPDATE txs SET sender_address = 'SPNEW' WHERE tx_id = ?", ChainBuilder.hash("cb4"));
        Map<String, io.stacksdataverse.spi.TaskResult> prior = Map.of(MiningLast100Task.ID, last100.result().orElseThrow());
        runner().run(List.of(MiningRiskRewardTask.ID, MiningMostSuccessfulTask.ID), E, true, false, prior)
                .values().forEach(o -> assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED));
        assertThat(published(DatasetPaths.MINING_MOST_SUCCESSFUL)).isEqualTo(MOST_SUCCESSFUL);
        assertThat(published(DatasetPaths.MINING_RISK_REWARD)).isEqualTo(RISK_REWARD);
        // A result of another interval is not this one's window: the task reads the database.
        Instant earlier = E.minusSeconds(1800);
        runner().run(List.of(MiningRiskRewardTask.ID, MiningMostSuccessfulTask.ID), earlier, true, false, prior)
                .values().forEach(o -> assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED));
        assertThat(published(DatasetPaths.MINING_MOST_SUCCESSFUL)).isEqualTo("{\"SPZED\":2,\"SPALPHA\":1,\"SPMID\":1,\"SPNEW\":1}");
    }

    @Test
    void aLongChainKeepsTheNewest101TenuresAndFillsFromAnOlderMaturedCoinbase() throws Exception {
        chain.close();
        chain = ChainBuilder.create(TestPostgres.newDatabase());
        db = new StacksDb(chain.dataSource(), "long chain");
        tasks = List.of(new MiningLast100Task(Optional.of(db)));
        String parent = "genesis";
        for (int h = 1; h <= 103; h++) {
            long t = T1 + 600L * h;
            chain.block("L" + h, parent, h, t, t, 1000 + h, true)
                    .typedTx("cbL" + h, "L" + h, h, t, 1000 + h, 0, 0, 4, h % 2 == 0 ? "SPEVEN" : "SPODD", 0, null, null, true);
            parent = "L" + h;
        }
        // Only the coinbases of blocks 1 and 2, before the window, have matured (in blocks 102 and 103).
        chain.minerReward("L102", "L1", 102, "SPODD", 1_000_000_000, 0, true)
                .minerReward("L103", "L2", 103, "SPEVEN", 500_000_000, 0, true);
        TaskOutcome o = runner().run(List.of(MiningLast100Task.ID), E, true, false, Map.of()).get(MiningLast100Task.ID);
        assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(published(DatasetPaths.MINING_LAST100));
        assertThat(json.get("block_heights")).hasSize(101);
        assertThat(json.get("block_heights").get(0).asLong()).isEqualTo(3);
        assertThat(json.get("stx_rewards").fieldNames()).toIterable().first().isEqualTo("3");
        assertThat(json.get("stx_rewards").toString()).doesNotContain("1000").contains("\"103\":500");
        assertThat(json.get("total_stx_rewards").asLong()).isEqualTo(50_500);
        assertThat(json.get("btc_burns").get("50").isNull()).isTrue();
        assertThat(json.get("avg_btc_committed").isNull()).isTrue();
        assertThat(json.get("avg_fee_per_block").toString()).isEqualTo("0");
    }

    @Test
    void noTenureStartBeforeEFailsAndLeavesThePublishedFileAsItWas() throws Exception {
        runAll();
        Map<DatasetPath, byte[]> before = bytes();
        // Coinbases seen as non-canonical (a reorganisation in the API's database): no tenure starts ≤ H(E).
        chain.exec("UPDATE txs SET canonical = false WHERE type_id IN (4, 5, 8)");
        Map<String, TaskOutcome> outcomes = runner().run(IDS, E, true, false, Map.of());
        TaskOutcome failed = outcomes.get(MiningLast100Task.ID);
        assertThat(failed.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(failed.message()).contains("mining_last100").contains("has no tenure-start block")
                .contains("at or below H(E) = 8");
        assertThat(failed.permanent()).as("the API may index the coinbase later").isFalse();
        assertThat(outcomes.get(MiningRiskRewardTask.ID).status()).isEqualTo(TaskOutcome.Status.SKIPPED);
        assertThat(bytes()).usingRecursiveComparison().isEqualTo(before);
    }

    private Map<DatasetPath, byte[]> bytes() throws Exception {
        Map<DatasetPath, byte[]> out = new java.util.LinkedHashMap<>();
        for (DatasetPath p : List.of(DatasetPaths.MINING_LAST100, DatasetPaths.MINING_RISK_REWARD, DatasetPaths.MINING_MOST_SUCCESSFUL)) {
            out.put(p, blobs.get(p.latestKey()).orElseThrow());
        }
        return out;
    }
}
