package io.stacksdataverse.runners.nft;

import static io.stacksdataverse.runners.nft.NftTestChain.D;
import static io.stacksdataverse.runners.nft.NftTestChain.T_D;
import static io.stacksdataverse.runners.nft.NftTestChain.T_NEXT;
import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.runners.TaskOutcome;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nft_fastest_growing} (#26) on a hand-built chain: mints of D−1 and D per collection, with
 * mints of a fork, an orphaned microblock, the day before D−1, a block above H_D and the next day
 * left out; equal growth from different ratios; a contract name shared by two deployers.
 */
class NftFastestGrowingIT {
    private static final String KEY = "nft/fastest_growing.json.gz";

    @TempDir
    Path dir;
    private NftTestChain t;

    @BeforeEach
    void setUp() throws Exception {
        t = new NftTestChain(dir);
        // SP3CCC.apes: 1 → 3, +200 %.
        t.mints("b2", "SP3CCC.apes::ape", 1);
        t.mints("b4", "SP3CCC.apes::ape", 1);
        t.mints("b5", "SP3CCC.apes::ape", 1);
        t.mints("b6", "SP3CCC.apes::ape", 1);
        // SP1AAA.apes: 2 → 4, +100 %; its name is already ranked higher (SP3CCC), so it is dropped.
        t.mints("b2", "SP1AAA.apes::ape", 1);
        t.mints("b3", "SP1AAA.apes::ape", 1);
        t.mints("b4", "SP1AAA.apes::ape", 2);
        t.mints("b5", "SP1AAA.apes::ape", 2);
        // SP5EEE.eagles, two assets counted together: 2 → 4, +100 %, 4 mints on D.
        t.mints("b2", "SP5EEE.eagles::egg", 1);
        t.mints("b3", "SP5EEE.eagles::feather", 1);
        t.mints("b4", "SP5EEE.eagles::egg", 2);
        t.mints("b6", "SP5EEE.eagles::feather", 2);
        // SP1AAA.bears: 1 → 2 (+100 %, 2 on D); its mint of D−2 does not count.
        t.mints("b1", "SP1AAA.bears::bear", 1);
        t.mints("b3", "SP1AAA.bears::bear", 1);
        t.mints("b6", "SP1AAA.bears::bear", 2);
        // SP2BBB.cats: 1 → 2, the same growth and D count as bears: contract id decides.
        t.mints("b2", "SP2BBB.cats::cat", 1);
        t.mints("b4", "SP2BBB.cats::cat", 2);
        // SP8HHH.late: 1 → 1 (0 %); the fork, an orphaned microblock and the block above H_D add nothing.
        t.mints("b2", "SP8HHH.late::l", 1);
        t.mints("b2f", "SP8HHH.late::l", 1);
        t.event("b3", 1, 0, 2, "SP8HHH.late::l", 77, null, "SPX", false);
        t.mints("b5", "SP8HHH.late::l", 1);
        t.mints("b7", "SP8HHH.late::l", 10);
        // SP6FFF.fish: 3 → 0 mints, −100 %; its transfers on D and mints of D+1 are not mints of D.
        t.mints("b2", "SP6FFF.fish::f", 3);
        t.event("b4", 0, 1, 1, "SP6FFF.fish::f", 1, "SPMINTER", "SPY");
        t.mints("b8", "SP6FFF.fish::f", 4);
        // SP7GGG.new: nothing on D−1, so no growth.
        t.mints("b4", "SP7GGG.new::n", 5);
    }

    @AfterEach
    void tearDown() throws Exception {
        t.close();
    }

    @Test
    void ranksGrowthOfCanonicalMintsUpToTheCutoffWithTiesAndUniqueNames() throws Exception {
        TaskOutcome o = t.succeed(new NftFastestGrowingTask(Optional.of(t.db), 1), D, false);
        assertThat(o.result().orElseThrow().longValue("cutoff_height")).isEqualTo(6);
        assertThat(t.text(KEY)).isEqualTo("{"
                + "\"apes\":{\"value\":200.0,\"contract\":\"SP3CCC\"},"
                + "\"eagles\":{\"value\":100.0,\"contract\":\"SP5EEE\"},"
                + "\"bears\":{\"value\":100.0,\"contract\":\"SP1AAA\"},"
                + "\"cats\":{\"value\":100.0,\"contract\":\"SP2BBB\"},"
                + "\"late\":{\"value\":0.0,\"contract\":\"SP8HHH\"},"
                + "\"fish\":{\"value\":-100.0,\"contract\":\"SP6FFF\"}}");
    }

    @Test
    void theMinimumOfPreviousMintsIsASetting() throws Exception {
        t.succeed(new NftFastestGrowingTask(Optional.of(t.db), 2), D, false);
        // Only collections with at least 2 mints on D−1; SP1AAA.apes and SP5EEE.eagles tie on growth and D's mints.
        assertThat(t.text(KEY)).isEqualTo("{"
                + "\"apes\":{\"value\":100.0,\"contract\":\"SP1AAA\"},"
                + "\"eagles\":{\"value\":100.0,\"contract\":\"SP5EEE\"},"
                + "\"fish\":{\"value\":-100.0,\"contract\":\"SP6FFF\"}}");
    }

    @Test
    void aReRunAfterMoreBlocksOfTheTenureAndAFullRunGiveTheSameBytes() throws Exception {
        NftFastestGrowingTask task = new NftFastestGrowingTask(Optional.of(t.db), 1);
        t.succeed(task, D, false);
        byte[] first = t.bytes(KEY).orElseThrow();
        // The tenure goes on after midnight: a block of D's Bitcoin time, its own time after t(D+1), with mints.
        t.chain.block("b9", "b8", 9, T_D + 86_000, T_NEXT + 900, 104, true);
        t.chain.nftEvent("late-tx", "b9", 9, 0, 0, 2, "SP2BBB.cats::cat", io.stacksdataverse.extract.stacks.db.ChainBuilder.uint(9),
                null, "SPZ", true, true);
        t.succeed(task, D, false);
        assertThat(t.bytes(KEY).orElseThrow()).isEqualTo(first);
        t.succeed(task, D, true);
        assertThat(t.bytes(KEY).orElseThrow()).as("--full").isEqualTo(first);
    }

    @Test
    void anAssetIdentifierWithoutItsPartsFailsNamingTheRowAndWritesNothing() throws Exception {
        NftFastestGrowingTask task = new NftFastestGrowingTask(Optional.of(t.db), 1);
        t.succeed(task, D, false);
        byte[] before = t.bytes(KEY).orElseThrow();
        String tx = t.event("b5", 3, 4, 2, "SP9.broken", 5, null, "SPX");
        TaskOutcome failed = t.run(task, D, false);
        assertThat(failed.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(failed.permanent()).isTrue();
        assertThat(failed.message()).contains("nft_fastest_growing", "nft_events row tx 0x"
                + HexFormat.of().formatHex(io.stacksdataverse.extract.stacks.db.ChainBuilder.hash(tx)) + " event 4 in block 5",
                "'SP9.broken' has no '::'");
        assertThat(t.bytes(KEY).orElseThrow()).as("the previous file stays").isEqualTo(before);
    }

    @Test
    void itIsLatestOnly() {
        assertThat(new NftFastestGrowingTask(Optional.of(t.db), 1).latestOnly()).isTrue();
    }
}
