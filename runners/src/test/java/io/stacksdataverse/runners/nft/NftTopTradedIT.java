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
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.runners.interval.OneTaskRun;
import io.stacksdataverse.transform.UtcDays;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalog #39 on a hand-built chain whose H(E) is the third block of a Nakamoto tenure at burn height
 * 110, so the window is burn heights [11, 110]: a sale at burn height 10, a fork, an orphaned
 * microblock, a block of the same tenure stamped after E, equal volumes, a contract name deployed
 * twice, a trade of two collections, a mint paid in STX and more than ten collections.
 */
class NftTopTradedIT {
    private static final long T = UtcDays.t(LocalDate.of(2024, 6, 1));
    private static final Instant E = Instant.ofEpochSecond(T + 7200);
    private static final long STX = 1_000_000;

    @TempDir
    Path dir;
    private ChainBuilder chain;
    private NftSales sales;
    private LocalBlobStore blobs;
    private PostgresWarehouse warehouse;
    private NftTopTradedTask task;

    @BeforeEach
    void setUp() throws Exception {
        chain = ChainBuilder.create(TestPostgres.newDatabase());
        sales = new NftSales(chain);
        blobs = new LocalBlobStore(dir, false);
        warehouse = TestPostgres.newWarehouse();
        task = new NftTopTradedTask(Optional.of(new StacksDb(chain.dataSource(), "test chain")));

        chain.block("b1", "genesis", 1, T - 60_000, T - 60_000, 10, true)
                .block("b2", "b1", 2, T - 59_000, T - 59_000, 11, true)
                .block("b3", "b2", 3, T - 30_000, T - 30_000, 50, true)
                .block("b3f", "b2", 3, T - 30_000, T - 30_000, 50, false)                     // a fork
                .block("b4", "b3", 4, T - 1_000, T - 1_000, 109, true)
                // a tenure of burn block 110: three blocks before E, one after
                .block("n5", "b4", 5, T + 1_000, T + 1_000, 110, true)
                .block("n6", "n5", 6, T + 1_000, T + 1_200, 110, true)
                .block("n7", "n6", 7, T + 1_000, T + 1_400, 110, true)
                .block("n8", "n7", 8, T + 1_000, T + 7_300, 110, true)
                .block("n9", "n8", 9, T + 7_400, T + 7_400, 111, true);
        sales.sale("old", "b1", 1, "SPOLD.old::o", leg(BUYER, SELLER, 1_000 * STX))           // burn height 10: outside
                // the window's first burn block; price, royalty and commission from the buyer
                .sale("punksB", "b2", 2, "SPB.punks::punk", leg(BUYER, SELLER, 135 * STX), leg(BUYER, ARTIST, 10 * STX),
                        leg(BUYER, FEES, 5 * STX))
                .sale("forked", "b3f", 3, "SPH.forked::f", false, true, leg(BUYER, SELLER, 2_000 * STX))
                .sale("orphan", "b3", 3, "SPI.orphan::o", true, false, leg(BUYER, SELLER, 3_000 * STX))
                // equal volumes of 100 STX: SPA.apes, SPA.punks, SPC.cats by contract id; SPA.punks loses its name to SPB.punks
                .sale("apes", "b3", 3, "SPA.apes::ape", leg(BUYER, MARKET, 100 * STX), leg(MARKET, SELLER, 100 * STX))
                .sale("punksA", "b4", 4, "SPA.punks::punk", leg(BUYER, SELLER, 100 * STX))
                .sale("cats1", "n5", 5, "SPC.cats::cat", leg(BUYER, SELLER, 60 * STX))
                .sale("cats2", "n6", 6, "SPC.cats::cat", leg(BUYER, MARKET, 40 * STX), leg(MARKET, SELLER, 38 * STX),
                        leg(MARKET, ARTIST, 2 * STX))
                .sale("late", "n8", 8, "SPJ.late::l", leg(BUYER, SELLER, 4_000 * STX))          // same tenure, after E
                .sale("later", "n9", 9, "SPJ.late::l", leg(BUYER, SELLER, 4_000 * STX));
        // an accepted bid paid out of escrow that moves two collections: it counts for its first NFT transfer's (eels)
        chain.nftEvent("bid", "n7", 7, 0, 3, 1, "SPD.dogs::dog", ChainBuilder.uint(500), SELLER, BUYER, true, true)
                .nftEvent("bid", "n7", 7, 0, 1, 1, "SPE.eels::eel", ChainBuilder.uint(501), SELLER, BUYER, true, true);
        sales.stx("bid", "n7", 7, 4, true, true, leg(MARKET, SELLER, 57 * STX), leg(MARKET, FEES, 3 * STX));
        // a mint paid in STX is not a trade
        chain.nftEvent("mint", "n7", 7, 0, 0, 2, "SPF.mints::m", ChainBuilder.uint(502), null, BUYER, true, true);
        sales.stx("mint", "n7", 7, 1, true, true, leg(BUYER, "SPF", 500 * STX));
        // eight small collections of 1..8 STX: only the six largest fit in the ten
        for (int i = 1; i <= 8; i++) {
            sales.sale("small" + i, "n7", 7, "SPS.c0" + i + "::c", leg(BUYER, SELLER, i * STX));
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        chain.close();
    }

    private TaskOutcome run(boolean full) {
        return OneTaskRun.run(task, blobs, warehouse, E, E.plusSeconds(60), full);
    }

    private byte[] bytes() throws Exception {
        return blobs.get(DatasetPaths.NFT_TOP_TRADED_LAST100.latestKey()).orElseThrow();
    }

    private String published() throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theTenCollectionsWithTheLargestVolumeOfTheLast100BurnBlocks() throws Exception {
        TaskOutcome o = run(false);
        assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(o.result().orElseThrow().values()).containsEntry("burn_heights", "11..110").containsEntry("cutoff_height", "7");
        assertThat(published()).isEqualTo("{\"punks\":{\"value\":150,\"contract\":\"SPB\"},"
                + "\"apes\":{\"value\":100,\"contract\":\"SPA\"},"
                + "\"cats\":{\"value\":100,\"contract\":\"SPC\"},"
                + "\"eels\":{\"value\":60,\"contract\":\"SPE\"},"
                + "\"c08\":{\"value\":8,\"contract\":\"SPS\"},\"c07\":{\"value\":7,\"contract\":\"SPS\"},"
                + "\"c06\":{\"value\":6,\"contract\":\"SPS\"},\"c05\":{\"value\":5,\"contract\":\"SPS\"},"
                + "\"c04\":{\"value\":4,\"contract\":\"SPS\"},\"c03\":{\"value\":3,\"contract\":\"SPS\"}}");
    }

    @Test
    void aReRunAndAFullRunChangeNoByte() throws Exception {
        assertThat(run(false).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        byte[] first = bytes();
        // the node moved on: another sale after E changes nothing for E
        chain.block("n10", "n9", 10, T + 7_500, T + 7_500, 112, true);
        sales.sale("newer", "n10", 10, "SPK.newer::n", leg(BUYER, SELLER, 9_000 * STX));
        assertThat(run(false).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(bytes()).isEqualTo(first);
        assertThat(run(true).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(bytes()).isEqualTo(first);
    }

    @Test
    void aMalformedAssetIdentifierOfATradeFailsNamingTheRow() throws Exception {
        // a gift (no STX) with a malformed identifier is not a trade and is never parsed
        chain.nftEvent("gift", "n7", 7, 0, 0, 1, "not-a-contract", ChainBuilder.uint(600), SELLER, BUYER, true, true);
        assertThat(run(false).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        sales.sale("bad", "n6", 6, "SPX.no-asset-name", leg(BUYER, SELLER, 2 * STX));
        TaskOutcome o = run(false);
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.permanent()).isTrue();
        assertThat(o.message()).contains("nft_top_traded_last100").contains("tx 0x" + HexFormat.of().formatHex(ChainBuilder.hash("bad")))
                .contains("in block 6").contains("'SPX.no-asset-name'").contains("<deployer>.<contract-name>::<asset-name>");
    }
}
