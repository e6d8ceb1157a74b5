package io.stacksdataverse.extract.stacks.db.supply;

import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.DayReads;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.StacksSchema;
import java.util.List;
import java.util.Map;

/** The supply family's read (catalogs #14–15): the change of the total STX supply per UTC day. */
public final class SupplyQueries {
    /** What the supply family reads besides the cursor's blocks. */
    public static final StacksSchema.TableSet TABLES = new StacksSchema.TableSet("supply", Map.of(
            "stx_events", List.of("index_block_hash", "canonical", "microblock_canonical", "asset_event_type_id", "amount"),
            "miner_rewards", List.of("index_block_hash", "canonical", "coinbase_amount")));

    private final StacksDb db;
    private final String dataset;
    private final ChainCursor cursor;

    public SupplyQueries(StacksDb db, String dataset) {
        this.db = db;
        this.dataset = dataset;
        this.cursor = new ChainCursor(db, dataset);
    }

    /** The queries, after checking that the database has the supply family's tables. */
    public static SupplyQueries open(StacksDb db, String dataset) throws StacksDatabaseException {
        db.requireTables(dataset, TABLES.and(StacksSchema.CURSOR));
        return new SupplyQueries(db, dataset);
    }

    private static final String SUPPLY_CHANGES_SQL = """
            SELECT greatest(day, %d) AS day, sum(change) FROM (
                SELECT b.burn_block_time / 86400 * 86400 AS day,
                       (CASE WHEN e.asset_event_type_id = 2 THEN e.amount ELSE -e.amount END)::numeric AS change
                FROM blocks b JOIN stx_events e ON e.index_block_hash = b.index_block_hash
                WHERE b.canonical AND b.block_height BETWEEN ? AND ? AND b.burn_block_time >= ? AND b.burn_block_time < ?
                  AND e.canonical AND e.microblock_canonical AND e.asset_event_type_id IN (2, 3)
              UNION ALL
                SELECT b.burn_block_time / 86400 * 86400, m.coinbase_amount
                FROM blocks b JOIN miner_rewards m ON m.index_block_hash = b.index_block_hash
                WHERE b.canonical AND b.block_height BETWEEN ? AND ? AND b.burn_block_time >= ? AND b.burn_block_time < ?
                  AND m.canonical
            ) changes
            GROUP BY 1 ORDER BY 1""";

    /**
     * Catalogs #14–15: the change of the total STX supply in µSTX, as the API defines it (locked STX
     * included), per UTC day of {@code burn_block_time}, for days in {@code [fromDay, toDayExclusive)},
     * in canonical blocks up to {@code maxHeight}: canonical STX mints minus burns plus the coinbase of
     * canonical miner rewards (by the maturing block). Days without a change are absent. The supply
     * as of a time T is the sum of the changes of the days before it. The changes of blocks before
     * {@code firstDay} (the series' first day, S0) count on {@code firstDay}, so a chain whose first
     * blocks predate it loses none (a read from {@code firstDay} has no lower bound). One grouped
     * scan, bounded by block height like {@code ChainQueries.dailyActivePrincipals}.
     */
    public Map<Long, Long> dailySupplyChanges(long fromDay, long toDayExclusive, long maxHeight, long firstDay) {
        boolean fromTheStart = fromDay <= firstDay;
        long lowHeight = fromTheStart ? 0
                : cursor.firstCanonicalHeightAtOrAfter(fromDay - DayReads.BITCOIN_TIME_AHEAD).orElse(maxHeight + 1);
        return DayReads.readDays(db, dataset, "STX supply changes per day", SUPPLY_CHANGES_SQL.formatted(firstDay), lowHeight, maxHeight,
                fromTheStart ? Integer.MIN_VALUE : fromDay, toDayExclusive, rs -> rs.getBigDecimal(2).longValueExact());
    }

    private static final String SUPPLY_CHANGE_SQL = """
            SELECT coalesce((SELECT sum(CASE WHEN e.asset_event_type_id = 2 THEN e.amount ELSE -e.amount END)
                             FROM blocks b JOIN stx_events e ON e.index_block_hash = b.index_block_hash
                             WHERE b.canonical AND b.block_height > ? AND b.block_height <= ?
                               AND e.canonical AND e.microblock_canonical AND e.asset_event_type_id IN (2, 3)), 0)
                 + coalesce((SELECT sum(m.coinbase_amount)
                             FROM blocks b JOIN miner_rewards m ON m.index_block_hash = b.index_block_hash
                             WHERE b.canonical AND b.block_height > ? AND b.block_height <= ? AND m.canonical), 0)""";

    /**
     * The change of the total supply (µSTX) made by the canonical blocks with a height in
     * {@code (aboveHeight, maxHeight]}, by the same rule as {@link #dailySupplyChanges}; a negative
     * {@code aboveHeight} sums the whole chain.
     */
    public java.math.BigInteger supplyChange(long aboveHeight, long maxHeight) {
        return db.read(dataset, "STX supply change", c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement(SUPPLY_CHANGE_SQL)) {
                ps.setLong(1, aboveHeight);
                ps.setLong(2, maxHeight);
                ps.setLong(3, aboveHeight);
                ps.setLong(4, maxHeight);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBigDecimal(1).toBigIntegerExact();
                }
            }
        });
    }
}
