package io.stacksdataverse.runners.nft;

import static io.stacksdataverse.runners.nft.NftTestChain.D;
import static io.stacksdataverse.runners.nft.NftTestChain.T_D;
import static io.stacksdataverse.runners.nft.NftTestChain.T_NEXT;
import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.extract.stacks.db.ChainBuilder;
import io.stacksdataverse.runners.TaskOutcome;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nft_top_by_holders} (#27) on a hand-built chain: the owner of each token is the recipient
 * of its latest canonical event up to H_D. Events of a fork, an orphaned microblock and a block
 * above H_D would each change a count; burns leave no owner. Collection "order" has one true
 * owner, and a second one whenever an ordering key (block height, microblock sequence, tx index,
 * event index) is misapplied.
 */
class NftTopByHoldersIT {
    private static final String KEY = "nft/top_by_holders.json.gz";
    private static final String APE = "SP1AAA.apes::ape";
    private static final String ORDER = "SP4DDD.order::o";

    @TempDir
    Path dir;
    private NftTestChain t;

    @BeforeEach
    void setUp() throws Exception {
        t = new NftTestChain(dir);
        // SP1AAA.apes (two assets): owners Bob and Alice.
        t.event("b1", 0, 0, 2, APE, 1, null, "SPALICE");
        t.event("b2", 0, 0, 1, APE, 1, "SPALICE", "SPBOB");
        t.event("b1", 0, 1, 2, APE, 2, null, "SPALICE");
        t.event("b7", 0, 0, 1, APE, 2, "SPALICE", "SPBOB");                   // above H_D: Alice keeps token 2
        t.event("b2", 0, 1, 2, APE, 3, null, "SPCAROL");
        t.event("b3", 0, 0, 3, APE, 3, "SPCAROL", null);                      // burned: Carol holds nothing
        t.event("b2f", 0, 0, 2, APE, 9, null, "SPMALLORY");                   // fork
        t.event("b2", 1, 0, 2, "SP1AAA.apes::banana", 1, null, "SPBOB");     // Bob again, same collection
        t.event("b3", 2, 0, 2, "SP1AAA.apes::banana", 2, null, "SPDAN", false);  // orphaned microblock
        t.event("b7", 1, 0, 2, "SP1AAA.apes::banana", 10, null, "SPZED");    // above H_D
        // SP2BBB.cats: three owners in the three blocks of the tenure; SP9ZZZ.cats: same name, fewer holders.
        t.event("b4", 4, 0, 2, "SP2BBB.cats::cat", 1, null, "SPC1");
        t.event("b5", 4, 0, 2, "SP2BBB.cats::cat", 2, null, "SPC2");
        t.event("b6", 4, 0, 2, "SP2BBB.cats::cat", 3, null, "SPC3");
        t.event("b4", 5, 0, 2, "SP9ZZZ.cats::cat", 1, null, "SPC1");
        // SP5EEE.eagles: a person and an escrow contract, ties with SP1AAA.apes on 2 holders.
        t.event("b4", 6, 0, 2, "SP5EEE.eagles::egg", 1, null, "SP5EEE.market");
        t.event("b4", 6, 1, 2, "SP5EEE.eagles::egg", 2, null, "SPE1");
        // SP6FFF.fish: minted on D−1, burned on D.
        t.event("b2", 3, 0, 2, "SP6FFF.fish::f", 1, null, "SPF1");
        t.event("b4", 7, 0, 3, "SP6FFF.fish::f", 1, "SPF1", null);
        // SP4DDD.order: every token ends with SPX.
        t.event("b4", 0, 0, 2, ORDER, 1, null, "SPY1");                        // event index
        t.event("b4", 0, 1, 1, ORDER, 1, "SPY1", "SPX");
        t.event("b4", 1, 0, 1, ORDER, 2, "SPY2", "SPX");                       // tx index before event index
        t.event("b4", 0, 5, 2, ORDER, 2, null, "SPY2");
        String microblockMint = t.event("b3", 5, 0, 2, ORDER, 3, null, "SPY3");   // microblock sequence before tx index
        microblockSequence(microblockMint, 0);
        t.event("b3", 0, 0, 1, ORDER, 3, "SPY3", "SPX");
        t.event("b4", 3, 0, 2, ORDER, 4, null, "SPY4");                        // block height before the rest
        microblockSequence(t.event("b5", 0, 0, 1, ORDER, 4, "SPY4", "SPX"), 0);
        // Custody keeps the fork's and the orphaned microblock's rows, and rows above H_D.
        t.custodyAsTheApiKeepsIt();
    }

    private void microblockSequence(String tx, int sequence) throws Exception {
        t.chain.exec("UPDATE nft_events SET microblock_sequence = ? WHERE tx_id = ?", sequence, ChainBuilder.hash(tx));
    }

    @AfterEach
    void tearDown() throws Exception {
        t.close();
    }

    private static final String AT_D = "{"
            + "\"cats\":{\"value\":3,\"contract\":\"SP2BBB\"},"
            + "\"apes\":{\"value\":2,\"contract\":\"SP1AAA\"},"
            + "\"eagles\":{\"value\":2,\"contract\":\"SP5EEE\"},"
            + "\"order\":{\"value\":1,\"contract\":\"SP4DDD\"}}";

    @Test
    void countsDistinctOwnersOfTheLatestCanonicalEventsUpToTheCutoff() throws Exception {
        TaskOutcome o = t.succeed(new NftTopByHoldersTask(Optional.of(t.db)), D, true, true);
        assertThat(o.result().orElseThrow().longValue("cutoff_height")).isEqualTo(6);
        assertThat(o.result().orElseThrow().value("source")).contains("nft_events");
        assertThat(t.text(KEY)).isEqualTo(AT_D);
    }

    @Test
    void theLatestRunStartsFromCustodyAndGivesTheBytesOfTheEventsAlone() throws Exception {
        NftTopByHoldersTask task = new NftTopByHoldersTask(Optional.of(t.db));
        t.succeed(task, D, true, true);
        byte[] fromEvents = t.bytes(KEY).orElseThrow();
        TaskOutcome latest = t.succeed(task, D, true, false);
        assertThat(latest.result().orElseThrow().value("source")).contains("nft_custody");
        assertThat(t.bytes(KEY).orElseThrow()).isEqualTo(fromEvents);
        // A custody row left by an orphaned block, older than the token's canonical events, is not trusted either.
        t.chain.exec("UPDATE nft_custody SET recipient = 'SPMALLORY', index_block_hash = ?, block_height = 2"
                + " WHERE asset_identifier = 'SP2BBB.cats::cat' AND value = ?", ChainBuilder.hash("b2f"), ChainBuilder.uint(1));
        t.succeed(task, D, true, false);
        assertThat(t.bytes(KEY).orElseThrow()).isEqualTo(fromEvents);
        assertThat(t.text(KEY)).isEqualTo(AT_D);
    }

    @Test
    void aReRunAfterMoreBlocksAndAFullRunGiveTheSameBytes() throws Exception {
        NftTopByHoldersTask task = new NftTopByHoldersTask(Optional.of(t.db));
        t.succeed(task, D, false);
        byte[] first = t.bytes(KEY).orElseThrow();
        // The tenure goes on after midnight, with a new holder of SP6FFF.fish and a transfer of SP4DDD.order.
        t.chain.block("b9", "b8", 9, T_D + 86_000, T_NEXT + 900, 104, true);
        t.chain.nftEvent("late-1", "b9", 9, 0, 0, 2, "SP6FFF.fish::f", ChainBuilder.uint(5), null, "SPF2", true, true);
        t.chain.nftEvent("late-2", "b9", 9, 1, 0, 1, ORDER, ChainBuilder.uint(1), "SPX", "SPW", true, true);
        t.custodyAsTheApiKeepsIt();
        t.succeed(task, D, false);
        assertThat(t.bytes(KEY).orElseThrow()).isEqualTo(first);
        t.succeed(task, D, true);
        assertThat(t.bytes(KEY).orElseThrow()).as("--full").isEqualTo(first);
    }

    private static final String AT_D_MINUS_1 = "{"
            + "\"apes\":{\"value\":2,\"contract\":\"SP1AAA\"},"
            + "\"order\":{\"value\":1,\"contract\":\"SP4DDD\"},"
            + "\"fish\":{\"value\":1,\"contract\":\"SP6FFF\"}}";

    @Test
    void aRunByHandForAnOlderDateIsAsOfItsOwnCutoffFromCustodyOrEvents() throws Exception {
        NftTopByHoldersTask task = new NftTopByHoldersTask(Optional.of(t.db));
        // H_{D−1} = 3: the fish is not burned yet and nothing of the tenure exists; order and fish tie on 1.
        // Most custody rows lie above that cutoff, so most tokens are recomputed from nft_events.
        TaskOutcome o = t.succeed(task, D.minusDays(1), true, false);
        assertThat(o.result().orElseThrow().longValue("cutoff_height")).isEqualTo(3);
        assertThat(o.result().orElseThrow().value("source")).contains("nft_custody");
        assertThat(t.text(KEY)).isEqualTo(AT_D_MINUS_1);
        t.succeed(task, D.minusDays(1), true, true);
        assertThat(t.text(KEY)).as("--full, from nft_events").isEqualTo(AT_D_MINUS_1);
    }

    @Test
    void itIsUngatedButACatchUpDateDoesNotReplaceTheNewestView() throws Exception {
        NftTopByHoldersTask task = new NftTopByHoldersTask(Optional.of(t.db));
        assertThat(task.latestOnly()).isFalse();
        TaskOutcome catchUp = t.succeed(task, D.minusDays(1), false, false);
        assertThat(catchUp.result().orElseThrow().longValue("cutoff_height")).isEqualTo(3);
        assertThat(catchUp.result().orElseThrow().longValue("ranked")).isEqualTo(3);
        assertThat(catchUp.result().orElseThrow().outputs()).isEmpty();
        assertThat(t.bytes(KEY)).isEmpty();
        t.succeed(task, D, true, false);
        byte[] newest = t.bytes(KEY).orElseThrow();
        t.succeed(task, D.minusDays(1), false, false);
        assertThat(t.bytes(KEY).orElseThrow()).isEqualTo(newest);
        assertThat(t.text(KEY)).isEqualTo(AT_D);
    }

    @Test
    void anAssetIdentifierWithoutADotFailsNamingTheRowAndWritesNothing() throws Exception {
        NftTopByHoldersTask task = new NftTopByHoldersTask(Optional.of(t.db));
        t.succeed(task, D, false);
        byte[] before = t.bytes(KEY).orElseThrow();
        String tx = t.event("b6", 2, 7, 2, "SP9broken::x", 1, null, "SPX");
        t.custodyAsTheApiKeepsIt();
        TaskOutcome failed = t.run(task, D, false);
        assertThat(failed.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(failed.permanent()).isTrue();
        assertThat(failed.message()).contains("nft_top_by_holders", "nft_events row tx 0x"
                + HexFormat.of().formatHex(ChainBuilder.hash(tx)) + " event 7 in block 6", "no '.' in its contract part 'SP9broken'");
        assertThat(t.bytes(KEY).orElseThrow()).as("the previous file stays").isEqualTo(before);
    }
}
