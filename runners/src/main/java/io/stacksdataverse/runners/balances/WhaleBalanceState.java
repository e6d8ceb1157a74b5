package io.stacksdataverse.runners.balances;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.balances.BalanceQueries;
import io.stacksdataverse.loaders.warehouse.ChainStateTable;
import io.stacksdataverse.loaders.warehouse.PgCopyWriter;
import io.stacksdataverse.runners.chain.IncrementalDailySeries;
import io.stacksdataverse.transform.Units;
import io.stacksdataverse.transform.UtcDays;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The STX balances of the end of a day D as the warehouse keeps them (catalogs #4 and #7): the
 * day's whales in {@code whale_historical_stx_balances} and its nonzero count, written together in
 * one transaction. The daily {@code wallet_balances} task writes them; the half-hourly spot
 * statistics read them, and compute them first when the daily run has not yet.
 */
public final class WhaleBalanceState {
    public static final String NONZERO_DATASET = "nonzero_balances";
    static final BigDecimal WHALE_MICRO_STX = BigDecimal.valueOf(10_000_000_000L);

    private WhaleBalanceState() {
    }

    /** What a pass wrote. */
    public record Written(long nonzero, long whales, BlockRef cutoff, BalanceQueries.BalanceMethod method) {
    }

    /** The balances of a day: the whales' STX ascending and the number of nonzero balances. */
    public record Day(List<BigDecimal> whalesStx, long nonzero) {
    }

    /**
     * Reads the balances as of the end of {@code d} (the cutoff H_D) from the chain and replaces the
     * day's state with them, handing each whale to {@code sink} too; the day is locked meanwhile, so
     * two writers of one day never mix their rows.
     *
     * @param deltaMaxBlocks how far below the tip the cutoff may be for the {@code ft_balances} method; 0: never
     */
    public static Written write(StacksDb db, String dataset, DataSource warehouse, LocalDate d, long deltaMaxBlocks,
                                BalanceQueries.BalanceSink sink) throws Exception {
        ChainCursor cursor = ChainCursor.open(db, dataset);
        BalanceQueries balances = BalanceQueries.open(db, dataset);
        BlockRef cut = IncrementalDailySeries.cutoff(cursor, d);
        BalanceQueries.BalanceMethod method = cursor.tipHeight() - cut.height() <= deltaMaxBlocks && deltaMaxBlocks > 0
                ? BalanceQueries.BalanceMethod.FT_BALANCES_MINUS_NEWER : BalanceQueries.BalanceMethod.FULL_SUM;
        long timestamp = UtcDays.t(d);
        try (Connection c = warehouse.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?), ?)")) {
                    lock.setString(1, "whale_historical_stx_balances");
                    lock.setInt(2, (int) d.toEpochDay());
                    lock.execute();
                }
                // The day's whales replace its old rows, streamed straight into the table: the transaction
                // commits them together with the day's nonzero count, or nothing.
                try (PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM whale_historical_stx_balances WHERE \"timestamp\" = ?")) {
                    delete.setLong(1, timestamp);
                    delete.executeUpdate();
                }
                long nonzero;
                long whales;
                try (PgCopyWriter copy = new PgCopyWriter(c, "whale_historical_stx_balances", "\"timestamp\"", "whale_address",
                        "balance")) {
                    nonzero = balances.balancesAsOf(cut.height(), method, WHALE_MICRO_STX, (address, microStx) -> {
                        sink.accept(address, microStx);
                        copy.row(timestamp, address, Units.stx(microStx).toPlainString());
                    });
                    whales = copy.finish();
                }
                ChainStateTable.upsertValue(DSL.using(c, SQLDialect.POSTGRES), NONZERO_DATASET, d, nonzero);
                c.commit();
                return new Written(nonzero, whales, cut, method);
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The stored balances of the end of {@code d}, if a pass wrote them. */
    public static Optional<Day> read(DataSource warehouse, LocalDate d) throws java.sql.SQLException {
        try (Connection c = warehouse.getConnection()) {
            Map<LocalDate, Long> nonzero = ChainStateTable.read(DSL.using(c, SQLDialect.POSTGRES), NONZERO_DATASET, d, d);
            if (!nonzero.containsKey(d)) {
                return Optional.empty();
            }
            List<BigDecimal> whales = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT balance FROM whale_historical_stx_balances WHERE \"timestamp\" = ? ORDER BY balance")) {
                ps.setLong(1, UtcDays.t(d));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        whales.add(rs.getBigDecimal(1));
                    }
                }
            }
            return Optional.of(new Day(whales, nonzero.get(d)));
        }
    }
}
