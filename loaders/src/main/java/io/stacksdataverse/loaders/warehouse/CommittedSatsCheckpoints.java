package io.stacksdataverse.loaders.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Checkpoints of catalog #32's all-time committed total (table {@code committed_sats_checkpoints}):
 * the total in sats over every burn height up to a settled one.
 */
public final class CommittedSatsCheckpoints {
    /** The total over the burn heights ≤ {@code burnHeight}. */
    public record Checkpoint(long burnHeight, long totalSats) {
    }

    private final DataSource warehouse;

    public CommittedSatsCheckpoints(DataSource warehouse) {
        this.warehouse = warehouse;
    }

    /** The checkpoint of the highest burn height ≤ {@code maxBurnHeight}, if any. */
    public Optional<Checkpoint> newestAtOrBelow(long maxBurnHeight) throws SQLException {
        try (Connection c = warehouse.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT burn_block_height, total_sats FROM committed_sats_checkpoints"
                     + " WHERE burn_block_height <= ? ORDER BY burn_block_height DESC LIMIT 1")) {
            ps.setLong(1, maxBurnHeight);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Checkpoint(rs.getLong(1), rs.getLong(2))) : Optional.empty();
            }
        }
    }

    /** Stores {@code checkpoint} unless its height has one already (the first, computed the same way, stays). */
    public void keep(Checkpoint checkpoint) throws SQLException {
        try (Connection c = warehouse.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO committed_sats_checkpoints (burn_block_height, total_sats)"
                     + " VALUES (?, ?) ON CONFLICT (burn_block_height) DO NOTHING")) {
            ps.setLong(1, checkpoint.burnHeight());
            ps.setLong(2, checkpoint.totalSats());
            ps.executeUpdate();
        }
    }

    /** Drops every checkpoint and stores {@code checkpoint} alone, in one transaction (a full rebuild). */
    public void replaceAll(Checkpoint checkpoint) throws SQLException {
        Transactions.inTransaction(warehouse, c -> {
            try (Statement s = c.createStatement();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO committed_sats_checkpoints (burn_block_height, total_sats)"
                         + " VALUES (?, ?) ON CONFLICT (burn_block_height) DO UPDATE SET total_sats = excluded.total_sats")) {
                s.executeUpdate("DELETE FROM committed_sats_checkpoints");
                ps.setLong(1, checkpoint.burnHeight());
                ps.setLong(2, checkpoint.totalSats());
                ps.executeUpdate();
            }
        });
    }
}
