package io.stacksdataverse.runners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stacksdataverse.extract.stacks.StacksApiClient;
import io.stacksdataverse.extract.stacks.db.ChainBuilder;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.http.SourceHttpClient;
import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.raw.BlobRawStore;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.chain.addressgrowth.AddressGrowthTask;
import io.stacksdataverse.runners.chain.activeaddresses.DailyActiveAddressesTask;
import io.stacksdataverse.runners.chain.dailytxs.DailyTxsTask;
import io.stacksdataverse.runners.chain.microblocks.MicroblocksPerDayTask;
import io.stacksdataverse.runners.chain.sanity.SanityCheckTask;
import io.stacksdataverse.runners.chain.txsperblock.TxsPerBlockTask;
import io.stacksdataverse.runners.chain.whales.WhaleMovementsTask;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.transform.UtcDays;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain datasets on a hand-built Stacks API database: a fork at height 2 (with a duplicate of
 * a canonical transaction), a transaction of an orphaned microblock, and a Nakamoto-style block
 * whose Bitcoin time lies in day D but whose own time is after midnight.
 */
class ChainDatasetsIT {
    private static final LocalDate D = LocalDate.of(2024, 6, 1);
    private static final long T_MAY30 = UtcDays.t(LocalDate.of(2024, 5, 30));
    private static final long T_MAY31 = UtcDays.t(LocalDate.of(2024, 5, 31));
    private static final long T_JUN1 = UtcDays.t(D);
    private static final long T_JUN2 = UtcDays.t(D.plusDays(1));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private ChainBuilder chain;
    private StacksDb db;
    private LocalBlobStore blobs;
    private PostgresWarehouse warehouse;
    private List<Task> tasks;

    @AfterEach
    void closeChain() throws Exception {
        chain.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        chain = ChainBuilder.create(TestPostgres.newDatabase());
        db = new StacksDb(chain.dataSource(), "test chain");
        blobs = new LocalBlobStore(dir, false);
        warehouse = TestPostgres.newWarehouse();
        StacksApiClient unusedRest = new StacksApiClient(SourceHttpClient.builder("stacks-api").baseUrl("http://127.0.0.1:9").build());
        // address_growth looks the principals of new blocks up in parallel slices even when they are few
        tasks = List.of(new DailyTxsTask(Optional.of(db)), new DailyActiveAddressesTask(Optional.of(db)),
                new AddressGrowthTask(Optional.of(db), 1), new MicroblocksPerDayTask(Optional.of(db)),
                new TxsPerBlockTask(Optional.of(db)), new SanityCheckTask(unusedRest, Optional.of(db)));

        chain.block("b1", "genesis", 1, T_MAY30 + 600, T_MAY30 + 600, 100, true)
                .tx("tx1", "b1", 1, T_MAY30 + 600, 0, true, true, "SP1", 180)
                .tx("tx2", "b1", 1, T_MAY30 + 600, 1, true, false, "SP1", 180)       // orphaned microblock
                .block("b2", "b1", 2, T_MAY31 + 100, T_MAY31 + 100, 101, true)
                .tx("tx3", "b2", 2, T_MAY31 + 100, 0, true, true, "SP2", 200)
                .tx("tx4", "b2", 2, T_MAY31 + 100, 1, true, true, "SP2", 200)
                .block("b2f", "b1", 2, T_MAY31 + 200, T_MAY31 + 200, 101, false)    // fork
                .tx("tx3", "b2f", 2, T_MAY31 + 200, 0, false, true, "SP2", 200)     // duplicate of tx3
                .tx("tx5", "b2f", 2, T_MAY31 + 200, 1, false, true, "SP3", 200)
                .block("b3", "b2", 3, T_JUN1 + 50, T_JUN1 + 50, 102, true)
                .tx("tx6", "b3", 3, T_JUN1 + 50, 0, true, true, "SP3", 300)
                .block("b4", "b3", 4, T_JUN1 + 86_000, T_JUN2 + 30, 103, true)     // Bitcoin time in D, own time after
                .tx("tx7", "b4", 4, T_JUN1 + 86_000, 0, true, true, "SP4", 300)
                .block("b5", "b4", 5, T_JUN2 + 500, T_JUN2 + 500, 104, true)
                .tx("tx8", "b5", 5, T_JUN2 + 500, 0, true, true, "SP4", 300)
                .stxEvent("tx1", "b1", 1, 0, 1, 1_000, "SP1", "SP2", true, true)
                .stxEvent("tx2", "b1", 1, 0, 2, 5_000, null, "SP9", true, false)      // orphaned microblock
                .stxEvent("tx3", "b2", 2, 0, 1, 2_000, "SP2", "SP3", true, true)
                .stxEvent("tx4", "b2", 2, 0, 3, 10, "SP2", null, true, true)          // burn
                .stxEvent("tx5", "b2f", 2, 0, 1, 7, "SP7", "SP8", false, true)       // fork
                .stxEvent("tx6", "b3", 3, 0, 1, 300, "SP3", "SP1", true, true)
                .stxEvent("tx7", "b4", 4, 0, 1, 400, "SP4", "SP5", true, true)
                .stxEvent("tx8", "b5", 5, 0, 2, 600, null, "SP6", true, true)       // mint
                .microblock("m1", "b1", 1, 0, T_MAY30 + 1, true, true)
                .microblock("m2", "b1", 1, 1, T_MAY30 + 2, true, false)
                .microblock("m3", "b2", 2, 0, T_MAY31 + 5, true, true)
                .microblock("m4", "b5", 5, 0, T_JUN2 + 5, true, true)
                .tip(5);
    }

