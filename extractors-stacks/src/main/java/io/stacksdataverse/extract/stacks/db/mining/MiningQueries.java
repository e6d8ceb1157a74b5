package io.stacksdataverse.extract.stacks.db.mining;

import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.StacksSchema;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The mining family's reads (catalogs #32–34): the window of the newest tenure-start blocks (canonical
 * blocks holding a canonical coinbase) up to a height, with each tenure's burn totals, winning commit,
 * matured coinbase and fees, in one set-based query; and the sats committed over a range of burn heights.
 */
public final class MiningQueries {
    /** What the mining family reads besides the cursor's blocks. */
    public static final StacksSchema.TableSet TABLES = new StacksSchema.TableSet("mining", Map.of(
            "blocks", List.of("miner_txid"),
            "txs", List.of("index_block_hash", "block_height", "type_id", "sender_address", "fee_rate", "canonical",
                    "microblock_canonical"),
            "burnchain_rewards", List.of("canonical", "burn_block_height", "burn_amount", "reward_amount"),
            "burn_block_pox_txs", List.of("canonical", "burn_block_height", "tx_id", "amount"),
            "miner_rewards", List.of("index_block_hash", "from_index_block_hash", "canonical", "coinbase_amount")));

    private final StacksDb db;
    private final String dataset;

    public MiningQueries(StacksDb db, String dataset) {
        this.db = db;
        this.dataset = dataset;
    }

    /** The queries, after checking that the database has the mining family's tables. */
    public static MiningQueries open(StacksDb db, String dataset) throws StacksDatabaseException {
        db.requireTables(dataset, TABLES.and(StacksSchema.CURSOR));
        return new MiningQueries(db, dataset);
    }

    /**
     * One tenure of the window, keyed by its tenure-start block. Sums are exact integers; a null sum
     * means the table has no row for it.
     *
     * @param burnSats       Σ {@code reward_amount} + the (largest) {@code burn_amount} of the canonical
     *                       {@code burnchain_rewards} of the burn height, or null without rows
     * @param winnerSats     Σ canonical {@code burn_block_pox_txs.amount} of the block's {@code miner_txid}
     *                       at that burn height, or null without rows
     * @param maturedMicroStx Σ canonical {@code miner_rewards.coinbase_amount} earned by the tenure's blocks
     *                       and matured in a canonical block up to the cutoff, or null without rows
     * @param feesMicroStx   Σ {@code fee_rate} of the canonical transactions of the tenure's blocks
     */
    public record TenureRow(long height, long burnBlockHeight, long burnBlockTime, String winner, Long burnSats, Long winnerSats,
                            Long maturedMicroStx, long feesMicroStx) {
    }

    // The window is read newest first through the txs height index; each tenure spans the canonical
    // blocks from its start to the block before the next start (the newest one to the cutoff). A
    // tenure's coinbase matures after it starts, so the rewards are found from the maturing blocks of
    // the window's span (miner_rewards is indexed by index_block_hash, not by from_index_block_hash),
    // each looked up through that index (OFFSET 0 keeps the lookup per block: joined freely, the
    // planner hashes a scan of the whole table, which grows with the history).
    /** The statement of {@link #window}; its parameters: maxHeight, size, maxHeight, maxHeight (the benchmark times it bare). */
    public static final String WINDOW_SQL = """
            WITH w AS (
                SELECT t.block_height AS h, b.burn_block_height AS bh, b.burn_block_time AS bt, b.miner_txid, t.sender_address AS winner
                FROM txs t JOIN blocks b ON b.index_block_hash = t.index_block_hash AND b.canonical
                WHERE t.canonical AND t.microblock_canonical AND t.type_id IN (4, 5, 8) AND t.block_height <= ?
                ORDER BY t.block_height DESC, t.microblock_sequence DESC, t.tx_index DESC
                LIMIT ?
            ), spans AS (
                SELECT h, bh, bt, miner_txid, winner, coalesce(lead(h) OVER (ORDER BY h) - 1, ?) AS last FROM w
            ), burns AS (
                SELECT burn_block_height, sum(reward_amount) + max(burn_amount) AS sats FROM burnchain_rewards
                WHERE canonical AND burn_block_height IN (SELECT bh FROM w)
                GROUP BY burn_block_height
            ), commits AS (
                SELECT s.h, sum(p.amount) AS sats
                FROM spans s JOIN burn_block_pox_txs p ON p.canonical AND p.burn_block_height = s.bh AND p.tx_id = s.miner_txid
                GROUP BY s.h
            ), rewards AS (
                SELECT s.h, sum(m.coinbase_amount) AS ustx
                FROM blocks mb
                CROSS JOIN LATERAL (SELECT r.coinbase_amount, r.from_index_block_hash FROM miner_rewards r
                    WHERE r.index_block_hash = mb.index_block_hash AND r.canonical OFFSET 0) m
                JOIN blocks fb ON fb.index_block_hash = m.from_index_block_hash AND fb.canonical
                JOIN spans s ON fb.block_height BETWEEN s.h AND s.last
                WHERE mb.canonical AND mb.block_height BETWEEN (SELECT min(h) FROM w) AND ?
                GROUP BY s.h
            ), fees AS (
                SELECT s.h, sum(t.fee_rate) AS ustx
                FROM spans s JOIN txs t ON t.canonical AND t.microblock_canonical AND t.block_height BETWEEN s.h AND s.last
                GROUP BY s.h
            )
            SELECT s.h, s.bh, s.bt, s.winner, bu.sats, c.sats, r.ustx, f.ustx
            FROM spans s
            LEFT JOIN burns bu ON bu.burn_block_height = s.bh
            LEFT JOIN commits c ON c.h = s.h
            LEFT JOIN rewards r ON r.h = s.h
            LEFT JOIN fees f ON f.h = s.h
            ORDER BY s.h""";

