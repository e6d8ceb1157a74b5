package io.stacksdataverse.runners.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.extract.stacks.db.ChainBuilder;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.raw.BlobRawStore;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.runners.LocalRunner;
import io.stacksdataverse.runners.TaskGraph;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.transform.UtcDays;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The blocks the NFT dataset tests put their events in, around D = 2024-06-01:
 * <ul>
 *   <li>b1 (height 1) on D−2; b2 and b3 (heights 2, 3) on D−1; b2f, a fork at height 2 on D−1;</li>
 *   <li>b4, b5, b6 (heights 4–6): one Nakamoto tenure on D, sharing burn height 103 and its Bitcoin time;</li>
 *   <li>b7 (height 7): Bitcoin time on D but its own time after midnight, so above H_D = 6;</li>
 *   <li>b8 (height 8) on D+1.</li>
 * </ul>
 * Transaction names are made unique per event, so each event names its own transaction.
 */
final class NftTestChain implements AutoCloseable {
    static final LocalDate D = LocalDate.of(2024, 6, 1);
    static final long T_PREV2 = UtcDays.t(D.minusDays(2));
    static final long T_PREV = UtcDays.t(D.minusDays(1));
    static final long T_D = UtcDays.t(D);
    static final long T_NEXT = UtcDays.t(D.plusDays(1));
    static final Map<String, Integer> HEIGHTS = Map.of("b1", 1, "b2", 2, "b2f", 2, "b3", 3, "b4", 4, "b5", 5, "b6", 6, "b7", 7,
            "b8", 8);

    final ChainBuilder chain;
    final StacksDb db;
    final LocalBlobStore blobs;
    final PostgresWarehouse warehouse;
    private int txCounter;

    NftTestChain(Path dir) throws Exception {
        chain = ChainBuilder.create(TestPostgres.newDatabase());
        db = new StacksDb(chain.dataSource(), "test chain");
        blobs = new LocalBlobStore(dir, false);
        warehouse = TestPostgres.newWarehouse();
        chain.block("b1", "genesis", 1, T_PREV2 + 600, T_PREV2 + 600, 100, true)
                .block("b2", "b1", 2, T_PREV + 100, T_PREV + 100, 101, true)
                .block("b2f", "b1", 2, T_PREV + 200, T_PREV + 200, 101, false)
                .block("b3", "b2", 3, T_PREV + 5000, T_PREV + 5000, 102, true)
                .block("b4", "b3", 4, T_D + 600, T_D + 600, 103, true)
                .block("b5", "b4", 5, T_D + 600, T_D + 605, 103, true)
                .block("b6", "b5", 6, T_D + 600, T_D + 610, 103, true)
                .block("b7", "b6", 7, T_D + 86_000, T_NEXT + 30, 104, true)
                .block("b8", "b7", 8, T_NEXT + 500, T_NEXT + 500, 105, true)
                .tip(8);
    }

    /** A canonical event of the block, anchored (not in a microblock); returns its transaction's name. */
    String event(String block, int txIndex, int eventIndex, int type, String asset, long token, String sender, String recipient)
            throws Exception {
        return event(block, txIndex, eventIndex, type, asset, token, sender, recipient, true);
    }

    /** An event; {@code microblockCanonical = false} puts it in an orphaned microblock. The fork's events are never canonical. */
    String event(String block, int txIndex, int eventIndex, int type, String asset, long token, String sender, String recipient,
                 boolean microblockCanonical) throws Exception {
        String tx = "nft-tx-" + (++txCounter);
        chain.nftEvent(tx, block, HEIGHTS.get(block), txIndex, eventIndex, type, asset, ChainBuilder.uint(token), sender, recipient,
                !block.equals("b2f"), microblockCanonical);
        if (!microblockCanonical) {
            // An event of a microblock carries the microblock's sequence; an anchored one the API's maximum.
            chain.exec("UPDATE nft_events SET microblock_sequence = 0 WHERE tx_id = ?", ChainBuilder.hash(tx));
        }
        return tx;
    }

    /** Canonical mints of {@code count} new tokens of {@code asset} in {@code block}. */
    void mints(String block, String asset, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            long token = 1_000 + txCounter;
            event(block, 0, 0, 2, asset, token, null, "SPMINTER");
        }
    }

    /**
     * Replaces {@code nft_custody} with what the API keeps: per token, its latest event by block height,
     * microblock sequence, tx index and event index, of any block, orphaned or not.
     */
    void custodyAsTheApiKeepsIt() throws Exception {
        chain.exec("DELETE FROM nft_custody");
        chain.exec("""
                INSERT INTO nft_custody (asset_identifier, value, recipient, block_height, index_block_hash, parent_index_block_hash,
                                         microblock_hash, microblock_sequence, tx_id, tx_index, event_index)
                SELECT DISTINCT ON (asset_identifier, value) asset_identifier, value, recipient, block_height, index_block_hash,
                       parent_index_block_hash, microblock_hash, microblock_sequence, tx_id, tx_index, event_index
                FROM nft_events
                ORDER BY asset_identifier, value, block_height DESC, microblock_sequence DESC, tx_index DESC, event_index DESC""");
    }

    TaskOutcome run(Task task, LocalDate date, boolean full) {
        return run(task, date, true, full);
    }

    /** A run as the newest ({@code latest}) or as a catch-up date. */
    TaskOutcome run(Task task, LocalDate date, boolean latest, boolean full) {
        LocalRunner runner = LocalRunner.builder(new TaskGraph(List.of(task))).blobs(blobs).raw(new BlobRawStore(blobs))
                .warehouse(warehouse).clock(Clock.fixed(Instant.parse("2024-06-05T00:00:00Z"), ZoneOffset.UTC)).build();
        return runner.run(List.of(task.id()), date, latest, full, Map.of()).get(task.id());
    }

    TaskOutcome succeed(Task task, LocalDate date, boolean full) {
        return succeed(task, date, true, full);
    }

    TaskOutcome succeed(Task task, LocalDate date, boolean latest, boolean full) {
        TaskOutcome o = run(task, date, latest, full);
        assertThat(o.status()).as(o.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        return o;
    }

    Optional<byte[]> bytes(String key) throws Exception {
        return blobs.get(key);
    }

    String text(String key) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(blobs.get(key).orElseThrow()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws Exception {
        chain.close();
    }
}
