package io.stacksdataverse.extract.stacks.db.balances;

import io.stacksdataverse.extract.stacks.db.ReceiverFailure;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.StacksSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.impl.DSL;

/**
 * The balances family's reads (catalogs #4–7): STX balances of every principal as of a cutoff
 * block, from the canonical STX events, fees and miner rewards (or from {@code ft_balances} near the
 * tip), and the number of nonzero balances per day.
 */
public final class BalanceQueries {
    /** What the balances family reads besides the cursor's blocks and tip. */
    public static final StacksSchema.TableSet TABLES = new StacksSchema.TableSet("balances", Map.of(
            "txs", List.of("block_height", "burn_block_time", "canonical", "microblock_canonical", "fee_rate", "sponsored",
                    "sponsor_address", "sender_address"),
            "stx_events", List.of("block_height", "index_block_hash", "canonical", "microblock_canonical", "amount", "sender",
                    "recipient"),
            "miner_rewards", List.of("index_block_hash", "canonical", "recipient", "coinbase_amount", "tx_fees_anchored",
                    "tx_fees_streamed_confirmed", "tx_fees_streamed_produced"),
            "ft_balances", List.of("address", "token", "balance")));

    private final StacksDb db;
    private final String dataset;

    public BalanceQueries(StacksDb db, String dataset) {
        this.db = db;
        this.dataset = dataset;
    }

    /** The queries, after checking that the database has the balances family's tables. */
    public static BalanceQueries open(StacksDb db, String dataset) throws StacksDatabaseException {
        db.requireTables(dataset, TABLES.and(StacksSchema.CURSOR));
        return new BalanceQueries(db, dataset);
    }

    /** Receives the whales of a balance snapshot, ascending by balance. */
    @FunctionalInterface
    public interface BalanceSink {
        void accept(String address, java.math.BigDecimal microStx) throws Exception;
    }

    /** How balances as of a block are computed; both give the same numbers. */
    public enum BalanceMethod {
        /**
         * {@code ft_balances} (token {@code stx}, maintained by the API over all canonical rows) minus
         * what canonical rows above the cutoff added: cheap when the cutoff is near the tip.
         */
        FT_BALANCES_MINUS_NEWER,
        /** The sum of every canonical row up to the cutoff: for a cutoff far in the past. */
        FULL_SUM
    }

    private static final String BALANCE_PARTS = """
            SELECT e.recipient AS address, e.amount::numeric AS delta
            FROM stx_events e WHERE e.canonical AND e.microblock_canonical AND e.recipient IS NOT NULL AND e.block_height %1$s
            UNION ALL
            SELECT e.sender, -e.amount::numeric
            FROM stx_events e WHERE e.canonical AND e.microblock_canonical AND e.sender IS NOT NULL AND e.block_height %1$s
            UNION ALL
            SELECT CASE WHEN t.sponsored THEN t.sponsor_address ELSE t.sender_address END, -t.fee_rate::numeric
            FROM txs t WHERE t.canonical AND t.microblock_canonical AND t.block_height %1$s
            UNION ALL
            SELECT m.recipient, m.coinbase_amount + m.tx_fees_anchored + m.tx_fees_streamed_confirmed + m.tx_fees_streamed_produced
            FROM miner_rewards m JOIN blocks b ON b.index_block_hash = m.index_block_hash AND b.canonical
            WHERE m.canonical AND b.block_height %1$s""";

