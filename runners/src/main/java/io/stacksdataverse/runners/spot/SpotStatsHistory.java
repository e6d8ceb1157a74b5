package io.stacksdataverse.runners.spot;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.NavigableMap;
import java.util.TreeMap;
import javax.sql.DataSource;

/** Catalog #31's state (table {@code spot_stats_history}): one entry per UTC day, the first one stored wins. */
final class SpotStatsHistory {
    private final DataSource warehouse;

    SpotStatsHistory(DataSource warehouse) {
        this.warehouse = warehouse;
    }

    /** The day's figures: median balance (STX), whale percent, APY in percent; null where unknown. */
    record Entry(BigDecimal medianBalance, Double whalePercent, BigDecimal stackingApy) {
    }

    boolean has(long dayStart) throws SQLException {
        try (Connection c = warehouse.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM spot_stats_history WHERE day_start = ?")) {
            ps.setLong(1, dayStart);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Stores the day's entry unless it has one. */
    void keepFirst(long dayStart, Entry entry, long intervalEnd) throws SQLException {
        try (Connection c = warehouse.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO spot_stats_history"
                     + " (day_start, median_balance, whale_percent, stacking_apy, interval_end) VALUES (?, ?, ?, ?, ?)"
                     + " ON CONFLICT (day_start) DO NOTHING")) {
            ps.setLong(1, dayStart);
            setDouble(ps, 2, entry.medianBalance() == null ? null : entry.medianBalance().doubleValue());
            setDouble(ps, 3, entry.whalePercent());
            setDouble(ps, 4, entry.stackingApy() == null ? null : entry.stackingApy().doubleValue());
            ps.setLong(5, intervalEnd);
            ps.executeUpdate();
        }
    }

    /** Every entry of a day ≤ {@code dayStart}, ascending. */
    NavigableMap<Long, Entry> upTo(long dayStart) throws SQLException {
        NavigableMap<Long, Entry> out = new TreeMap<>();
        try (Connection c = warehouse.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT day_start, median_balance, whale_percent, stacking_apy"
                     + " FROM spot_stats_history WHERE day_start <= ? ORDER BY day_start")) {
            ps.setLong(1, dayStart);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new Entry(decimal(rs, 2), (Double) rs.getObject(3), decimal(rs, 4)));
                }
            }
        }
        return out;
    }

    private static BigDecimal decimal(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : BigDecimal.valueOf(v);
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }
}
