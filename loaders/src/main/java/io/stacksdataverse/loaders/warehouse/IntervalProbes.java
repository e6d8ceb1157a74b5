package io.stacksdataverse.loaders.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Run-time probes of the half-hourly runs (table {@code interval_probes}), one value per probe and
 * interval end E: the first run of E stores what it read, every later run of E reads that back.
 */
public final class IntervalProbes {
    public static final String MEMPOOL_TX_COUNT = "mempool_tx_count";
    public static final String TRANSFER_FEE_RATE = "transfer_fee_rate";

    private final DataSource warehouse;

    public IntervalProbes(DataSource warehouse) {
        this.warehouse = warehouse;
    }

    /** The stored value of {@code probe} at E, if a run of E took it. */
    public OptionalLong stored(String probe, long intervalEnd) throws SQLException {
        try (Connection c = warehouse.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT value FROM interval_probes WHERE probe = ? AND interval_end = ?")) {
            ps.setString(1, probe);
            ps.setLong(2, intervalEnd);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Stores {@code value} unless a value for E is there already, and returns the one that is kept (first run wins). */
    public long keepFirst(String probe, long intervalEnd, long value) throws SQLException {
        try (Connection c = warehouse.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     WITH ins AS (INSERT INTO interval_probes (probe, interval_end, value) VALUES (?, ?, ?)
                                  ON CONFLICT (probe, interval_end) DO NOTHING RETURNING value)
                     SELECT value FROM ins UNION ALL
                     SELECT value FROM interval_probes WHERE probe = ? AND interval_end = ? AND NOT EXISTS (SELECT 1 FROM ins)""")) {
            ps.setString(1, probe);
            ps.setLong(2, intervalEnd);
            ps.setLong(3, value);
            ps.setString(4, probe);
            ps.setLong(5, intervalEnd);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
        }
        // A concurrent first run committed its value after this statement's snapshot: that one is kept.
        return stored(probe, intervalEnd).orElseThrow(() -> new SQLException("probe " + probe + " at " + intervalEnd
                + " was neither stored nor found"));
    }

    /** Every stored value of {@code probe} with E in {@code (fromExclusive, toInclusive]}, by E ascending. */
    public NavigableMap<Long, Long> range(String probe, long fromExclusive, long toInclusive) throws SQLException {
        NavigableMap<Long, Long> out = new TreeMap<>();
        try (Connection c = warehouse.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT interval_end, value FROM interval_probes"
                     + " WHERE probe = ? AND interval_end > ? AND interval_end <= ? ORDER BY interval_end")) {
            ps.setString(1, probe);
            ps.setLong(2, fromExclusive);
            ps.setLong(3, toInclusive);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        return out;
    }
}
