package io.stacksdataverse.extract.stacks.db.chain;

import static io.stacksdataverse.extract.stacks.db.StacksSchema.Microblocks;
import static io.stacksdataverse.extract.stacks.db.StacksSchema.Txs;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;

import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.DayReads;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.StacksSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The chain family's reads (catalogs #1, #3, #21, #23, #43; #2 in {@link PrincipalQueries}): set-based,
 * each with the canonical filter ({@code canonical} and, where the table has it,
 * {@code microblock_canonical}) and bounded by a block height, so a re-run sees the same rows.
 */
public final class ChainQueries {
    /** What the chain family reads besides the cursor's blocks. */
    public static final StacksSchema.TableSet TABLES = new StacksSchema.TableSet("chain", Map.of(
            "txs", List.of("block_height", "burn_block_time", "canonical", "microblock_canonical"),
            "stx_events", List.of("event_index", "tx_id", "tx_index", "block_height", "index_block_hash", "canonical",
                    "microblock_canonical", "asset_event_type_id", "amount", "sender", "recipient"),
            "microblocks", List.of("canonical", "microblock_canonical", "parent_burn_block_time")));
    private static final long DAY = 86_400;

    private final StacksDb db;
    private final String dataset;
    private final ChainCursor cursor;

    public ChainQueries(StacksDb db, String dataset) {
        this.db = db;
        this.dataset = dataset;
        this.cursor = new ChainCursor(db, dataset);
    }

    /** The queries, after checking that the database has the chain family's tables. */
    public static ChainQueries open(StacksDb db, String dataset) throws StacksDatabaseException {
        db.requireTables(dataset, TABLES.and(StacksSchema.CURSOR));
        return new ChainQueries(db, dataset);
    }

    private static final String DAILY_TX_COUNTS_SQL = """
            SELECT burn_block_time / 86400 * 86400 AS day, count(*) FROM txs
            WHERE canonical AND microblock_canonical AND block_height <= ? AND burn_block_time >= ? AND burn_block_time < ?
            GROUP BY 1 ORDER BY 1""";

