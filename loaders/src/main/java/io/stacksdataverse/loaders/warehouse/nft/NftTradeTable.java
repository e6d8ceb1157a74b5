package io.stacksdataverse.loaders.warehouse.nft;

import io.stacksdataverse.loaders.warehouse.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The warehouse's NFT trades of catalogs #37–38 (tables {@code nft_trades} and
 * {@code nft_trades_progress}): one row per trade with its volume in µSTX, covering every canonical
 * block of a range of heights, and where the newest run stopped.
 */
public final class NftTradeTable {
    /** One trade: a transaction of a block, its block's height and Bitcoin time, its volume (µSTX, > 0). */
    public record Trade(byte[] txId, byte[] indexBlockHash, long blockHeight, long burnBlockTime, long volumeMicroStx) {
    }

    /**
     * What the table covers: every trade of the heights {@code lowHeight..lastHeight}, read by a run
     * that stopped at block {@code lastIndexBlockHash} for the interval ending at {@code lastIntervalEnd}.
     */
    public record Progress(long lowHeight, long lastHeight, byte[] lastIndexBlockHash, long lastIntervalEnd) {
    }

    /** The volume of one block's trades. */
    public record BlockVolume(long blockHeight, long burnBlockTime, long volumeMicroStx) {
    }

    /**
     * A change of the table, applied in one transaction: drop every row ({@code clear}) or the rows
     * above {@code keepUpTo} and below the new low height, add {@code trades}, record {@code progress}.
     */
    public record Update(boolean clear, long keepUpTo, Collection<Trade> trades, Progress progress) {
    }

    private final DataSource warehouse;

    public NftTradeTable(DataSource warehouse) {
        this.warehouse = warehouse;
    }

    public Optional<Progress> progress() throws SQLException {
        try (Connection c = warehouse.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT low_height, last_height, last_index_block_hash, last_interval_end"
                     + " FROM nft_trades_progress")) {
            return rs.next() ? Optional.of(new Progress(rs.getLong(1), rs.getLong(2), rs.getBytes(3), rs.getLong(4)))
                    : Optional.empty();
        }
    }

    public void apply(Update update) throws SQLException {
        Transactions.inTransaction(warehouse, c -> {
            deleteStale(c, update);
            insert(c, update.trades());
            saveProgress(c, update.progress());
        });
    }

    private static void deleteStale(Connection c, Update update) throws SQLException {
        if (update.clear()) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM nft_trades");
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM nft_trades WHERE block_height > ? OR block_height < ?")) {
            ps.setLong(1, update.keepUpTo());
            ps.setLong(2, update.progress().lowHeight());
            ps.executeUpdate();
        }
    }

    private static void insert(Connection c, Collection<Trade> trades) throws SQLException {
        if (trades.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO nft_trades (tx_id, index_block_hash, block_height,"
                + " burn_block_time, volume_ustx) VALUES (?, ?, ?, ?, ?)")) {
            for (Trade t : trades) {
                ps.setBytes(1, t.txId());
                ps.setBytes(2, t.indexBlockHash());
                ps.setLong(3, t.blockHeight());
                ps.setLong(4, t.burnBlockTime());
                ps.setLong(5, t.volumeMicroStx());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void saveProgress(Connection c, Progress p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO nft_trades_progress (id, low_height, last_height,"
                + " last_index_block_hash, last_interval_end) VALUES (true, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                + " low_height = excluded.low_height, last_height = excluded.last_height,"
                + " last_index_block_hash = excluded.last_index_block_hash, last_interval_end = excluded.last_interval_end,"
                + " updated_at = now()")) {
            ps.setLong(1, p.lowHeight());
            ps.setLong(2, p.lastHeight());
            ps.setBytes(3, p.lastIndexBlockHash());
            ps.setLong(4, p.lastIntervalEnd());
            ps.executeUpdate();
        }
    }

    /**
     * Σ volume per block of the trades in blocks ≤ {@code maxHeight} with {@code burn_block_time ≥
     * fromBurnTime}, by height ascending (exact µSTX).
     */
    public List<BlockVolume> volumesPerBlock(long maxHeight, long fromBurnTime) throws SQLException {
        try (Connection c = warehouse.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT block_height, min(burn_block_time), sum(volume_ustx) FROM nft_trades"
                     + " WHERE block_height <= ? AND burn_block_time >= ? GROUP BY block_height ORDER BY block_height")) {
            ps.setLong(1, maxHeight);
            ps.setLong(2, fromBurnTime);
            List<BlockVolume> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new BlockVolume(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3).longValueExact()));
                }
            }
            return out;
        }
    }
}
