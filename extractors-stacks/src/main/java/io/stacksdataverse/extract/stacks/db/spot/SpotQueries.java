package io.stacksdataverse.extract.stacks.db.spot;

import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.StacksSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The chain reads of the spot statistics (catalog #30), each bounded by the interval's tip H(E)
 * and canonical: counts from {@code chain_tip} minus the rows above H(E) (never a full count), and
 * short reads from the top of the {@code txs} height index.
 */
public final class SpotQueries {
    public static final StacksSchema.TableSet TABLES = new StacksSchema.TableSet("spot statistics", Map.of(
            "txs", List.of("block_height", "burn_block_time", "type_id", "canonical", "microblock_canonical", "microblock_sequence",
                    "tx_index", "fee_rate", "token_transfer_amount", "token_transfer_recipient_address", "index_block_hash"),
            "chain_tip", List.of("tx_count")));
    /** A whale transfer moves at least 1,000,000 STX. */
    public static final long WHALE_TRANSFER_MICRO_STX = 1_000_000_000_000L;

    private final StacksDb db;
    private final String dataset;

    private SpotQueries(StacksDb db, String dataset) {
        this.db = db;
        this.dataset = dataset;
    }

    public static SpotQueries open(StacksDb db, String dataset) throws StacksDatabaseException {
        db.requireTables(dataset, TABLES.and(StacksSchema.CURSOR));
        return new SpotQueries(db, dataset);
    }

    /** Canonical transactions in blocks ≤ H: all of them, and those with {@code burn_block_time} in [from, to). */
    public record TxCounts(long allTime, long inWindow) {
    }

    /**
     * {@code chain_tip.tx_count} minus the canonical rows above {@code maxHeight}, read in one
     * repeatable-read transaction so the counter and the rows agree; the window count is bounded
     * below by {@code lowHeight} (the first block that can carry a time in the window).
     */
    public TxCounts txCounts(long maxHeight, long lowHeight, long from, long to) {
        return db.read(dataset, "transaction counts", c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                long tip = single(c, "SELECT tx_count FROM chain_tip", List.of());
                long above = single(c, "SELECT count(*) FROM txs WHERE block_height > ? AND canonical AND microblock_canonical",
                        List.of(maxHeight));
                long window = single(c, "SELECT count(*) FROM txs WHERE block_height BETWEEN ? AND ? AND canonical"
                        + " AND microblock_canonical AND burn_block_time >= ? AND burn_block_time < ?", List.of(lowHeight, maxHeight, from, to));
                c.commit();
                return new TxCounts(tip - above, window);
            } finally {
                c.rollback();
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setAutoCommit(auto);
            }
        });
    }

    /** The count of canonical transactions in blocks ≤ H, counted row by row (tests check {@link #txCounts} against it). */
    public long fullTxCount(long maxHeight) {
        return db.read(dataset, "full transaction count", c -> single(c,
                "SELECT count(*) FROM txs WHERE block_height <= ? AND canonical AND microblock_canonical", List.of(maxHeight)));
    }

    /** A token transfer: amount in µSTX, {@code burn_block_time}. */
    public record Transfer(long amountMicroStx, long burnBlockTime) {
    }

    /** The newest canonical token transfer of at least {@value #WHALE_TRANSFER_MICRO_STX} µSTX in blocks ≤ H: height descending, then amount descending. */
    public Optional<Transfer> latestWhaleTransfer(long maxHeight) {
        return db.read(dataset, "latest whale transfer", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT token_transfer_amount, burn_block_time FROM txs"
                    + " WHERE block_height <= ? AND canonical AND microblock_canonical AND type_id = 0 AND token_transfer_amount >= ?"
                    + " ORDER BY block_height DESC, token_transfer_amount DESC LIMIT 1")) {
                ps.setLong(1, maxHeight);
                ps.setLong(2, WHALE_TRANSFER_MICRO_STX);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Transfer(rs.getLong(1), rs.getLong(2))) : Optional.empty();
                }
            }
        });
    }

    /** The fees (µSTX) of the {@code n} newest canonical token transfers in blocks ≤ H, newest first. */
    public List<Long> latestTransferFees(long maxHeight, int n) {
        return db.read(dataset, "latest transfer fees", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT fee_rate FROM txs"
                    + " WHERE block_height <= ? AND canonical AND microblock_canonical AND type_id = 0"
                    + " ORDER BY block_height DESC, microblock_sequence DESC, tx_index DESC LIMIT ?")) {
                ps.setLong(1, maxHeight);
                ps.setInt(2, n);
                List<Long> fees = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        fees.add(rs.getLong(1));
                    }
                }
                return fees;
            }
        });
    }

    /** The {@code burn_block_time} of the first canonical block ≤ H with {@code burn_block_height} ≥ {@code burnHeight}. */
    public OptionalLong firstBlockTimeFrom(long burnHeight, long maxHeight) {
        return blockTime("SELECT burn_block_time FROM blocks WHERE canonical AND block_height <= ? AND burn_block_height >= ?"
                + " ORDER BY block_height LIMIT 1", maxHeight, burnHeight);
    }

    /** The {@code burn_block_time} of the highest canonical block ≤ H with {@code burn_block_height} < {@code burnHeight}. */
    public OptionalLong lastBlockTimeBefore(long burnHeight, long maxHeight) {
        return blockTime("SELECT burn_block_time FROM blocks WHERE canonical AND block_height <= ? AND burn_block_height < ?"
                + " ORDER BY block_height DESC LIMIT 1", maxHeight, burnHeight);
    }

    private OptionalLong blockTime(String sql, long maxHeight, long burnHeight) {
        return db.read(dataset, "block time", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, maxHeight);
                ps.setLong(2, burnHeight);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    private static long single(Connection c, String sql, List<Long> args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setLong(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
