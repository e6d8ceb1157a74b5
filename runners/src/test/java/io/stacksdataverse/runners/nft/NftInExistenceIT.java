package io.stacksdataverse.runners.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.extract.stacks.db.ChainBuilder;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.runners.interval.OneTaskRun;
import io.stacksdataverse.transform.UtcDays;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalogs #41–42 on a hand-built chain of three days. Day 1: three mints (b1), a mint, a transfer
 * and an orphaned microblock's mint (b2), a fork of height 2 with five mints, and a burn stamped after
 * the day's boundary (b3). Day 2: a Nakamoto tenure of three blocks sharing one Bitcoin block and
 * time (the day before), the first two before the boundary (2 mints; a burn and a mint), the third
 * after it (5 mints). Day 3: a mint before the boundary (n7), two mints and a burn between the
 * boundary and E (n8), three mints stamped after E (n9).
 */
class NftInExistenceIT {
    private static final long T1 = UtcDays.t(LocalDate.of(2024, 6, 1));
    private static final long T2 = T1 + 86_400;
    private static final long T3 = T2 + 86_400;
    private static final long DAY = 86_400;
    private static final Instant E = Instant.ofEpochSecond(T3 + 43_200);     // 2024-06-03T12:00Z: H(E) = 8
    private static final Instant E_DAY2 = Instant.ofEpochSecond(T2 + 43_200);
    private static final String PUNK = "SPA.punks::punk";

    @TempDir
    Path dir;
    private ChainBuilder chain;
    private LocalBlobStore blobs;
    private PostgresWarehouse warehouse;
    private NftInExistenceTask task;

    @BeforeEach
    void setUp() throws Exception {
        chain = ChainBuilder.create(TestPostgres.newDatabase());
        blobs = new LocalBlobStore(dir, false);
        warehouse = TestPostgres.newWarehouse();
        task = new NftInExistenceTask(Optional.of(new StacksDb(chain.dataSource(), "test chain")));
        chain.block("b1", "genesis", 1, T1 + 600, T1 + 600, 100, true);
        mints("m1", "b1", 1, 0, 1, 2, 3);
        chain.block("b2", "b1", 2, T1 + 1000, T1 + 1000, 101, true);
        mints("m2", "b2", 2, 0, 4);
        chain.nftEvent("t2", "b2", 2, 1, 0, 1, PUNK, ChainBuilder.uint(1), "SP1", "SP2", true, true)
                .nftEvent("mb2", "b2", 2, 2, 0, 2, PUNK, ChainBuilder.uint(99), null, "SP1", true, false)  // orphaned microblock
                .block("b2f", "b1", 2, T1 + 1100, T1 + 1100, 101, false);                                 // the fork
        mints("m2f", "b2f", 2, 0, 50, 51, 52, 53, 54);
        chain.exec("UPDATE nft_events SET canonical = false WHERE index_block_hash = ?", ChainBuilder.hash("b2f"));
        chain.block("b3", "b2", 3, T1 + 2000, T1 + 2000, 102, true);
        burn("u3", "b3", 3, 2);
        // The tenure of burn block 103: its Bitcoin time is on day 1, its blocks' own times on day 2.
        chain.block("n4", "b3", 4, T1 + 86_000, T2 + 100, 103, true)
                .block("n5", "n4", 5, T1 + 86_000, T2 + 1700, 103, true)
                .block("n6", "n5", 6, T1 + 86_000, T2 + 1900, 103, true);
        mints("m4", "n4", 4, 0, 5, 6);
        burn("u5", "n5", 5, 3);
        mints("m5", "n5", 5, 1, 7);
        mints("m6", "n6", 6, 0, 8, 9, 10, 11, 12);
        chain.block("n7", "n6", 7, T3 + 600, T3 + 600, 104, true)
                .block("n8", "n7", 8, T3 + 3600, T3 + 3600, 105, true)
                .block("n9", "n8", 9, T3 + 43_250, T3 + 43_250, 106, true);
        mints("m7", "n7", 7, 0, 13);
        mints("m8", "n8", 8, 0, 14, 15);
        burn("u8", "n8", 8, 4);
        mints("m9", "n9", 9, 0, 100, 101, 102);
        chain.tip(9);
    }