    /**
     * The newest {@code size} tenures whose start block is at most {@code maxHeight}, ascending by
     * height (fewer on a shorter chain, none before the first coinbase).
     */
    public List<TenureRow> window(long maxHeight, int size) {
        return db.read(dataset, "mining window up to " + maxHeight, c -> {
            List<TenureRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(WINDOW_SQL)) {
                ps.setInt(1, (int) maxHeight);
                ps.setInt(2, size);
                ps.setInt(3, (int) maxHeight);
                ps.setInt(4, (int) maxHeight);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Long fees = exact(rs, 8);
                        out.add(new TenureRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), exact(rs, 5),
                                exact(rs, 6), exact(rs, 7), fees == null ? 0 : fees));
                    }
                }
            }
            return out;
        });
    }

    private static final String NEWEST_MATURED_SQL = """
            SELECT sum(m.coinbase_amount) FROM miner_rewards m
            WHERE m.canonical AND m.index_block_hash = (
                SELECT b.index_block_hash FROM blocks b
                WHERE b.canonical AND b.block_height <= ?
                  AND EXISTS (SELECT 1 FROM miner_rewards r WHERE r.index_block_hash = b.index_block_hash AND r.canonical)
                ORDER BY b.block_height DESC LIMIT 1)""";

    /**
     * The coinbase (µSTX) matured in the newest canonical block up to {@code maxHeight} that matured
     * one: the reward of the newest tenure whose coinbase has matured; empty when none has.
     */
    public OptionalLong newestMaturedCoinbase(long maxHeight) {
        return db.read(dataset, "newest matured coinbase up to " + maxHeight, c -> {
            try (PreparedStatement ps = c.prepareStatement(NEWEST_MATURED_SQL)) {
                ps.setInt(1, (int) maxHeight);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    Long v = exact(rs, 1);
                    return v == null ? OptionalLong.empty() : OptionalLong.of(v);
                }
            }
        });
    }

    /** Per burn height in (?, ?]: Σ reward_amount + one burn_amount; summed, and summed up to the settled height ?. */
    public static final String COMMITTED_SQL = """
            SELECT coalesce(sum(sats) FILTER (WHERE burn_block_height <= ?), 0), coalesce(sum(sats), 0) FROM (
                SELECT burn_block_height, sum(reward_amount) + max(burn_amount) AS sats FROM burnchain_rewards
                WHERE canonical AND burn_block_height > ? AND burn_block_height <= ?
                GROUP BY burn_block_height
            ) per_burn_block""";

    /** Sats committed over a range of burn heights: in all, and over its part up to a settled height. */
    public record CommittedSats(long upToSettled, long all) {
    }

    /**
     * Σ over every canonical burn height in ({@code fromExclusive}, {@code toInclusive}] with rows of
     * (Σ {@code reward_amount} + one {@code burn_amount}), in sats, in all and over the heights ≤
     * {@code settledHeight}: one grouped aggregate over {@code burnchain_rewards}; 0 without rows.
     */
    public CommittedSats committedSats(long fromExclusive, long settledHeight, long toInclusive) {
        return db.read(dataset, "sats committed at burn heights " + fromExclusive + " < h <= " + toInclusive, c -> {
            try (PreparedStatement ps = c.prepareStatement(COMMITTED_SQL)) {
                ps.setLong(1, settledHeight);
                ps.setLong(2, fromExclusive);
                ps.setLong(3, toInclusive);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new CommittedSats(exact(rs, 1), exact(rs, 2));
                }
            }
        });
    }

    private static Long exact(ResultSet rs, int column) throws SQLException {
        BigDecimal v = rs.getBigDecimal(column);
        return v == null ? null : v.longValueExact();
    }
}
