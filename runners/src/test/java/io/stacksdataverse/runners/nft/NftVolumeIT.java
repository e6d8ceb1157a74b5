package io.stacksdataverse.runners.nft;

import static io.stacksdataverse.runners.nft.NftSales.ARTIST;
import static io.stacksdataverse.runners.nft.NftSales.BUYER;
import static io.stacksdataverse.runners.nft.NftSales.FEES;
import static io.stacksdataverse.runners.nft.NftSales.MARKET;
import static io.stacksdataverse.runners.nft.NftSales.SELLER;
import static io.stacksdataverse.runners.nft.NftSales.leg;
import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.extract.stacks.db.ChainBuilder;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.loaders.warehouse.nft.NftTradeTable;
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
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalogs #37–38 with a two-day window (D−1 and D, D = 2024-06-01) on a hand-built chain: a trade
 * before the window, one in a block stamped before the window whose Bitcoin time is inside it,
 * direct, escrow and accepted-bid sales, a mint paid in STX, a gift, a round trip, a fork and an
 * orphaned microblock with sales, a Nakamoto tenure of three blocks, and a block after E.
 */
class NftVolumeIT {
    private static final long DAY = 86_400;
    private static final long T = UtcDays.t(LocalDate.of(2024, 6, 1));
    private static final Instant E = Instant.ofEpochSecond(T + 7200);
    private static final String PUNKS = "SPDEPLOYA.punks::punk";
    private static final String APES = "SPDEPLOYB.apes::ape";

    @TempDir
    Path dir;
    private ChainBuilder chain;
    private NftSales sales;
    private LocalBlobStore blobs;
    private PostgresWarehouse warehouse;
    private NftVolumeTask task;

    @BeforeEach
    void setUp() throws Exception {
        chain = ChainBuilder.create(TestPostgres.newDatabase());
        sales = new NftSales(chain);
        blobs = new LocalBlobStore(dir, false);
        warehouse = TestPostgres.newWarehouse();
        task = new NftVolumeTask(Optional.of(new StacksDb(chain.dataSource(), "test chain")), 2);

        chain.block("b1", "genesis", 1, T - 2 * DAY + 1_000, T - 2 * DAY + 1_000, 100, true)
                .block("b2", "b1", 2, T - DAY - 4_000, T - DAY - 5_000, 101, true)
                // stamped before the window, but its Bitcoin time is on D−1
                .block("b3", "b2", 3, T - DAY + 100, T - DAY - 3_000, 102, true)
                .block("b4", "b3", 4, T - DAY + 5_000, T - DAY + 5_000, 103, true)
                .block("b4f", "b3", 4, T - DAY + 5_000, T - DAY + 5_000, 103, false)         // a fork
                // a Nakamoto tenure of three blocks sharing burn block 104
                .block("n5", "b4", 5, T + 1_000, T + 1_000, 104, true)
                .block("n6", "n5", 6, T + 1_000, T + 1_900, 104, true)
                .block("n7", "n6", 7, T + 1_000, T + 1_950, 104, true)
                .block("n8", "n7", 8, T + 7_300, T + 7_300, 105, true);                       // stamped after E
        sales.sale("old", "b1", 1, PUNKS, leg(BUYER, SELLER, 5_000_000))                      // D−2: before the window
                .sale("early", "b2", 2, PUNKS, leg(BUYER, SELLER, 7_000_000))                 // Bitcoin time on D−2
                // price, royalty and commission paid by the buyer: 100 STX
                .sale("direct", "b3", 3, PUNKS, leg(BUYER, SELLER, 90_000_000), leg(BUYER, ARTIST, 7_500_000),
                        leg(BUYER, FEES, 2_500_000))
                // buyer → escrow contract → seller and artist: 100 STX, not 200
                .sale("escrow", "b4", 4, APES, leg(BUYER, MARKET, 100_000_000), leg(MARKET, SELLER, 95_000_000),
                        leg(MARKET, ARTIST, 5_000_000))
                .sale("roundtrip", "b4", 4, APES, leg(BUYER, SELLER, 1_000_000), leg(SELLER, BUYER, 1_000_000))
                .sale("forked", "b4f", 4, APES, false, true, leg(BUYER, SELLER, 50_000_000))
                .sale("orphan", "b4", 4, APES, true, false, leg(BUYER, SELLER, 30_000_000))
                // an accepted bid paid out of escrow: the contract's outflow, 50 STX
                .sale("bid", "n5", 5, PUNKS, leg(MARKET, SELLER, 48_000_000), leg(MARKET, FEES, 2_000_000))
                .sale("t6a", "n6", 6, APES, leg(BUYER, SELLER, 10_000_000))
                .sale("t6b", "n6", 6, PUNKS, leg("SP6OTHER", SELLER, 15_000_000))
                .sale("t7", "n7", 7, APES, leg(BUYER, SELLER, 12_345_678))
                .sale("late", "n8", 8, APES, leg(BUYER, SELLER, 1_000_000_000));
        // a gift (no STX) and a mint paid in STX (NFT type 2): not trades
        chain.nftEvent("gift", "b4", 4, 0, 0, 1, PUNKS, ChainBuilder.uint(900), SELLER, BUYER, true, true)
                .nftEvent("mint", "b4", 4, 0, 0, 2, PUNKS, ChainBuilder.uint(901), null, BUYER, true, true);
        sales.stx("mint", "b4", 4, 1, true, true, leg(BUYER, "SPDEPLOYA", 20_000_000));
    }

