package io.stacksdataverse.loaders.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The state of catalogs #41–42 (tables {@code nft_supply_days}, {@code nft_supply_progress}): the
 * NFT supply as of each day's boundary block, and the cutoff block of the newest run.
 */
public final class NftSupplyDays {
    /** The supply as of a day's boundary block ({@code null} height: no block before the boundary). */
    public record Day(Long boundaryHeight, long supply) {
    }

    /** Where the newest run stopped: its day and its cutoff block H(E). */
    public record Progress(LocalDate lastDay, long lastHeight, byte[] lastIndexBlockHash) {
    }

    private final DataSource warehouse;

    public NftSupplyDays(DataSource warehouse) {
        this.warehouse = warehouse;
    }

    public Optional<Progress> progress() throws SQLException {
        try (Connection c = warehouse.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT last_day, last_height, last_index_block_hash FROM nft_supply_progress")) {
            return rs.next() ? Optional.of(new Progress(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getBytes(3)))
                    : Optional.empty();
        }
    }

    /** The stored days in [from, to], ascending. */
    public NavigableMap<LocalDate, Day> read(LocalDate from, LocalDate to) throws SQLException {
        NavigableMap<LocalDate, Day> out = new TreeMap<>();
        try (Connection c = warehouse.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT day, boundary_height, supply FROM nft_supply_days"
                     + " WHERE day BETWEEN ? AND ? ORDER BY day")) {
            ps.setObject(1, from);
            ps.setObject(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int h = rs.getInt(2);
                    Long height = rs.wasNull() ? null : (long) h;
                    out.put(rs.getObject(1, LocalDate.class), new Day(height, rs.getLong(3)));
                }
            }
        }
        return out;
    }

    /** The first stored day. */
    public Optional<LocalDate> firstDay() throws SQLException {
        return oneDay("SELECT min(day) FROM nft_supply_days", null);
    }

    /** The first stored day whose boundary block is above {@code height}: the first that a change above it can alter. */
    public Optional<LocalDate> firstDayWithBoundaryAbove(long height) throws SQLException {
        return oneDay("SELECT min(day) FROM nft_supply_days WHERE boundary_height > ?", height);
    }

    private Optional<LocalDate> oneDay(String sql, Long height) throws SQLException {
        try (Connection c = warehouse.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (height != null) {
                ps.setLong(1, height);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.ofNullable(rs.getObject(1, LocalDate.class));
            }
        }
    }

    /**
     * In one transaction: drops the stored days from {@code from} on (every day when {@code from} is
     * null), stores {@code days} and records {@code progress}.
     */
    public void replaceFrom(LocalDate from, Map<LocalDate, Day> days, Progress progress) throws SQLException {
        Transactions.inTransaction(warehouse, c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM nft_supply_days WHERE day >= coalesce(?, day)");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO nft_supply_days (day, boundary_height, supply)"
                         + " VALUES (?, ?, ?)");
                 PreparedStatement save = c.prepareStatement("INSERT INTO nft_supply_progress (one, last_day, last_height,"
                         + " last_index_block_hash) VALUES (true, ?, ?, ?) ON CONFLICT (one) DO UPDATE SET last_day = excluded.last_day,"
                         + " last_height = excluded.last_height, last_index_block_hash = excluded.last_index_block_hash,"
                         + " updated_at = now()")) {
                if (from == null) {
                    delete.setNull(1, Types.DATE);
                } else {
                    delete.setObject(1, from);
                }
                delete.executeUpdate();
                for (Map.Entry<LocalDate, Day> d : days.entrySet()) {
                    insert.setObject(1, d.getKey());
                    if (d.getValue().boundaryHeight() == null) {
                        insert.setNull(2, Types.INTEGER);
                    } else {
                        insert.setInt(2, Math.toIntExact(d.getValue().boundaryHeight()));
                    }
                    insert.setLong(3, d.getValue().supply());
                    insert.addBatch();
                }
                insert.executeBatch();
                save.setObject(1, progress.lastDay());
                save.setInt(2, Math.toIntExact(progress.lastHeight()));
                save.setBytes(3, progress.lastIndexBlockHash());
                save.executeUpdate();
            }
        });
    }
}