    private LocalRunner runner(Instant now) {
        return LocalRunner.builder(new TaskGraph(tasks)).blobs(blobs).raw(new BlobRawStore(blobs)).warehouse(warehouse)
                .clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    }

    private TaskOutcome run(String task, LocalDate date, boolean latest, boolean full) {
        TaskOutcome o = runner(Instant.parse("2024-06-05T00:00:00Z"))
                .run(List.of(task), date, latest, full, Map.of()).get(task);
        assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        return o;
    }

    private JsonNode json(String key) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(blobs.get(key).orElseThrow()))) {
            return JSON.readTree(in);
        }
    }

    private static String k(long t) {
        return Long.toString(t);
    }

    @Test
    void dailyTxsCountsCanonicalTransactionsPerDayUpToTheCutoff() throws Exception {
        run(DailyTxsTask.ID, D, true, false);
        JsonNode series = json("daily_txs/2024-06-01.json.gz");
        long days = (T_JUN1 - UtcDays.S0) / 86_400 + 1;              // S0…D: 1235 days
        assertThat(series.size()).isEqualTo((int) ((days + 1) / 2) + (days % 2 == 0 ? 1 : 0));
        assertThat(series.fieldNames().next()).isEqualTo(k(UtcDays.S0));
        // Day D is row 1234 from S0 and May 30 row 1232: both kept by even+last; May 31 (1233) is not.
        assertThat(series.get(k(T_MAY30)).asLong()).as("tx2 of an orphaned microblock is not counted").isEqualTo(1);
        assertThat(series.has(k(T_MAY31))).as("odd offset, dropped by even+last").isFalse();
        assertThat(series.get(k(T_JUN1)).asLong()).as("tx7's block is after the cutoff H_D = 3").isEqualTo(1);
        assertThat(series.get(k(UtcDays.S0)).asLong()).isZero();
        assertThat(blobs.get("daily_txs/latest.json.gz").orElseThrow()).isEqualTo(blobs.get("daily_txs/2024-06-01.json.gz").orElseThrow());
    }

    @Test
    void theNextDayRecomputesOnlyTheDaysOfTheNewBlocksAndAgreesWithAFullRebuild() throws Exception {
        run(DailyTxsTask.ID, D, true, false);
        TaskOutcome next = run(DailyTxsTask.ID, D.plusDays(1), true, false);
        assertThat(next.result().orElseThrow().value("recomputed")).as("blocks 4 (Bitcoin time on D) and 5")
                .contains("2024-06-01..2024-06-02");
        JsonNode series = json("daily_txs/2024-06-02.json.gz");
        assertThat(series.get(k(T_JUN1)).asLong()).as("tx7 counts on D once block 4 is below the cutoff").isEqualTo(2);
        assertThat(series.get(k(T_JUN2)).asLong()).isEqualTo(1);
        byte[] incremental = blobs.get("daily_txs/2024-06-02.json.gz").orElseThrow();

        run(DailyTxsTask.ID, D.plusDays(1), true, true);
        assertThat(blobs.get("daily_txs/2024-06-02.json.gz").orElseThrow()).as("full rebuild = incremental").isEqualTo(incremental);
        // Day D, seen from D+1: tx7 now counts, since block 4 is below the new cutoff.
        Map<String, Long> stored = new java.util.TreeMap<>();
        PostgresWarehouse.dsl(warehouse).fetch("SELECT day::text, value FROM chain_daily_values WHERE dataset = 'daily_txs'")
                .forEach(r -> stored.put(r.get(0, String.class), r.get(1, Long.class)));
        assertThat(stored).containsExactly(Map.entry("2024-05-30", 1L), Map.entry("2024-05-31", 2L),
                Map.entry("2024-06-01", 2L), Map.entry("2024-06-02", 1L));
    }

    @Test
    void aReRunReadsNothingNewAndABlockThatArrivesLateIsCountedOnItsDay() throws Exception {
        run(DailyTxsTask.ID, D.plusDays(1), true, false);
        byte[] first = blobs.get("daily_txs/2024-06-02.json.gz").orElseThrow();
        TaskOutcome again = run(DailyTxsTask.ID, D.plusDays(1), true, false);
        assertThat(again.result().orElseThrow().value("recomputed")).contains("none");
        assertThat(blobs.get("daily_txs/2024-06-02.json.gz").orElseThrow()).isEqualTo(first);

        // The API had not yet indexed block 6 of June 2 when the run for June 2 went.
        chain.block("b6", "b5", 6, T_JUN2 + 900, T_JUN2 + 900, 105, true)
                .tx("tx9", "b6", 6, T_JUN2 + 900, 0, true, true, "SP5", 300)
                .tx("tx10", "b6", 6, T_JUN2 + 900, 1, true, true, "SP5", 300);
        TaskOutcome late = run(DailyTxsTask.ID, D.plusDays(1), true, false);
        assertThat(late.result().orElseThrow().value("recomputed")).contains("2024-06-02..2024-06-02");
        assertThat(state(DailyTxsTask.ID)).containsEntry("2024-06-02", 3L);
        byte[] incremental = blobs.get("daily_txs/2024-06-02.json.gz").orElseThrow();
        run(DailyTxsTask.ID, D.plusDays(1), true, true);
        assertThat(blobs.get("daily_txs/2024-06-02.json.gz").orElseThrow()).as("full rebuild = incremental").isEqualTo(incremental);
    }

    @Test
    void aReorganisationInsideTheMarginRecomputesTheMargin() throws Exception {
        run(DailyTxsTask.ID, D.plusDays(1), true, false);
        assertThat(state(DailyTxsTask.ID)).containsEntry("2024-06-02", 1L);
        chain.setCanonical("b5", false);                                      // tx8 is orphaned
        chain.block("b5x", "b4", 5, T_JUN2 + 600, T_JUN2 + 600, 104, true);  // an empty block replaces it

        TaskOutcome after = run(DailyTxsTask.ID, D.plusDays(1), true, false);
        assertThat(after.result().orElseThrow().value("recomputed")).contains("2024-05-31..2024-06-02");
        assertThat(state(DailyTxsTask.ID)).doesNotContainKey("2024-06-02");
        assertThat(json("daily_txs/2024-06-02.json.gz").get(k(T_JUN2)).asLong()).isZero();
        byte[] incremental = blobs.get("daily_txs/2024-06-02.json.gz").orElseThrow();
        run(DailyTxsTask.ID, D.plusDays(1), true, true);
        assertThat(blobs.get("daily_txs/2024-06-02.json.gz").orElseThrow()).as("full rebuild = incremental").isEqualTo(incremental);
    }

    @Test
    void aBackfillOfAnOlderDatePublishesWhatWasTrueThenAndNoLatestCopy() throws Exception {
        run(DailyTxsTask.ID, D, true, false);
        byte[] original = blobs.get("daily_txs/2024-06-01.json.gz").orElseThrow();
        run(DailyTxsTask.ID, D.plusDays(1), true, false);
        byte[] latest = blobs.get("daily_txs/latest.json.gz").orElseThrow();

        run(DailyTxsTask.ID, D, false, false);
        assertThat(blobs.get("daily_txs/2024-06-01.json.gz").orElseThrow()).as("as of the end of D").isEqualTo(original);
        assertThat(blobs.get("daily_txs/latest.json.gz").orElseThrow()).as("a backfill leaves latest alone").isEqualTo(latest);
        assertThat(PostgresWarehouse.dsl(warehouse).fetchValue("SELECT last_day::text FROM chain_progress WHERE dataset = 'daily_txs'"))
                .isEqualTo("2024-06-02");
    }

    @Test
    void aReorganisationDeeperThanTheMarginAsksForAFullRebuild() throws Exception {
        chain.block("b6", "b5", 6, T_JUN2 + 86_400 + 10, T_JUN2 + 86_400 + 10, 105, true)
                .block("b7", "b6", 7, T_JUN2 + 2 * 86_400 + 10, T_JUN2 + 2 * 86_400 + 10, 106, true);
        run(DailyTxsTask.ID, D.plusDays(3), true, false);
        // Everything above height 1 is replaced by another branch.
        for (String b : List.of("b2", "b3", "b4", "b5", "b6", "b7")) {
            chain.setCanonical(b, false);
        }
        chain.block("c2", "b1", 2, T_MAY31 + 100, T_MAY31 + 100, 101, true)
                .block("c3", "c2", 3, T_JUN1 + 50, T_JUN1 + 50, 102, true)
                .block("c4", "c3", 4, T_JUN2 + 30, T_JUN2 + 30, 103, true)
                .block("c5", "c4", 5, T_JUN2 + 86_400 + 10, T_JUN2 + 86_400 + 10, 104, true)
                .block("c6", "c5", 6, T_JUN2 + 2 * 86_400 + 10, T_JUN2 + 2 * 86_400 + 10, 105, true);
        byte[] before = blobs.get("daily_txs/latest.json.gz").orElseThrow();

        TaskOutcome deep = runner(Instant.parse("2024-06-05T00:00:00Z"))
                .run(List.of(DailyTxsTask.ID), D.plusDays(3), true, false, Map.of()).get(DailyTxsTask.ID);

        assertThat(deep.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(deep.message()).contains("reorganised deeper than the 2-day margin").contains("fork is at height 1")
                .contains("run with --full");
        assertThat(deep.permanent()).as("retrying cannot heal it").isTrue();
        assertThat(blobs.get("daily_txs/latest.json.gz").orElseThrow()).isEqualTo(before);
        run(DailyTxsTask.ID, D.plusDays(3), true, true);
        assertThat(json("daily_txs/latest.json.gz").get(k(T_JUN1)).asLong()).as("the new branch has no transactions on D").isZero();
    }

    private Map<String, Long> state(String dataset) {
        Map<String, Long> stored = new java.util.TreeMap<>();
        PostgresWarehouse.dsl(warehouse).fetch("SELECT day::text, value FROM chain_daily_values WHERE dataset = ?", dataset)
                .forEach(r -> stored.put(r.get(0, String.class), r.get(1, Long.class)));
        return stored;
    }

    @Test
    void dailyActiveAddressesCountDistinctPartiesOfCanonicalEvents() throws Exception {
        run(DailyActiveAddressesTask.ID, D, true, false);
        JsonNode series = json("addx_dailyactive/2024-06-01.json.gz");
        assertThat(series.get(k(T_MAY30)).asLong()).as("SP1, SP2; not SP9 of the orphaned microblock").isEqualTo(2);
        assertThat(series.get(k(T_JUN1)).asLong()).as("SP3, SP1; not SP4, SP5 after the cutoff").isEqualTo(2);
        assertThat(state(DailyActiveAddressesTask.ID)).containsExactly(Map.entry("2024-05-30", 2L), Map.entry("2024-05-31", 2L),
                Map.entry("2024-06-01", 2L));

        run(DailyActiveAddressesTask.ID, D.plusDays(1), true, false);
        assertThat(state(DailyActiveAddressesTask.ID)).containsExactly(Map.entry("2024-05-30", 2L), Map.entry("2024-05-31", 2L),
                Map.entry("2024-06-01", 4L), Map.entry("2024-06-02", 1L));
        byte[] incremental = blobs.get("addx_dailyactive/2024-06-02.json.gz").orElseThrow();
        run(DailyActiveAddressesTask.ID, D.plusDays(1), true, true);
        assertThat(blobs.get("addx_dailyactive/2024-06-02.json.gz").orElseThrow()).isEqualTo(incremental);
    }

    @Test
    void whaleMovementsListTheNewestLargeCanonicalTransfersAsCsv() throws Exception {
        chain.stxEvent("tx6", "b3", 3, 1, 1, 1_500_000_000_000L, "SPW1", "SPW2", true, true)
                .stxEvent("tx6", "b3", 3, 2, 1, 999_999_999_999L, "SPW1", "SPW2", true, true)      // below 1,000,000 STX
                .stxEvent("tx3", "b2", 2, 1, 1, 2_000_000_500_000L, "SPW2", "SPW3", true, true)
                .stxEvent("tx5", "b2f", 2, 1, 1, 9_000_000_000_000L, "SPW7", "SPW8", false, true)  // fork
                .stxEvent("tx7", "b4", 4, 1, 1, 3_000_000_000_000L, "SPW4", "SPW5", true, true)    // after the cutoff
                .stxEvent("tx8", "b5", 5, 1, 2, 5_000_000_000_000L, null, "SPW6", true, true);     // a mint
        tasks = new java.util.ArrayList<>(tasks);
        tasks.add(new WhaleMovementsTask(Optional.of(db), "https://explorer.example/txid/"));
        run(WhaleMovementsTask.ID, D, true, false);

        String tx6 = "0x" + java.util.HexFormat.of().formatHex(ChainBuilder.hash("tx6"));
        String tx3 = "0x" + java.util.HexFormat.of().formatHex(ChainBuilder.hash("tx3"));
        byte[] gz = blobs.get(DatasetPaths.WHALE_MOVEMENTS.latestKey()).orElseThrow();
        String csv;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            csv = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(csv).isEqualTo(
                "\"tx_id\",\"block_height\",\"amount\",\"sender\",\"recipient\",\"burn_block_time\",\"tx_type\",\"explorer_url\"\n"
                + "\"" + tx6 + "\",3,1500000.0,\"SPW1\",\"SPW2\"," + (T_JUN1 + 50) + ",\"transfer\",\"https://explorer.example/txid/" + tx6 + "\"\n"
                + "\"" + tx3 + "\",2,2000000.5,\"SPW2\",\"SPW3\"," + (T_MAY31 + 100) + ",\"transfer\",\"https://explorer.example/txid/" + tx3 + "\"\n");
    }

    @Test
    void addressGrowthCountsEveryPrincipalSeenSoFar() throws Exception {
        TaskOutcome first = run(AddressGrowthTask.ID, D, true, false);
        JsonNode series = json("addx_growth/2024-06-01.json.gz");
        assertThat(series.get(k(T_MAY30)).asLong()).as("SP1, SP2").isEqualTo(2);
        assertThat(series.get(k(T_JUN1)).asLong()).as("+ SP3 on May 31; not SP4, SP5 after the cutoff, not SP7, SP8, SP9")
                .isEqualTo(3);
        assertThat(first.result().orElseThrow().value("principals_total")).contains("3");

        run(AddressGrowthTask.ID, D.plusDays(1), true, false);
        JsonNode next = json("addx_growth/2024-06-02.json.gz");
        assertThat(next.get(k(T_JUN1)).asLong()).as("SP4, SP5 count on D once block 4 is in").isEqualTo(5);
        assertThat(next.get(k(T_JUN2)).asLong()).as("+ SP6").isEqualTo(6);
        byte[] incremental = blobs.get("addx_growth/2024-06-02.json.gz").orElseThrow();
        run(AddressGrowthTask.ID, D.plusDays(1), true, true);
        assertThat(blobs.get("addx_growth/2024-06-02.json.gz").orElseThrow()).as("full rebuild = incremental").isEqualTo(incremental);

        byte[] asOfD = blobs.get("addx_growth/2024-06-01.json.gz").orElseThrow();
        run(AddressGrowthTask.ID, D, false, false);
        assertThat(blobs.get("addx_growth/2024-06-01.json.gz").orElseThrow()).as("a backfill publishes what was true at D")
                .isEqualTo(asOfD);
        assertThat(PostgresWarehouse.dsl(warehouse).fetchCount(org.jooq.impl.DSL.table("chain_principals"))).isEqualTo(6);
    }

    @Test
    void aLateBlockWithAnOlderBitcoinTimeMovesAPrincipalsFirstDayEarlier() throws Exception {
        run(AddressGrowthTask.ID, D.plusDays(1), true, false);
        // Block 6 carries a Bitcoin time on D (Bitcoin timestamps may go back); SP6 was first seen on June 2.
        chain.block("b6", "b5", 6, T_JUN1 + 86_300, T_JUN2 + 900, 105, true)
                .tx("tx9", "b6", 6, T_JUN1 + 86_300, 0, true, true, "SP10", 300)
                .stxEvent("tx9", "b6", 6, 0, 1, 5, "SP10", "SP6", true, true);
        TaskOutcome late = run(AddressGrowthTask.ID, D.plusDays(1), true, false);
        assertThat(late.result().orElseThrow().value("recomputed")).contains("2024-06-01..2024-06-02");
        JsonNode series = json("addx_growth/2024-06-02.json.gz");
        assertThat(series.get(k(T_JUN1)).asLong()).as("SP1…SP5, SP6 and SP10 on D").isEqualTo(7);
        assertThat(series.get(k(T_JUN2)).asLong()).isEqualTo(7);
        byte[] incremental = blobs.get("addx_growth/2024-06-02.json.gz").orElseThrow();
        run(AddressGrowthTask.ID, D.plusDays(1), true, true);
        assertThat(blobs.get("addx_growth/2024-06-02.json.gz").orElseThrow()).as("full rebuild = incremental").isEqualTo(incremental);
    }

    @Test
    void aBlockStampedBeforeMidnightWithTheNextDaysBitcoinTimeCountsOnThatDay() throws Exception {
        long tJun3 = T_JUN2 + 86_400;
        // Block 6 is stamped on June 2 (below H for June 2) but carries a Bitcoin time of June 3.
        chain.block("b6", "b5", 6, tJun3 + 60, tJun3 - 100, 105, true)
                .tx("tx9", "b6", 6, tJun3 + 60, 0, true, true, "SP11", 300)
                .stxEvent("tx9", "b6", 6, 0, 2, 5, null, "SP11", true, true)
                .block("b7", "b6", 7, tJun3 + 600, tJun3 + 600, 106, true)
                .tx("tx10", "b7", 7, tJun3 + 600, 0, true, true, "SP12", 300)
                .stxEvent("tx10", "b7", 7, 0, 2, 5, null, "SP12", true, true);
        for (String task : List.of(AddressGrowthTask.ID, DailyTxsTask.ID, DailyActiveAddressesTask.ID)) {
            run(task, D.plusDays(1), true, false);
            run(task, D.plusDays(2), true, false);
        }
        assertThat(json("addx_growth/2024-06-03.json.gz").get(k(tJun3)).asLong()).as("SP1…SP6, SP11, SP12").isEqualTo(8);
        assertThat(json("daily_txs/2024-06-03.json.gz").get(k(tJun3)).asLong()).isEqualTo(2);
        assertThat(json("addx_dailyactive/2024-06-03.json.gz").get(k(tJun3)).asLong()).isEqualTo(2);
        Map<String, byte[]> incremental = new java.util.HashMap<>();
        for (String key : List.of("addx_growth/2024-06-03.json.gz", "daily_txs/2024-06-03.json.gz", "addx_dailyactive/2024-06-03.json.gz")) {
            incremental.put(key, blobs.get(key).orElseThrow());
        }
        for (String task : List.of(AddressGrowthTask.ID, DailyTxsTask.ID, DailyActiveAddressesTask.ID)) {
            run(task, D.plusDays(2), true, true);
        }
        for (Map.Entry<String, byte[]> e : incremental.entrySet()) {
            assertThat(blobs.get(e.getKey()).orElseThrow()).as(e.getKey() + ": full rebuild = incremental").isEqualTo(e.getValue());
        }
    }

    @Test
    void aReRunWithNothingNewKeepsThePrincipalsOfTheNextDayFromABlockBelowTheCutoff() throws Exception {
        long tJun3 = T_JUN2 + 86_400;
        long tJun4 = tJun3 + 86_400;
        // Block 6 is stamped on June 2 (below H for June 2) but carries a Bitcoin time of June 3; the next
        // block comes on June 4 only.
        chain.block("b6", "b5", 6, tJun3 + 60, tJun3 - 100, 105, true)
                .tx("tx9", "b6", 6, tJun3 + 60, 0, true, true, "SP11", 300)
                .stxEvent("tx9", "b6", 6, 0, 2, 5, null, "SP11", true, true)
                .block("b7", "b6", 7, tJun4 + 600, tJun4 + 600, 106, true)
                .tx("tx10", "b7", 7, tJun4 + 600, 0, true, true, "SP12", 300)
                .stxEvent("tx10", "b7", 7, 0, 2, 5, null, "SP12", true, true);
        run(AddressGrowthTask.ID, D.plusDays(1), true, false);
        TaskOutcome again = run(AddressGrowthTask.ID, D.plusDays(1), true, false);
        assertThat(again.result().orElseThrow().values()).containsEntry("principals_streamed", "0");
        run(AddressGrowthTask.ID, D.plusDays(3), true, false);
        byte[] incremental = blobs.get("addx_growth/2024-06-04.json.gz").orElseThrow();
        assertThat(json("addx_growth/2024-06-04.json.gz").get(k(tJun4)).asLong()).as("SP1…SP6, SP11, SP12").isEqualTo(8);
        run(AddressGrowthTask.ID, D.plusDays(3), true, true);
        assertThat(blobs.get("addx_growth/2024-06-04.json.gz").orElseThrow()).as("full rebuild = incremental").isEqualTo(incremental);
    }

    @Test
    void aReceiverThatFailsMidStreamGetsItsErrorAndLeavesThePooledConnectionUsable() throws Exception {
        StacksDb pooledDb = StacksDb.pooled(chain.dataSource(), "pooled test chain");
        io.stacksdataverse.extract.stacks.db.chain.PrincipalQueries pooled =
                new io.stacksdataverse.extract.stacks.db.chain.PrincipalQueries(pooledDb, AddressGrowthTask.ID);
        io.stacksdataverse.extract.stacks.db.ChainCursor cursor = new io.stacksdataverse.extract.stacks.db.ChainCursor(pooledDb,
                AddressGrowthTask.ID);
        IllegalStateException refused = new IllegalStateException("the warehouse refused the row");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pooled.firstSeenPrincipals(0, Integer.MAX_VALUE, 5, UtcDays.S0,
                (line, day) -> {
                    throw refused;
                })).isSameAs(refused);
        for (int i = 0; i < 8; i++) {
            assertThat(cursor.cutoff(Instant.ofEpochSecond(T_JUN2))).isPresent();
            assertThat(pooled.firstSeenPrincipals(0, Integer.MAX_VALUE, 5, UtcDays.S0, (line, day) -> { })).isEqualTo(6);
        }
    }

    @Test
    void aPrincipalSeenOnlyInABlockOrphanedInsideTheMarginDisappears() throws Exception {
        run(AddressGrowthTask.ID, D.plusDays(1), true, false);
        chain.setCanonical("b5", false);   // SP6's mint is orphaned
        chain.block("b5x", "b4", 5, T_JUN2 + 600, T_JUN2 + 600, 104, true);
        run(AddressGrowthTask.ID, D.plusDays(1), true, false);
        assertThat(json("addx_growth/2024-06-02.json.gz").get(k(T_JUN2)).asLong()).isEqualTo(5);
        assertThat(PostgresWarehouse.dsl(warehouse).fetchValue("SELECT count(*) FROM chain_principals WHERE principal = 'SP6'"))
                .isEqualTo(0L);
    }

    @Test
    void microblocksPerDayCountsCanonicalMicroblocksByTheirAnchorsBitcoinDay() throws Exception {
        run(MicroblocksPerDayTask.ID, D, true, false);
        assertThat(json(DatasetPaths.MICROBLOCKS_PER_DAY.latestKey()).toString())
                .isEqualTo("{\"" + T_MAY30 + "\":1,\"" + T_MAY31 + "\":1}");
    }

    @Test
    void txsPerBlockCoversTheHeightsUpToTheCutoffDescending() throws Exception {
        run(TxsPerBlockTask.ID, D, true, false);
        assertThat(json(DatasetPaths.TXS_PER_BLOCK.latestKey()).toString()).isEqualTo("{\"3\":1,\"2\":2,\"1\":1}");
    }

    @Test
    void sanityCheckReadsTheTipFromTheDatabase() throws Exception {
        run(SanityCheckTask.ID, D, true, false);
        assertThat(json(DatasetPaths.SANITY_CHECK.latestKey()).toString()).isEqualTo("{\"maxblock\":5}");
    }

    @Test
    void aWrongApiVersionAnEmptyChainAndAMissingDatabaseAreClearErrors() throws Exception {
        chain.exec("ALTER TABLE blocks DROP COLUMN block_time");
        TaskOutcome wrong = runner(Instant.parse("2024-06-05T00:00:00Z")).run(List.of(DailyTxsTask.ID), D, true, false, Map.of())
                .get(DailyTxsTask.ID);
        assertThat(wrong.permanent()).as("a schema mismatch is not retried").isTrue();
        assertThat(wrong.message()).contains("is not a Stacks Blockchain API database this version can read")
                .contains("missing blocks.block_time");

        ChainBuilder empty = ChainBuilder.create(TestPostgres.newDatabase());
        StacksDb emptyDb = new StacksDb(empty.dataSource(), "empty chain");
        TaskOutcome none = LocalRunner.builder(new TaskGraph(List.of(new DailyTxsTask(Optional.of(emptyDb))))).blobs(blobs)
                .raw(new BlobRawStore(blobs)).warehouse(warehouse).build()
                .run(List.of(DailyTxsTask.ID), D, true, false, Map.of()).get(DailyTxsTask.ID);
        assertThat(none.message()).contains("has no canonical block before 2024-06-02T00:00:00Z");
        assertThat(none.permanent()).as("the API may still be syncing: worth a retry").isFalse();
        assertThat(blobs.list("daily_txs/")).isEmpty();

        assertThat(new DailyTxsTask(Optional.empty()).disabledReason()).contains("STACKS_DB_URL is not set (the Stacks API database)");
    }
}