    @AfterEach
    void tearDown() throws Exception {
        chain.close();
    }

    private TaskOutcome run(Instant end, boolean full) {
        return OneTaskRun.run(task, blobs, warehouse, end, end.plusSeconds(60), full);
    }

    private TaskOutcome succeed(Instant end, boolean full) {
        TaskOutcome o = run(end, full);
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

    /** The warehouse's trade rows and progress, as text. */
    private String tradeTable() throws Exception {
        StringBuilder out = new StringBuilder();
        try (var c = warehouse.dataSource().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT encode(tx_id, 'hex'), block_height, burn_block_time, volume_ustx FROM nft_trades"
                     + " ORDER BY block_height, tx_id")) {
            while (rs.next()) {
                out.append(rs.getString(1)).append(' ').append(rs.getLong(2)).append(':').append(rs.getLong(3)).append(':')
                        .append(rs.getLong(4)).append('\n');
            }
        }
        return out + new NftTradeTable(warehouse.dataSource()).progress()
                .map(p -> "covers " + p.lowHeight() + ".." + p.lastHeight() + " as of " + p.lastIntervalEnd()).orElse("no progress");
    }

    @Test
    void volumesPerBlockAndPerDayOfTheWindow() throws Exception {
        succeed(E, false);
        assertThat(published(DatasetPaths.NFT_VOLUME_PER_BLOCK))
                .isEqualTo("{\"3\":100,\"4\":100,\"5\":50,\"6\":25,\"7\":12.345678}");
        assertThat(published(DatasetPaths.NFT_VOLUME_PER_DAY))
                .isEqualTo("{\"" + (T - DAY) + "\":200,\"" + T + "\":87.345678}");
    }

    @Test
    void incrementalRunsReadOnlyNewBlocksAndEqualAFullRebuild() throws Exception {
        // H = 5, inside the tenure; block 2 is read (stamped less than two hours before the window) but its sale is not in it
        TaskOutcome first = succeed(Instant.ofEpochSecond(T + 1_800), false);
        assertThat(first.result().orElseThrow().values()).containsEntry("read", "rebuild 2..5").containsEntry("trades_added", "4");
        assertThat(published(DatasetPaths.NFT_VOLUME_PER_BLOCK)).isEqualTo("{\"3\":100,\"4\":100,\"5\":50}");
        assertThat(published(DatasetPaths.NFT_VOLUME_PER_DAY)).isEqualTo("{\"" + (T - DAY) + "\":200,\"" + T + "\":50}");

        TaskOutcome second = succeed(Instant.ofEpochSecond(T + 3_600), false);          // the tenure's other two blocks
        assertThat(second.result().orElseThrow().values()).containsEntry("read", "new blocks 6..7").containsEntry("trades_added", "3");
        TaskOutcome third = succeed(E, false);
        assertThat(third.result().orElseThrow().values()).containsEntry("read", "new blocks: none").containsEntry("trades_added", "0");
        byte[] perBlock = bytes(DatasetPaths.NFT_VOLUME_PER_BLOCK);
        byte[] perDay = bytes(DatasetPaths.NFT_VOLUME_PER_DAY);
        assertThat(published(DatasetPaths.NFT_VOLUME_PER_BLOCK)).isEqualTo("{\"3\":100,\"4\":100,\"5\":50,\"6\":25,\"7\":12.345678}");

        // the node moved on: a sale in a block after E changes nothing for E
        chain.block("n9", "n8", 9, T + 7_400, T + 7_400, 106, true);
        sales.sale("later", "n9", 9, APES, leg(BUYER, SELLER, 3_000_000));
        succeed(E, false);
        assertThat(bytes(DatasetPaths.NFT_VOLUME_PER_BLOCK)).isEqualTo(perBlock);
        assertThat(bytes(DatasetPaths.NFT_VOLUME_PER_DAY)).isEqualTo(perDay);
        String incrementalTable = tradeTable();
        TaskOutcome full = succeed(E, true);
        assertThat(full.result().orElseThrow().values()).containsEntry("read", "rebuild 2..7");
        assertThat(tradeTable()).as("the warehouse's trades").isEqualTo(incrementalTable).contains("7:" + (T + 1_000) + ":12345678");
        assertThat(bytes(DatasetPaths.NFT_VOLUME_PER_BLOCK)).isEqualTo(perBlock);
        assertThat(bytes(DatasetPaths.NFT_VOLUME_PER_DAY)).isEqualTo(perDay);
        // an earlier interval after a later one: its own cutoff, the same bytes as its first run
        succeed(Instant.ofEpochSecond(T + 1_800), false);
        assertThat(published(DatasetPaths.NFT_VOLUME_PER_BLOCK)).isEqualTo("{\"3\":100,\"4\":100,\"5\":50}");
        succeed(E, false);
        assertThat(bytes(DatasetPaths.NFT_VOLUME_PER_BLOCK)).isEqualTo(perBlock);
    }

