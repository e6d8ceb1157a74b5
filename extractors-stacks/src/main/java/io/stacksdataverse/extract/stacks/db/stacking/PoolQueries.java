package io.stacksdataverse.extract.stacks.db.stacking;

import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseStateException;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.StacksSchema;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The pox-4 reads of catalogs #24–25: the stacking pools as of a cutoff, from each stacker's latest
 * lock-changing event (the lock after it, {@link StackerQueries#LOCK_AFTER}). [PoX-5]
 */
public final class PoolQueries {
    /** The calls pox-4 synthesizes events for that change no lock: skipped by the rule. */
    public static final List<String> LOCK_KEEPING = List.of("delegate-stx", "revoke-delegate-stx", "stack-aggregation-commit",
            "stack-aggregation-commit-indexed", "stack-aggregation-increase");

    /** A pool: its delegator principal, the µSTX its members have locked after their latest event, and their number. */
    public record Pool(String delegator, BigInteger lockedUstx, long members) {
    }

    private final StacksDb db;
    private final String dataset;

    private PoolQueries(StacksDb db, String dataset) {
        this.db = db;
        this.dataset = dataset;
    }

    public static PoolQueries open(StacksDb db, String dataset) throws StacksDatabaseException {
        db.requireTables(dataset, StackerQueries.TABLES.and(StacksSchema.CURSOR));
        return new PoolQueries(db, dataset);
    }

    /**
     * The pools as of H (blocks ≤ {@code maxHeight}): the stackers whose latest lock-changing event is
     * a {@code delegate-stack-*} call with a delegator and whose lock after it ends above burn height
     * h, grouped by delegator; by locked amount descending, then delegator ascending (bytewise).
     */
    public List<Pool> pools(long maxHeight, long burnHeight) {
        return db.read(dataset, "pools", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT delegator, sum(amount), count(*) FROM (" + StackerQueries.LOCK_AFTER
                    + ") l WHERE name LIKE 'delegate-stack-%' AND delegator IS NOT NULL AND unlock_height > ?"
                    + " GROUP BY delegator ORDER BY sum(amount) DESC, delegator COLLATE \"C\"")) {
                ps.setLong(1, maxHeight);
                ps.setArray(2, c.createArrayOf("text", StackerQueries.LOCK_CHANGING.toArray()));
                ps.setLong(3, burnHeight);
                List<Pool> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Pool(rs.getString(1), rs.getBigDecimal(2).toBigIntegerExact(), rs.getLong(3)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Fails on a canonical pox-4 event in blocks ≤ H whose name the rule does not know: it may change
     * a lock in a way the pools would silently miss.
     */
    public void requireKnownEventNames(long maxHeight) throws StacksDatabaseStateException {
        String unknown = db.read(dataset, "pox-4 event names", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, tx_id, block_height, event_index FROM pox4_events"
                    + " WHERE canonical AND microblock_canonical AND block_height <= ? AND name <> ALL (?)"
                    + " ORDER BY block_height, microblock_sequence, tx_index, event_index LIMIT 1")) {
                ps.setLong(1, maxHeight);
                ps.setArray(2, c.createArrayOf("text", Stream.concat(StackerQueries.LOCK_CHANGING.stream(), LOCK_KEEPING.stream())
                        .toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? "'" + rs.getString(1) + "' (tx 0x" + HexFormat.of().formatHex(rs.getBytes(2)) + ", block "
                            + rs.getLong(3) + ", event " + rs.getLong(4) + ")" : null;
                }
            }
        });
        if (unknown != null) {
            throw new StacksDatabaseStateException(dataset + ": pox4_events has an event named " + unknown
                    + " that the pool rule does not know; it may change a lock, so no pools are published");
        }
    }
}
