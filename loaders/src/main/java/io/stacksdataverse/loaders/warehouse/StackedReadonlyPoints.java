package io.stacksdataverse.loaders.warehouse;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.NavigableMap;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The exact points of catalog #8 already read from the pox contract (table
 * {@code stacked_readonly_points}): {@code get-total-ustx-stacked(cycle)} at the tip block chosen
 * for burn height b, so a later run calls the node only for the burn heights it has not stored.
 */
public final class StackedReadonlyPoints {
    /** One answer: the value at {@code tip}, keyed by that block's {@code burn_block_time}. */
    public record Point(long cycle, long burnBlockHeight, byte[] tipIndexBlockHash, long keyTime, BigDecimal stackedUstx) {
    }

    private final DataSource warehouse;

    public StackedReadonlyPoints(DataSource warehouse) {
        this.warehouse = warehouse;
    }

    /** The stored points of {@code cycle} with burn heights in {@code [fromBurn, toBurn]}, by burn height. */
    public NavigableMap<Long, Point> stored(long cycle, long fromBurn, long toBurn) throws SQLException {
        NavigableMap<Long, Point> out = new TreeMap<>();
        try (Connection c = warehouse.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT burn_block_height, tip_index_block_hash, key_time, stacked_ustx"
                     + " FROM stacked_readonly_points WHERE cycle = ? AND burn_block_height BETWEEN ? AND ?"
                     + " ORDER BY burn_block_height")) {
            ps.setInt(1, Math.toIntExact(cycle));
            ps.setLong(2, fromBurn);
            ps.setLong(3, toBurn);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new Point(cycle, rs.getLong(1), rs.getBytes(2), rs.getLong(3), rs.getBigDecimal(4)));
                }
            }
        }
        return out;
    }

    /**
     * In one transaction: removes the points of {@code cycle} at {@code dropped} burn heights (their
     * tip left the canonical chain) and stores {@code fresh}, replacing a point of the same burn height.
     */
    public void replace(long cycle, Collection<Long> dropped, Collection<Point> fresh) throws SQLException {
        Transactions.inTransaction(warehouse, c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM stacked_readonly_points WHERE cycle = ? AND burn_block_height = ?");
                 PreparedStatement put = c.prepareStatement("INSERT INTO stacked_readonly_points (cycle, burn_block_height,"
                         + " tip_index_block_hash, key_time, stacked_ustx) VALUES (?, ?, ?, ?, ?)"
                         + " ON CONFLICT (cycle, burn_block_height) DO UPDATE SET tip_index_block_hash = EXCLUDED.tip_index_block_hash,"
                         + " key_time = EXCLUDED.key_time, stacked_ustx = EXCLUDED.stacked_ustx")) {
                for (long b : dropped) {
                    del.setInt(1, Math.toIntExact(cycle));
                    del.setInt(2, Math.toIntExact(b));
                    del.addBatch();
                }
                del.executeBatch();
                for (Point p : fresh) {
                    put.setInt(1, Math.toIntExact(p.cycle()));
                    put.setInt(2, Math.toIntExact(p.burnBlockHeight()));
                    put.setBytes(3, p.tipIndexBlockHash());
                    put.setLong(4, p.keyTime());
                    put.setBigDecimal(5, p.stackedUstx());
                    put.addBatch();
                }
                put.executeBatch();
            }
        });
    }
}