    /**
     * Catalog #1: canonical transactions per UTC day of {@code burn_block_time}, for days in
     * {@code [fromDay, toDayExclusive)} (unix seconds of day starts), in blocks up to {@code maxHeight}.
     * One grouped scan; days without transactions are absent.
     */
    public Map<Long, Long> dailyTxCounts(long fromDay, long toDayExclusive, long maxHeight) {
        // Plain JDBC: a daily run sends this once with a one-day range, where rendering the query cost
        // more than running it; the driver keeps the statement prepared on its connection.
        // A read of a few days and a read of the whole history get different texts, so that PostgreSQL never
        // reuses the plan it caches for the one (an index range) for the other (a scan of the table).
        String sql = toDayExclusive - fromDay <= DayReads.SHORT_READ_DAYS * DAY ? DAILY_TX_COUNTS_SQL
                : DAILY_TX_COUNTS_SQL + " -- long read";
        return db.read(dataset, "transactions per day", c -> {
            Map<Long, Long> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, (int) maxHeight);
                ps.setInt(2, (int) Math.max(Integer.MIN_VALUE, fromDay));
                ps.setInt(3, (int) Math.min(Integer.MAX_VALUE, toDayExclusive));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getLong(1), rs.getLong(2));
                    }
                }
            }
            return out;
        });
    }

    private static final String DAILY_ACTIVE_SQL = """
            SELECT day, count(DISTINCT principal) AS principals FROM (
                SELECT b.burn_block_time / 86400 * 86400 AS day, e.sender AS principal
                FROM blocks b JOIN stx_events e ON e.index_block_hash = b.index_block_hash
                WHERE b.canonical AND b.block_height BETWEEN ? AND ? AND b.burn_block_time >= ? AND b.burn_block_time < ?
                  AND e.canonical AND e.microblock_canonical AND e.sender IS NOT NULL
              UNION ALL
                SELECT b.burn_block_time / 86400 * 86400, e.recipient
                FROM blocks b JOIN stx_events e ON e.index_block_hash = b.index_block_hash
                WHERE b.canonical AND b.block_height BETWEEN ? AND ? AND b.burn_block_time >= ? AND b.burn_block_time < ?
                  AND e.canonical AND e.microblock_canonical AND e.recipient IS NOT NULL
            ) parties
            GROUP BY day ORDER BY day""";

    /**
     * Catalog #3: distinct principals (sender or recipient of a canonical STX event, joined to its
     * canonical block on {@code index_block_hash}) per UTC day of the block's {@code burn_block_time},
     * for days in {@code [fromDay, toDayExclusive)}, in blocks up to {@code maxHeight}. The event
     * scan is bounded by block height: from the first block whose own time is at most
     * {@link DayReads#BITCOIN_TIME_AHEAD} before the first day.
     */
    public Map<Long, Long> dailyActivePrincipals(long fromDay, long toDayExclusive, long maxHeight) {
        long lowHeight = cursor.firstCanonicalHeightAtOrAfter(fromDay - DayReads.BITCOIN_TIME_AHEAD).orElse(maxHeight + 1);
        return DayReads.readDays(db, dataset, "daily active principals", DAILY_ACTIVE_SQL, lowHeight, maxHeight, fromDay,
                toDayExclusive, rs -> rs.getLong(2));
    }

    /** One large canonical STX transfer (catalog #23). */
    public record StxMovement(byte[] txId, long blockHeight, long amount, String sender, String recipient, long burnBlockTime,
                              int assetEventTypeId) {
    }

    /**
     * Catalog #23: the newest {@code limit} canonical STX transfers of at least {@code minAmount}
     * µSTX in blocks up to {@code maxHeight}, by height descending, amount descending, then
     * {@code tx_index} and {@code event_index}; the block time comes from the event's own block
     * (joined on {@code index_block_hash}).
     */
    public List<StxMovement> largestRecentTransfers(long maxHeight, long minAmount, int limit) {
        return db.query(dataset, "largest recent transfers", dsl -> dsl.resultQuery("""
                        SELECT e.tx_id, e.block_height, e.amount, e.sender, e.recipient, b.burn_block_time, e.asset_event_type_id
                        FROM stx_events e JOIN blocks b ON b.index_block_hash = e.index_block_hash AND b.canonical
                        WHERE e.canonical AND e.microblock_canonical AND e.asset_event_type_id = 1
                          AND e.amount >= {0} AND e.block_height <= {1}
                        ORDER BY e.block_height DESC, e.amount DESC, e.tx_index, e.event_index
                        LIMIT {2}""", DSL.val(minAmount), DSL.val(maxHeight), DSL.inline(limit))
                .fetch(r -> new StxMovement(r.get(0, byte[].class), r.get(1, Long.class), r.get(2, Long.class),
                        r.get(3, String.class), r.get(4, String.class), r.get(5, Long.class), r.get(6, Integer.class))));
    }

    /** Catalog #21: canonical microblocks per UTC day of their parent anchor's Bitcoin time, before {@code toExclusive}. */
    public Map<Long, Long> microblocksPerDay(long toExclusive) {
        Field<Long> day = Microblocks.PARENT_BURN_BLOCK_TIME.div(inline((int) DAY)).mul(inline((int) DAY)).cast(SQLDataType.BIGINT)
                .as("day");
        Map<Long, Long> out = new LinkedHashMap<>();
        for (Record2<Long, Integer> r : db.query(dataset, "microblocks per day", dsl -> dsl.select(day, count())
                .from(Microblocks.T)
                .where(Microblocks.CANONICAL.isTrue()
                        .and(Microblocks.MICROBLOCK_CANONICAL.isTrue())
                        .and(Microblocks.PARENT_BURN_BLOCK_TIME.lt((int) toExclusive)))
                .groupBy(day)
                .orderBy(day)
                .fetch())) {
            out.put(r.value1(), r.value2().longValue());
        }
        return out;
    }

    /** Catalog #43: canonical transactions per block height for heights in {@code [fromHeight, toHeight]}, heights without any absent. */
    public Map<Long, Long> txsPerBlock(long fromHeight, long toHeight) {
        Map<Long, Long> out = new TreeMap<>();
        for (Record2<Integer, Integer> r : db.query(dataset, "transactions per block", dsl -> dsl.select(Txs.BLOCK_HEIGHT, count())
                .from(Txs.T)
                .where(Txs.CANONICAL.isTrue()
                        .and(Txs.MICROBLOCK_CANONICAL.isTrue())
                        .and(Txs.BLOCK_HEIGHT.between((int) fromHeight, (int) toHeight)))
                .groupBy(Txs.BLOCK_HEIGHT)
                .fetch())) {
            out.put(r.value1().longValue(), r.value2().longValue());
        }
        return out;
    }
}
