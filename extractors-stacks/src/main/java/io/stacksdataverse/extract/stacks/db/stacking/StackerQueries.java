package io.stacksdataverse.extract.stacks.db.stacking;

import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.StacksSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pox-4 reads of the spot statistics (catalog #30): stackers locked at a burn height, a
 * cycle's reward set totals and threshold, and the PoX payouts of a range of burn blocks. [PoX-5]
 */
public final class StackerQueries {
    public static final StacksSchema.TableSet TABLES = new StacksSchema.TableSet("stacking", Map.of(
            "pox4_events", List.of("stacker", "name", "locked", "burnchain_unlock_height", "lock_amount", "unlock_burn_height",
                    "total_locked", "delegator", "block_height", "microblock_sequence", "tx_index", "event_index", "canonical",
                    "microblock_canonical"),
            "pox_cycles", List.of("cycle_number", "total_stacked_amount", "canonical", "block_height"),
            "pox_sets", List.of("cycle_number", "pox_ustx_threshold", "canonical", "block_height"),
            "burnchain_rewards", List.of("burn_block_height", "reward_amount", "canonical")));

    /** The seven names that change a lock; the others ({@code delegate-stx}, revokes, aggregation calls) do not. */
    public static final List<String> LOCK_CHANGING = List.of("stack-stx", "delegate-stack-stx", "stack-increase",
            "delegate-stack-increase", "stack-extend", "delegate-stack-extend", "handle-unlock");

    private final StacksDb db;
    private final String dataset;

    private StackerQueries(StacksDb db, String dataset) {
        this.db = db;
        this.dataset = dataset;
    }

    public static StackerQueries open(StacksDb db, String dataset) throws StacksDatabaseException {
        db.requireTables(dataset, TABLES.and(StacksSchema.CURSOR));
        return new StackerQueries(db, dataset);
    }

    /**
     * The lock after a pox-4 event, by name (the base columns hold the state before the call):
     * amount and unlock height; {@code handle-unlock} leaves none.
     */
    static final String LOCK_AFTER = """
            SELECT DISTINCT ON (stacker) stacker, name, delegator,
                   CASE name WHEN 'stack-stx' THEN lock_amount WHEN 'delegate-stack-stx' THEN lock_amount
                             WHEN 'stack-increase' THEN total_locked WHEN 'delegate-stack-increase' THEN total_locked
                             WHEN 'stack-extend' THEN locked WHEN 'delegate-stack-extend' THEN locked
                             ELSE 0 END AS amount,
                   CASE name WHEN 'stack-increase' THEN burnchain_unlock_height::numeric
                             WHEN 'delegate-stack-increase' THEN burnchain_unlock_height::numeric
                             WHEN 'handle-unlock' THEN 0
                             ELSE unlock_burn_height END AS unlock_height
            FROM pox4_events
            WHERE canonical AND microblock_canonical AND block_height <= ? AND name = ANY (?)
            ORDER BY stacker, block_height DESC, microblock_sequence DESC, tx_index DESC, event_index DESC""";

    /** Stackers whose lock after their latest lock-changing event in blocks ≤ H has an amount and ends after burn height h. */
    public long lockedStackers(long maxHeight, long burnHeight) {
        return db.read(dataset, "stackers locked", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (" + LOCK_AFTER + ") l"
                    + " WHERE l.amount > 0 AND l.unlock_height > ?")) {
                ps.setLong(1, maxHeight);
                ps.setArray(2, c.createArrayOf("text", LOCK_CHANGING.toArray()));
                ps.setLong(3, burnHeight);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** {@code pox_cycles.total_stacked_amount} (µSTX) of the canonical row of {@code cycle} stored in a block ≤ H. */
    public Optional<BigInteger> cycleTotalStacked(long cycle, long maxHeight) {
        return decimal("SELECT total_stacked_amount FROM pox_cycles WHERE canonical AND cycle_number = ? AND block_height <= ?"
                + " ORDER BY block_height DESC LIMIT 1", cycle, maxHeight);
    }

    /** {@code pox_sets.pox_ustx_threshold} (µSTX) of any canonical row of {@code cycle} stored in a block ≤ H. */
    public Optional<BigInteger> cycleThreshold(long cycle, long maxHeight) {
        return decimal("SELECT pox_ustx_threshold FROM pox_sets WHERE canonical AND cycle_number = ? AND block_height <= ?"
                + " ORDER BY block_height DESC LIMIT 1", cycle, maxHeight);
    }

    /** Σ canonical {@code burnchain_rewards.reward_amount} (sats) of burn heights in [from, to]; empty when there is no row. */
    public Optional<BigInteger> rewardSats(long fromBurnHeight, long toBurnHeight) {
        return decimal("SELECT sum(reward_amount) FROM burnchain_rewards WHERE canonical AND burn_block_height BETWEEN ? AND ?",
                fromBurnHeight, toBurnHeight);
    }

    private Optional<BigInteger> decimal(String sql, long a, long b) {
        return db.read(dataset, "stacking figures", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, a);
                ps.setLong(2, b);
                try (ResultSet rs = ps.executeQuery()) {
                    BigDecimal v = rs.next() ? rs.getBigDecimal(1) : null;
                    return v == null ? Optional.<BigInteger>empty() : Optional.of(v.toBigIntegerExact());
                }
            }
        });
    }
}
