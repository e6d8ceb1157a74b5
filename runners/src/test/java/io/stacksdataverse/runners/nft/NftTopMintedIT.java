package io.stacksdataverse.runners.nft;

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
 * Catalog #40 on a hand-built chain whose H(E) is block 6 at burn height 300, so the window is burn
 * heights 201–300. Outside it or not canonical: block 1 (burn height 200), a fork of height 2, an
 * orphaned microblock's mints, block 7 (stamped after E). Inside: transfers and burns (not mints), a
 * Nakamoto tenure of three blocks at burn height 250, and ties: SPA.punks, SPC.apes (two assets) and
 * SPB.punks have 5 mints each, and nine collections of SPD one each.
 */
class NftTopMintedIT {
    private static final long T = UtcDays.t(LocalDate.of(2024, 6, 1));
    private static final Instant E = Instant.ofEpochSecond(T + 7200);

    @TempDir
    Path dir;
    private ChainBuilder chain;
    private LocalBlobStore blobs;
    private PostgresWarehouse warehouse;
    private NftTopMintedTask task;
    private int token;

    @BeforeEach
    void setUp() throws Exception {
        chain = ChainBuilder.create(TestPostgres.newDatabase());
        blobs = new LocalBlobStore(dir, false);
        warehouse = TestPostgres.newWarehouse();
        task = new NftTopMintedTask(Optional.of(new StacksDb(chain.dataSource(), "test chain")));
        chain.block("o1", "genesis", 1, T + 100, T + 100, 200, true);
        mints("mo1", "o1", 1, "SPE.old::x", 10, true, true);
        chain.block("w2", "o1", 2, T + 200, T + 200, 201, true);
        mints("mw2", "w2", 2, "SPA.punks::punk", 3, true, true);
        chain.nftEvent("tw2", "w2", 2, 1, 0, 1, "SPE.traded::t", ChainBuilder.uint(1), "SP1", "SP2", true, true)
                .nftEvent("tw2", "w2", 2, 1, 1, 1, "SPE.traded::t", ChainBuilder.uint(2), "SP1", "SP2", true, true)
                .nftEvent("uw2", "w2", 2, 2, 0, 3, "SPE.burnt::b", ChainBuilder.uint(1), "SP1", null, true, true)
                .block("w2f", "o1", 2, T + 250, T + 250, 201, false);
        mints("mw2f", "w2f", 2, "SPE.fork::f", 10, false, true);
        // The tenure of burn block 250: three blocks, one Bitcoin time.
        chain.block("n3", "w2", 3, T + 1000, T + 1000, 250, true)
                .block("n4", "n3", 4, T + 1000, T + 1005, 250, true)
                .block("n5", "n4", 5, T + 1000, T + 1010, 250, true);
        mints("mn3", "n3", 3, "SPA.punks::punk", 2, true, true);
        mints("mn4", "n4", 4, "SPB.punks::punk", 5, true, true);
        mints("mn5a", "n5", 5, "SPC.apes::ape", 3, true, true);
        mints("mn5b", "n5", 5, "SPC.apes::banana", 2, true, true);
        mints("mn5m", "n5", 5, "SPE.micro::m", 10, true, false);                  // an orphaned microblock
        chain.block("w6", "n5", 6, T + 2000, T + 2000, 300, true);
        for (int i = 1; i <= 9; i++) {
            mints("mw6-" + i, "w6", 6, "SPD.col0" + i + "::c", 1, true, true);
        }
        chain.block("l7", "w6", 7, E.getEpochSecond() + 50, E.getEpochSecond() + 50, 301, true);
        mints("ml7", "l7", 7, "SPE.late::l", 10, true, true);
        chain.tip(7);
    }

    @AfterEach
    void tearDown() throws Exception {
        chain.close();
    }

    private void mints(String tx, String block, int height, String asset, int n, boolean canonical, boolean microblockCanonical)
            throws Exception {
        for (int i = 0; i < n; i++) {
            chain.nftEvent(tx, block, height, 0, i, 2, asset, ChainBuilder.uint(++token), null, "SP1", canonical, microblockCanonical);
        }
    }

    private TaskOutcome run(boolean full) {
        return OneTaskRun.run(task, blobs, warehouse, E, E.plusSeconds(120), full);
    }

    private String published() throws Exception {
        byte[] gz = blobs.get(DatasetPaths.NFT_TOP_MINTED_LAST100.latestKey()).orElseThrow();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String entry(String name, int value, String deployer) {
        return "\"" + name + "\":{\"value\":" + value + ",\"contract\":\"" + deployer + "\"}";
    }

    // SPA.punks (3 + 2) and SPC.apes (3 + 2) tie and go by contract id; SPB.punks ties too but its name is
    // taken, so col08 moves up into the ten and col09 stays out.
    @Test
    void ranksTheWindowsMintsPerContractWithUniqueNames() throws Exception {
        TaskOutcome o = run(false);
        assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        StringBuilder expected = new StringBuilder("{" + entry("punks", 5, "SPA") + "," + entry("apes", 5, "SPC"));
        for (int i = 1; i <= 8; i++) {
            expected.append(",").append(entry("col0" + i, 1, "SPD"));
        }
        assertThat(published()).isEqualTo(expected.append("}").toString());
        assertThat(o.result().orElseThrow().value("from_burn_height")).contains("201");
        assertThat(o.result().orElseThrow().value("to_burn_height")).contains("300");

        byte[] first = blobs.get(DatasetPaths.NFT_TOP_MINTED_LAST100.latestKey()).orElseThrow();
        assertThat(run(false).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(blobs.get(DatasetPaths.NFT_TOP_MINTED_LAST100.latestKey()).orElseThrow()).as("a re-run").isEqualTo(first);
        assertThat(run(true).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(blobs.get(DatasetPaths.NFT_TOP_MINTED_LAST100.latestKey()).orElseThrow()).as("--full").isEqualTo(first);
    }

    @Test
    void aMalformedIdentifierOutsideTheWindowIsNotReadButOneInsideFailsNamingItsRow() throws Exception {
        mints("bad-old", "o1", 1, "SPX-no-separator", 1, true, true);
        assertThat(run(false).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);

        mints("bad", "w6", 6, "SPX-no-separator", 1, true, true);
        TaskOutcome o = run(false);
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.message()).contains("nft_top_minted_last100").contains("'SPX-no-separator'").contains("no '::'")
                .contains("tx 0x" + HexFormat.of().formatHex(ChainBuilder.hash("bad"))).contains("in block 6");
        assertThat(o.permanent()).isTrue();
    }

    @Test
    void anIdentifierWithoutADotFailsToo() throws Exception {
        mints("nodot", "n4", 4, "SPXnodot::asset", 1, true, true);
        TaskOutcome o = run(false);
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.message()).contains("nft_top_minted_last100").contains("'SPXnodot::asset'").contains("no '.'")
                .contains("in block 4");
    }

    @Test
    void anEventOfAnUnknownTypeInTheWindowFailsNamingTheRow() throws Exception {
        chain.nftEvent("odd", "n5", 5, 4, 2, 7, "SPA.punks::punk", ChainBuilder.uint(900), "SP1", "SP2", true, true);
        TaskOutcome o = run(false);
        assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(o.message()).contains("nft_top_minted_last100").contains("tx 0x" + HexFormat.of().formatHex(ChainBuilder.hash("odd")))
                .contains("event 2 in block 5").contains("asset_event_type_id 7");
        assertThat(o.permanent()).isTrue();
    }
}
