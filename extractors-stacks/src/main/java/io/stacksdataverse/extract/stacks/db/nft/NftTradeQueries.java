package io.stacksdataverse.extract.stacks.db.nft;

import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.StacksSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The reads of the NFT trade datasets (catalogs #37–39): the candidate trades of a range of blocks,
 * i.e. the canonical transactions holding a canonical NFT transfer, each with its first NFT transfer
 * and its canonical STX transfers, in one set-based query. The volume rule itself is applied by the
 * transformers; a transaction without an STX transfer is not returned.
 */
public final class NftTradeQueries {
    /** What the trade reads need besides the cursor's blocks. */
    public static final StacksSchema.TableSet TABLES = new StacksSchema.TableSet("nft trades", Map.of(
            "nft_events", List.of("event_index", "tx_id", "index_block_hash", "canonical", "microblock_canonical",
                    "asset_event_type_id", "asset_identifier"),
            "stx_events", List.of("event_index", "tx_id", "index_block_hash", "canonical", "microblock_canonical",
                    "asset_event_type_id", "amount", "sender", "recipient")));

    /** One canonical STX transfer (type 1) of a candidate trade. */
    public record StxTransfer(int eventIndex, String sender, String recipient, long amount) {
    }

    /**
     * A canonical transaction with an NFT transfer and at least one STX transfer, in its canonical
     * block; {@code nftEventIndex} and {@code assetIdentifier} are those of its NFT transfer with the
     * lowest {@code event_index}; {@code stx} is ordered by {@code event_index}.
     */
    public record Candidate(byte[] txId, byte[] indexBlockHash, long blockHeight, long burnBlockHeight, long burnBlockTime,
                            int nftEventIndex, String assetIdentifier, List<StxTransfer> stx) {
    }

    // The block filter ({0}) picks the blocks; the rest is the same for every window. Events join their
    // block on index_block_hash and carry the canonical filter (C) on both flags.
    private static final String CANDIDATES_SQL = """
            WITH nft AS (
                SELECT DISTINCT ON (n.tx_id, n.index_block_hash) n.tx_id, n.index_block_hash, n.event_index, n.asset_identifier,
                       b.block_height, b.burn_block_height, b.burn_block_time
                FROM blocks b JOIN nft_events n ON n.index_block_hash = b.index_block_hash
                WHERE b.canonical AND %s
                  AND n.canonical AND n.microblock_canonical AND n.asset_event_type_id = 1
                ORDER BY n.tx_id, n.index_block_hash, n.event_index, n.asset_identifier
            )
            SELECT nft.tx_id, nft.index_block_hash, nft.block_height, nft.burn_block_height, nft.burn_block_time, nft.event_index,
                   nft.asset_identifier, s.event_index, s.sender, s.recipient, s.amount
            FROM nft JOIN stx_events s ON s.tx_id = nft.tx_id AND s.index_block_hash = nft.index_block_hash
            WHERE s.canonical AND s.microblock_canonical AND s.asset_event_type_id = 1
            ORDER BY nft.block_height, nft.tx_id, nft.index_block_hash, s.event_index""";

    /** The candidates statement for a condition on the blocks {@code b} (whose parameters the caller binds); the benchmark's floors run it too. */
    public static String candidatesSql(String blockFilter) {
        return CANDIDATES_SQL.formatted(blockFilter);
    }

    private final StacksDb db;
    private final String dataset;

    private NftTradeQueries(StacksDb db, String dataset) {
        this.db = db;
        this.dataset = dataset;
    }

    /** The queries, after checking that the database has the tables they read. */
    public static NftTradeQueries open(StacksDb db, String dataset) throws StacksDatabaseException {
        db.requireTables(dataset, TABLES.and(StacksSchema.CURSOR));
        return new NftTradeQueries(db, dataset);
    }

    /** The candidates in canonical blocks with heights in ({@code aboveHeight}, {@code maxHeight}], by height. */
    public List<Candidate> candidatesByHeight(long aboveHeight, long maxHeight) {
        if (maxHeight <= aboveHeight) {
            return List.of();
        }
        return read("candidate trades in blocks " + (aboveHeight + 1) + ".." + maxHeight,
                "b.block_height > ? AND b.block_height <= ?", aboveHeight, maxHeight);
    }

    /**
     * The candidates in canonical blocks ≤ {@code maxHeight} whose {@code burn_block_height} lies in
     * [{@code fromBurnHeight}, {@code toBurnHeight}] (a "last 100" window), by height.
     */
    public List<Candidate> candidatesByBurnHeight(long fromBurnHeight, long toBurnHeight, long maxHeight) {
        return read("candidate trades at burn heights " + fromBurnHeight + ".." + toBurnHeight,
                "b.block_height <= ? AND b.burn_block_height BETWEEN ? AND ?", maxHeight, fromBurnHeight, toBurnHeight);
    }

    private List<Candidate> read(String what, String blockFilter, long... bounds) {
        return db.read(dataset, what, c -> {
            List<Candidate> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(candidatesSql(blockFilter))) {
                for (int i = 0; i < bounds.length; i++) {
                    ps.setInt(i + 1, Math.toIntExact(bounds[i]));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    Candidate current = null;
                    while (rs.next()) {
                        byte[] tx = rs.getBytes(1);
                        byte[] block = rs.getBytes(2);
                        if (current == null || !Arrays.equals(current.txId(), tx) || !Arrays.equals(current.indexBlockHash(), block)) {
                            current = new Candidate(tx, block, rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getInt(6),
                                    rs.getString(7), new ArrayList<>());
                            out.add(current);
                        }
                        current.stx().add(new StxTransfer(rs.getInt(8), rs.getString(9), rs.getString(10), rs.getLong(11)));
                    }
                }
            }
            return out;
        });
    }
}