    @AfterEach
    void tearDown() throws Exception {
        chain.close();
    }

    private void mints(String tx, String block, int height, int txIndex, long... tokens) throws Exception {
        for (int i = 0; i < tokens.length; i++) {
            chain.nftEvent(tx, block, height, txIndex, i, 2, PUNK, ChainBuilder.uint(tokens[i]), null, "SP1", true, true);
        }
    }

    private void burn(String tx, String block, int height, long token) throws Exception {
        chain.nftEvent(tx, block, height, 9, 0, 3, PUNK, ChainBuilder.uint(token), "SP1", null, true, true);
    }

    private TaskOutcome run(Instant end, boolean full) {
        TaskOutcome o = OneTaskRun.run(task, blobs, warehouse, end, end.plusSeconds(120), full);
        assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        return o;
    }

    private String published(DatasetPath path) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(blobs.get(path.latestKey()).orElseThrow()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private byte[] bytes(DatasetPath path) throws Exception {
        return blobs.get(path.latestKey()).orElseThrow();
    }

    private static String recomputed(TaskOutcome o) {
        return o.result().orElseThrow().value("recomputed").orElseThrow();
    }

    /** The count by the catalog's definition, straight from the events: C mints − C burns in canonical blocks ≤ h. */
    private long fullCount(int maxHeight) throws Exception {
        try (var c = chain.dataSource().getConnection(); var ps = c.prepareStatement("SELECT count(*) FILTER (WHERE e.asset_event_type_id = 2)"
                + " - count(*) FILTER (WHERE e.asset_event_type_id = 3) FROM nft_events e JOIN blocks b ON b.index_block_hash = e.index_block_hash"
                + " WHERE b.canonical AND e.canonical AND e.microblock_canonical AND b.block_height <= ?")) {
            ps.setInt(1, maxHeight);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    // Day 1's boundary is block 2 (4 tokens), day 2's block 5 (4 − 1 + 2 − 1 + 1), day 3's block 7 (5 + 5 + 1);
    // at E (block 8): 11 + 2 − 1. The fork, the orphaned microblock's mint and block 9 (after E) are left out.
    @Test
    void countsMintsMinusBurnsAtEachDaysFirstIntervalEndAndAtE() throws Exception {
        TaskOutcome o = run(E, false);
        assertThat(published(DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME)).isEqualTo("{\"" + T1 + "\":4,\"" + T2 + "\":5,\"" + T3 + "\":11}");
        assertThat(published(DatasetPaths.NFT_IN_EXISTENCE_NOW)).isEqualTo("{\"result\":12}");
        assertThat(fullCount(8)).as("the catalog's full count at H(E)").isEqualTo(12);
        assertThat(fullCount(7)).isEqualTo(11);
        assertThat(recomputed(o)).isEqualTo("2024-06-01..2024-06-03");
    }

    @Test
    void theNextDayReadsOnlyItsOwnDayAndAReRunAndAFullRebuildGiveTheSameBytes() throws Exception {
        run(E_DAY2, false);
        assertThat(published(DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME)).isEqualTo("{\"" + T1 + "\":4,\"" + T2 + "\":5}");
        assertThat(published(DatasetPaths.NFT_IN_EXISTENCE_NOW)).as("day 2's boundary and block 6").isEqualTo("{\"result\":10}");

        assertThat(recomputed(run(E, false))).isEqualTo("2024-06-03..2024-06-03");
        byte[] now = bytes(DatasetPaths.NFT_IN_EXISTENCE_NOW);
        byte[] overTime = bytes(DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME);
        assertThat(recomputed(run(E, false))).as("a re-run reads no day").isEqualTo("none");
        assertThat(bytes(DatasetPaths.NFT_IN_EXISTENCE_NOW)).isEqualTo(now);
        assertThat(bytes(DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME)).isEqualTo(overTime);
        assertThat(recomputed(run(E, true))).isEqualTo("2024-06-01..2024-06-03");
        assertThat(bytes(DatasetPaths.NFT_IN_EXISTENCE_NOW)).as("full rebuild = incremental").isEqualTo(now);
        assertThat(bytes(DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME)).as("full rebuild = incremental").isEqualTo(overTime);
    }

    @Test
    void aBackfillOfAnEarlierIntervalPublishesItsOwnCountsAndLeavesTheStateAlone() throws Exception {
        run(E, false);
        byte[] overTime = bytes(DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME);
        run(E_DAY2, false);
        assertThat(published(DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME)).isEqualTo("{\"" + T1 + "\":4,\"" + T2 + "\":5}");
        assertThat(published(DatasetPaths.NFT_IN_EXISTENCE_NOW)).isEqualTo("{\"result\":10}");
        assertThat(PostgresWarehouse.dsl(warehouse).fetchValue("SELECT last_day::text || ' ' || last_height FROM nft_supply_progress"))
                .isEqualTo("2024-06-03 8");
        assertThat(recomputed(run(E, false))).isEqualTo("none");
        assertThat(bytes(DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME)).isEqualTo(overTime);
    }

    // Block 10 arrives after the run, stamped before day 3's boundary: that boundary is now block 10, which
    // also holds blocks 8 and 9 (heights below it), so day 3 and E count 12 + 3 + 1.
    @Test
    void aBlockIndexedLateMovesTheBoundariesAfterItsTime() throws Exception {
        run(E, false);
        chain.block("n10", "n9", 10, T3 + 1000, T3 + 1000, 107, true);
        mints("m10", "n10", 10, 0, 300);
        assertThat(recomputed(run(E, false))).isEqualTo("2024-06-03..2024-06-03");
        assertThat(published(DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME)).isEqualTo("{\"" + T1 + "\":4,\"" + T2 + "\":5,\"" + T3 + "\":16}");
        assertThat(published(DatasetPaths.NFT_IN_EXISTENCE_NOW)).isEqualTo("{\"result\":16}");
        assertThat(fullCount(10)).isEqualTo(16);
        byte[] overTime = bytes(DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME);
        run(E, true);
        assertThat(bytes(DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME)).as("full rebuild = incremental").isEqualTo(overTime);
    }

    // Blocks 7–9 are replaced by another branch: block 7x (3 mints, before day 3's boundary) and 8x (one mint).
    @Test
    void aReorganisationInsideTheMarginRecomputesFromTheFork() throws Exception {
        run(E, false);
        for (String b : List.of("n7", "n8", "n9")) {
            chain.setCanonical(b, false);
        }
        chain.block("n7x", "n6", 7, T3 + 700, T3 + 700, 104, true)
                .block("n8x", "n7x", 8, T3 + 3700, T3 + 3700, 105, true);
        mints("m7x", "n7x", 7, 0, 200, 201, 202);
        mints("m8x", "n8x", 8, 0, 203);

        TaskOutcome after = run(E, false);
        assertThat(recomputed(after)).isEqualTo("2024-06-03..2024-06-03");
        assertThat(published(DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME)).isEqualTo("{\"" + T1 + "\":4,\"" + T2 + "\":5,\"" + T3 + "\":13}");
        assertThat(published(DatasetPaths.NFT_IN_EXISTENCE_NOW)).isEqualTo("{\"result\":14}");
        assertThat(fullCount(8)).isEqualTo(14);
        byte[] now = bytes(DatasetPaths.NFT_IN_EXISTENCE_NOW);
        byte[] overTime = bytes(DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME);
        run(E, true);
        assertThat(bytes(DatasetPaths.NFT_IN_EXISTENCE_NOW)).as("full rebuild = incremental").isEqualTo(now);
        assertThat(bytes(DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME)).as("full rebuild = incremental").isEqualTo(overTime);
    }

    @Test
    void aReorganisationDeeperThanTheMarginAsksForAFullRebuild() throws Exception {
        chain.block("p10", "n9", 10, T3 + DAY + 600, T3 + DAY + 600, 107, true)
                .block("p11", "p10", 11, T3 + 2 * DAY + 600, T3 + 2 * DAY + 600, 108, true)
                .block("p12", "p11", 12, T3 + 3 * DAY + 600, T3 + 3 * DAY + 600, 109, true);
        Instant e6 = Instant.ofEpochSecond(T3 + 3 * DAY + 43_200);
        run(e6, false);
        byte[] before = bytes(DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME);
        // Everything above block 1 is replaced: day 1's boundary (block 2) changes, far before the margin.
        for (String b : List.of("b2", "b3", "n4", "n5", "n6", "n7", "n8", "n9", "p10", "p11", "p12")) {
            chain.setCanonical(b, false);
        }
        chain.block("c2", "b1", 2, T1 + 1000, T1 + 1000, 101, true)
                .block("c3", "c2", 3, T3 + 3 * DAY + 700, T3 + 3 * DAY + 700, 102, true);
        mints("mc3", "c3", 3, 0, 400);

        TaskOutcome deep = OneTaskRun.run(task, blobs, warehouse, e6, e6.plusSeconds(120), false);
        assertThat(deep.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(deep.message()).contains("nft_in_existence").contains("reorganised deeper than the 2-day margin")
                .contains("fork is at height 1").contains("run with --full");
        assertThat(deep.permanent()).as("retrying cannot heal it").isTrue();
        assertThat(bytes(DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME)).isEqualTo(before);

        run(e6, true);
        assertThat(published(DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME)).isEqualTo("{\"" + T1 + "\":3,\"" + T2 + "\":3,\"" + T3 + "\":3,\""
                + (T3 + DAY) + "\":3,\"" + (T3 + 2 * DAY) + "\":3,\"" + (T3 + 3 * DAY) + "\":4}");
        assertThat(published(DatasetPaths.NFT_IN_EXISTENCE_NOW)).isEqualTo("{\"result\":4}");
    }

    // A test network's block stamped two days before S0 (height 0, two mints): the series starts on S0, whose
    // boundary already holds it, and every later value counts it.
    @Test
    void blocksBeforeS0CountFromTheFirstDay() throws Exception {
        long s0 = UtcDays.S0;
        chain.block("b0", "genesis", 0, s0 - 2 * DAY, s0 - 2 * DAY, 99, true);
        mints("m0", "b0", 0, 0, 600, 601);
        run(E, false);
        String series = published(DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME);
        assertThat(series).startsWith("{\"" + s0 + "\":2,\"" + (s0 + DAY) + "\":2,")
                .endsWith(",\"" + T1 + "\":6,\"" + T2 + "\":7,\"" + T3 + "\":13}");
        assertThat(series.split(",")).hasSize((int) ((T3 - s0) / DAY) + 1);
        assertThat(published(DatasetPaths.NFT_IN_EXISTENCE_NOW)).isEqualTo("{\"result\":14}");
        assertThat(fullCount(8)).isEqualTo(14);
    }

    @Test
    void anEventOfAnUnknownTypeFailsNamingTheRowAndTheDataset() throws Exception {
        chain.nftEvent("odd", "n6", 6, 3, 7, 4, PUNK, ChainBuilder.uint(500), "SP1", "SP2", true, true);
        TaskOutcome o = OneTaskRun.run(task, blobs, warehouse, E, E.plusSeconds(120), false);
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.message()).contains("nft_in_existence").contains("tx 0x" + java.util.HexFormat.of().formatHex(ChainBuilder.hash("odd")))
                .contains("event 7 in block 6").contains("asset_event_type_id 4");
        assertThat(o.permanent()).isTrue();
        assertThat(blobs.get(DatasetPaths.NFT_IN_EXISTENCE_NOW.latestKey())).isEmpty();
    }
}
