package io.stacksdataverse.extract.stacks.db.stacking;

import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.StacksSchema;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The reads of catalogs #35–36: the PoX payouts per burn block of a range, and the Bitcoin time of
 * burn blocks that have a canonical Stacks block ≤ the cutoff. [PoX-5]
 */
public final class RewardQueries {
    public static final StacksSchema.TableSet TABLES = new StacksSchema.TableSet("stacking rewards", Map.of(
            "burnchain_rewards", List.of("burn_block_height", "reward_amount", "canonical")));

    private final StacksDb db;
    private final String dataset;

    private RewardQueries(StacksDb db, String dataset) {
        this.db = db;
        this.dataset = dataset;
    }

    public static RewardQueries open(StacksDb db, String dataset) throws StacksDatabaseException {
        db.requireTables(dataset, TABLES.and(StacksSchema.CURSOR));
        return new RewardQueries(db, dataset);
    }

    /** Σ canonical {@code reward_amount} (sats, exact) per burn height in [from, to], by height ascending. */
    public NavigableMap<Long, BigInteger> satsPerBurnBlock(long fromBurnHeight, long toBurnHeight) {
        return db.read(dataset, "payouts per burn block", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT burn_block_height, sum(reward_amount) FROM burnchain_rewards"
                    + " WHERE canonical AND burn_block_height BETWEEN ? AND ? GROUP BY burn_block_height ORDER BY burn_block_height")) {
                ps.setLong(1, fromBurnHeight);
                ps.setLong(2, toBurnHeight);
                NavigableMap<Long, BigInteger> out = new TreeMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getLong(1), rs.getBigDecimal(2).toBigIntegerExact());
                    }
                }
                return out;
            }
        });
    }

    /**
     * The {@code burn_block_time} of each of {@code burnHeights} that has a canonical Stacks block
     * ≤ {@code maxHeight}; the others are absent. The blocks of one tenure share it (Nakamoto).
     */
    public NavigableMap<Long, Long> burnBlockTimes(Collection<Long> burnHeights, long maxHeight) {
        return db.read(dataset, "burn block times", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT burn_block_height, min(burn_block_time) FROM blocks"
                    + " WHERE canonical AND block_height <= ? AND burn_block_height = ANY (?) GROUP BY burn_block_height")) {
                ps.setLong(1, maxHeight);
                ps.setArray(2, c.createArrayOf("integer", burnHeights.stream().map(Long::intValue).toArray()));
                NavigableMap<Long, Long> out = new TreeMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getLong(1), rs.getLong(2));
                    }
                }
                return out;
            }
        });
    }
}
