package io.stacksdataverse.extract.stacks.db.stacking;

import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.StacksSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The tip blocks of catalog #8's read-only backfill: for each burn height b of a range that has a
 * canonical Stacks block ≤ the cutoff, the highest canonical Stacks block ≤ the cutoff whose
 * {@code burn_block_height} ≤ b, and its {@code burn_block_time} (the point's key).
 */
public final class StackedTipQueries {
    /** The tip chosen for burn height {@code burnBlockHeight}. */
    public record Tip(long burnBlockHeight, long blockHeight, byte[] indexBlockHash, long burnBlockTime) {
    }

    private final StacksDb db;
    private final String dataset;

    private StackedTipQueries(StacksDb db, String dataset) {
        this.db = db;
        this.dataset = dataset;
    }

    /** The queries, after checking that the database has the blocks ({@link StacksSchema#CURSOR}). */
    public static StackedTipQueries open(StacksDb db, String dataset) throws StacksDatabaseException {
        db.requireTables(dataset, StacksSchema.CURSOR);
        return new StackedTipQueries(db, dataset);
    }

    // A canonical block's burn height is never below its parent's, so the highest canonical block with
    // burn height <= b, for a b that has a canonical block, is the highest one at b itself: one ordered
    // pass over the range's blocks (burn height index) instead of a search below each b.
    private static final String TIPS_SQL = """
            SELECT DISTINCT ON (burn_block_height) burn_block_height, block_height, index_block_hash, burn_block_time
            FROM blocks
            WHERE canonical AND block_height <= ? AND burn_block_height BETWEEN ? AND ?
            ORDER BY burn_block_height, block_height DESC""";

    /** The tips of the burn heights in {@code [fromBurn, toBurn]} under cutoff height {@code maxHeight}, by burn height. */
    public NavigableMap<Long, Tip> tipsByBurnHeight(long fromBurn, long toBurn, long maxHeight) {
        return db.read(dataset, "tip blocks of burn heights " + fromBurn + ".." + toBurn, c -> {
            NavigableMap<Long, Tip> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(TIPS_SQL)) {
                ps.setInt(1, Math.toIntExact(maxHeight));
                ps.setInt(2, (int) Math.max(0, Math.min(Integer.MAX_VALUE, fromBurn)));
                ps.setInt(3, (int) Math.max(0, Math.min(Integer.MAX_VALUE, toBurn)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getLong(1), new Tip(rs.getLong(1), rs.getLong(2), rs.getBytes(3), rs.getLong(4)));
                    }
                }
            }
            return out;
        });
    }
}