    /**
     * Catalogs #4, #5, #7: STX balances (µSTX, locked STX included) as of the end of the cutoff block:
     * streams every principal holding at least {@code whaleMinimum} µSTX to {@code whales}, ascending
     * by balance (then address), and returns how many principals hold more than 0. Both reads run in
     * one REPEATABLE READ snapshot, so the two agree even while the API keeps indexing.
     */
    public long balancesAsOf(long maxHeight, BalanceMethod method, java.math.BigDecimal whaleMinimum, BalanceSink whales)
            throws Exception {
        String sql = switch (method) {
            // One scan of the balances: the nonzero count first (part 0), then the whales (part 1), ascending.
            case FULL_SUM -> "WITH balances AS MATERIALIZED (SELECT address, sum(delta) AS balance FROM ("
                    + BALANCE_PARTS.formatted("<= ?") + ") parts WHERE address IS NOT NULL GROUP BY address)"
                    + " SELECT NULL AS address, count(*)::numeric AS balance, 0 AS part FROM balances WHERE balance > 0"
                    + " UNION ALL SELECT address, balance, 1 FROM balances WHERE balance >= ?"
                    + " ORDER BY part, balance, address";
            // Only the principals with rows above the cutoff ("changed") differ from ft_balances: the
            // count and the whales come from its (token, balance) index, corrected for those.
            case FT_BALANCES_MINUS_NEWER -> "WITH newer AS MATERIALIZED (SELECT address, sum(delta) AS delta FROM ("
                    + BALANCE_PARTS.formatted("> ?") + ") parts WHERE address IS NOT NULL GROUP BY address),"
                    + " changed AS MATERIALIZED (SELECT f.address, f.balance AS now_balance, f.balance - n.delta AS cut_balance"
                    + "   FROM newer n JOIN ft_balances f ON f.address = n.address AND f.token = 'stx')"
                    + " SELECT NULL AS address, ((SELECT count(*) FROM ft_balances WHERE token = 'stx' AND balance > 0)"
                    + "   - (SELECT count(*) FROM changed WHERE now_balance > 0) + (SELECT count(*) FROM changed WHERE cut_balance > 0))::numeric"
                    + "   AS balance, 0 AS part"
                    + " UNION ALL SELECT f.address, f.balance, 1 FROM ft_balances f WHERE f.token = 'stx' AND f.balance >= ?"
                    + "   AND NOT EXISTS (SELECT 1 FROM changed c WHERE c.address = f.address)"
                    + " UNION ALL SELECT address, cut_balance, 1 FROM changed WHERE cut_balance >= ?"
                    + " ORDER BY part, balance, address";
        };
        long nonzero = -1;
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
                // The rows are the count and the whales, a few thousand at most: fetched in one go, whatever the
                // connection's default fetch size. (A fetch size would read them through a cursor, and PostgreSQL
                // runs no parallel workers for one.)
                ps.setFetchSize(0);
                for (int i = 1; i <= 4; i++) {
                    ps.setLong(i, maxHeight);
                }
                ps.setBigDecimal(5, whaleMinimum);
                if (method == BalanceMethod.FT_BALANCES_MINUS_NEWER) {
                    ps.setBigDecimal(6, whaleMinimum);
                }
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getInt(3) == 0) {
                            nonzero = rs.getBigDecimal(2).longValueExact();
                        } else {
                            try {
                                whales.accept(rs.getString(1), rs.getBigDecimal(2));
                            } catch (Exception e) {
                                throw new ReceiverFailure(e);
                            }
                        }
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (ReceiverFailure e) {
            throw e.error();
        } catch (SQLException e) {
            throw db.failure(dataset, "balances as of block " + maxHeight, e);
        }
        return nonzero;
    }

    /**
     * Catalog #6, set-based history: the number of principals with a balance above 0 at the end of
     * each UTC day (by the Bitcoin time of the rows' blocks), over canonical rows in blocks up to
     * {@code maxHeight}. One pass: each principal's net change per day, its running balance by a
     * window sum, +1 on the day it turns positive and −1 on the day it stops, summed over days.
     * Returns the count for every day on which it changed, keyed by day start, ascending.
     */
    public java.util.NavigableMap<Long, Long> nonzeroCountsByDay(long maxHeight) {
        String sql = """
                WITH parts AS (
                    SELECT e.recipient AS address, b.burn_block_time / 86400 AS day, e.amount::numeric AS delta
                    FROM stx_events e JOIN blocks b ON b.index_block_hash = e.index_block_hash AND b.canonical
                    WHERE e.canonical AND e.microblock_canonical AND e.recipient IS NOT NULL AND e.block_height <= {0}
                  UNION ALL
                    SELECT e.sender, b.burn_block_time / 86400, -e.amount::numeric
                    FROM stx_events e JOIN blocks b ON b.index_block_hash = e.index_block_hash AND b.canonical
                    WHERE e.canonical AND e.microblock_canonical AND e.sender IS NOT NULL AND e.block_height <= {0}
                  UNION ALL
                    SELECT CASE WHEN t.sponsored THEN t.sponsor_address ELSE t.sender_address END, t.burn_block_time / 86400,
                           -t.fee_rate::numeric
                    FROM txs t WHERE t.canonical AND t.microblock_canonical AND t.block_height <= {0}
                  UNION ALL
                    SELECT m.recipient, b.burn_block_time / 86400, m.coinbase_amount + m.tx_fees_anchored
                           + m.tx_fees_streamed_confirmed + m.tx_fees_streamed_produced
                    FROM miner_rewards m JOIN blocks b ON b.index_block_hash = m.index_block_hash AND b.canonical
                    WHERE m.canonical AND b.block_height <= {0}
                ), daily AS (
                    SELECT address, day, sum(delta) AS delta FROM parts WHERE address IS NOT NULL GROUP BY address, day
                ), running AS (
                    SELECT address, day, sum(delta) OVER (PARTITION BY address ORDER BY day) AS balance FROM daily
                ), marks AS (
                    SELECT day, CASE
                        WHEN balance > 0 AND coalesce(lag(balance) OVER w, 0) <= 0 THEN 1
                        WHEN balance <= 0 AND coalesce(lag(balance) OVER w, 0) > 0 THEN -1
                        ELSE 0 END AS mark
                    FROM running WINDOW w AS (PARTITION BY address ORDER BY day)
                )
                SELECT day * 86400 AS day_start, sum(sum(mark)) OVER (ORDER BY day) AS nonzero
                FROM marks GROUP BY day ORDER BY day""";
        java.util.NavigableMap<Long, Long> out = new TreeMap<>();
        db.query(dataset, "nonzero balances per day", dsl -> dsl.resultQuery(sql, DSL.val(maxHeight)).fetch())
                .forEach(r -> out.put(r.get(0, Long.class), r.get(1, java.math.BigDecimal.class).longValueExact()));
        return out;
    }
}
