package io.stacksdataverse.loaders.warehouse;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The half-hourly {@code GET /v2/pox} snapshots of catalog #8 (table {@code pox_snapshots}), one per
 * interval end E: the first run of E stores what the node said, a re-run of E keeps it.
 */
public final class PoxSnapshotTable {
    /** The node's cycles at E: the STX (µSTX) committed to {@code nextCycle} so far. */
    public record Snapshot(long intervalEnd, long currentCycle, long nextCycle, BigDecimal nextCycleStackedUstx) {
    }

    private final DataSource warehouse;

    public PoxSnapshotTable(DataSource warehouse) {
        this.warehouse = warehouse;
    }

    /** The snapshot stored under E, if a run of E took one. */
    public Optional<Snapshot> at(long intervalEnd) throws SQLException {
        List<Snapshot> found = select("WHERE interval_end = ?", intervalEnd);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Stores the snapshot unless E has one already; returns the one kept (first run wins). */
    public Snapshot keepFirst(Snapshot snapshot) throws SQLException {
        try (Connection c = warehouse.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO pox_snapshots (interval_end, current_cycle, next_cycle,"
                     + " next_cycle_stacked_ustx) VALUES (?, ?, ?, ?) ON CONFLICT (interval_end) DO NOTHING")) {
            ps.setLong(1, snapshot.intervalEnd());
            ps.setInt(2, Math.toIntExact(snapshot.currentCycle()));
            ps.setInt(3, Math.toIntExact(snapshot.nextCycle()));
            ps.setBigDecimal(4, snapshot.nextCycleStackedUstx());
            ps.executeUpdate();
        }
        return at(snapshot.intervalEnd()).orElseThrow(() -> new SQLException("pox snapshot at " + snapshot.intervalEnd()
                + " was neither stored nor found"));
    }

    /** Every snapshot with E < {@code toExclusive}, by E ascending. */
    public List<Snapshot> before(long toExclusive) throws SQLException {
        return select("WHERE interval_end < ?", toExclusive);
    }

    private List<Snapshot> select(String where, long bound) throws SQLException {
        List<Snapshot> out = new ArrayList<>();
        try (Connection c = warehouse.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT interval_end, current_cycle, next_cycle, next_cycle_stacked_ustx"
                     + " FROM pox_snapshots " + where + " ORDER BY interval_end")) {
            ps.setLong(1, bound);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Snapshot(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getBigDecimal(4)));
                }
            }
        }
        return out;
    }
}