    @Test
    void aReorganisationInsideTheMarginRecomputesFromTheFork() throws Exception {
        succeed(E, false);
        // n7 is orphaned; its replacement at height 7 carries another sale
        chain.setCanonical("n7", false)
                .block("n7b", "n6", 7, T + 1_000, T + 1_960, 104, true);
        sales.sale("t7b", "n7b", 7, PUNKS, leg(BUYER, SELLER, 3_000_000));
        TaskOutcome o = succeed(E, false);
        assertThat(o.result().orElseThrow().values()).containsEntry("read", "reorg 7..7").containsEntry("trades_added", "1");
        assertThat(published(DatasetPaths.NFT_VOLUME_PER_BLOCK)).isEqualTo("{\"3\":100,\"4\":100,\"5\":50,\"6\":25,\"7\":3}");
        assertThat(published(DatasetPaths.NFT_VOLUME_PER_DAY)).isEqualTo("{\"" + (T - DAY) + "\":200,\"" + T + "\":78}");
        byte[] perBlock = bytes(DatasetPaths.NFT_VOLUME_PER_BLOCK);
        byte[] perDay = bytes(DatasetPaths.NFT_VOLUME_PER_DAY);
        succeed(E, true);
        assertThat(bytes(DatasetPaths.NFT_VOLUME_PER_BLOCK)).isEqualTo(perBlock);
        assertThat(bytes(DatasetPaths.NFT_VOLUME_PER_DAY)).isEqualTo(perDay);
    }

    @Test
    void aReorganisationDeeperThanTheMarginFailsAndAsksForAFullRebuild() throws Exception {
        // two days on: the run for D+2 stops at n10
        chain.block("n10", "n8", 9, T + 2 * DAY + 1_000, T + 2 * DAY + 1_000, 106, true);
        sales.sale("t10", "n10", 9, APES, leg(BUYER, SELLER, 4_000_000));
        Instant later = Instant.ofEpochSecond(T + 2 * DAY + 1_800);
        succeed(later, false);
        assertThat(published(DatasetPaths.NFT_VOLUME_PER_BLOCK)).isEqualTo("{\"9\":4}");
        // every block from height 4 on is replaced, with their old times: the fork (3) is days before the margin
        for (String b : new String[] {"b4", "n5", "n6", "n7", "n8", "n10"}) {
            chain.setCanonical(b, false);
        }
        chain.block("b4r", "b3", 4, T - DAY + 5_000, T - DAY + 5_000, 103, true)
                .block("n5r", "b4r", 5, T + 2 * DAY + 1_100, T + 2 * DAY + 1_100, 106, true);
        sales.sale("t5r", "n5r", 5, APES, leg(BUYER, SELLER, 6_000_000));
        TaskOutcome o = run(later, false);
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.permanent()).isTrue();
        assertThat(o.message()).contains("nft_volume").contains("deeper than the 2-day margin").contains("fork is at height 3")
                .contains("--full");
        assertThat(published(DatasetPaths.NFT_VOLUME_PER_BLOCK)).as("nothing published").isEqualTo("{\"9\":4}");
        succeed(later, true);
        assertThat(published(DatasetPaths.NFT_VOLUME_PER_BLOCK)).isEqualTo("{\"5\":6}");
        assertThat(published(DatasetPaths.NFT_VOLUME_PER_DAY)).isEqualTo("{\"" + (T + 2 * DAY) + "\":6}");
    }
}
