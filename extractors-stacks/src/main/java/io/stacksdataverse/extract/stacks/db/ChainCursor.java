package io.stacksdataverse.extract.stacks.db;

import static io.stacksdataverse.extract.stacks.db.StacksSchema.Blocks;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Where a run stands on the chain: the cutoff block before an instant (H_D for {@code t(D+1)},
 * H(E) for an interval end E), whether a block is still canonical, where a reorganisation forked,
 * and the days of the blocks added since a height. Every read names the dataset it serves.
 */
public final class ChainCursor {
    private static final long DAY = 86_400;

    private final StacksDb db;
    private final String dataset;

    public ChainCursor(StacksDb db, String dataset) {
        this.db = db;
        this.dataset = dataset;
    }

    /** The cursor, after checking that the database has the blocks and the tip ({@link StacksSchema#CURSOR}). */
    public static ChainCursor open(StacksDb db, String dataset) throws StacksDatabaseException {
        db.requireTables(dataset, StacksSchema.CURSOR);
        return new ChainCursor(db, dataset);
    }

    public StacksDb db() {
        return db;
    }

    /** The newest canonical block with {@code block_time < end}: H_D for {@code end = t(D+1)}, H(E) for an interval end E. */
    public Optional<BlockRef> cutoff(Instant end) {
        return snapshot(end, null, -1).cutoff();
    }

    /** {@link #cutoff}, or a (retryable) error saying the chain has no block before {@code end}. */
    public BlockRef requireCutoff(Instant end, String hint) throws StacksDatabaseException {
        Optional<BlockRef> cut = cutoff(end);
        if (cut.isEmpty()) {
            throw new StacksDatabaseException(StacksDb.SOURCE + " " + db.describe() + " has no canonical block before " + end + hint);
        }
        return cut.get();
    }

    private static final String SNAPSHOT_SQL = """
            SELECT c.block_height, c.index_block_hash, c.burn_block_height,
                   (SELECT canonical FROM blocks WHERE index_block_hash = ?) AS last_canonical,
                   s.first_day, s.last_day
            FROM (SELECT 1) one
            LEFT JOIN (SELECT block_height, index_block_hash, burn_block_height FROM blocks
                       WHERE canonical AND block_time < ? ORDER BY block_height DESC LIMIT 1) c ON true
            LEFT JOIN LATERAL (SELECT min(b.burn_block_time) / 86400 * 86400 AS first_day,
                                      max(b.burn_block_time) / 86400 * 86400 AS last_day
                               FROM blocks b
                               WHERE b.canonical AND b.block_height > ? AND b.block_height <= c.block_height) s ON true""";

    /**
     * In one round trip: the cutoff before {@code end} ({@link #cutoff}), whether {@code lastBlock} is
     * still canonical ({@link #isCanonical}) and the span of UTC days of the canonical blocks above
     * {@code aboveHeight} up to the cutoff ({@link #daysOfBlocks}); a daily run's first read.
     *
     * @param lastBlock   the block the newest run stopped at, or null
     * @param aboveHeight the height that run stopped at; negative for none (no span is read)
     */
    public ChainSnapshot snapshot(Instant end, byte[] lastBlock, long aboveHeight) {
        return db.read(dataset, "cutoff before " + end, c -> {
            try (PreparedStatement ps = c.prepareStatement(SNAPSHOT_SQL)) {
                if (lastBlock == null) {
                    ps.setNull(1, Types.BINARY);
                } else {
                    ps.setBytes(1, lastBlock);
                }
                ps.setInt(2, (int) end.getEpochSecond());
                if (aboveHeight < 0) {
                    ps.setNull(3, Types.INTEGER);
                } else {
                    ps.setInt(3, (int) aboveHeight);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    int height = rs.getInt(1);
                    Optional<BlockRef> cut = rs.wasNull() ? Optional.empty()
                            : Optional.of(new BlockRef(height, rs.getBytes(2), rs.getInt(3)));
                    boolean canonical = rs.getBoolean(4);
                    Optional<Boolean> lastCanonical = rs.wasNull() ? Optional.empty() : Optional.of(canonical);
                    long first = rs.getLong(5);
                    OptionalLong firstDay = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(first);
                    long last = rs.getLong(6);
                    OptionalLong lastDay = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(last);
                    return new ChainSnapshot(cut, lastCanonical, firstDay, lastDay);
                }
            }
        });
    }

    /** Whether the block is (still) canonical; empty when the database does not know it. */
    public Optional<Boolean> isCanonical(byte[] indexBlockHash) {
        return db.query(dataset, "canonical check", dsl -> dsl.select(Blocks.CANONICAL).from(Blocks.T)
                .where(Blocks.INDEX_BLOCK_HASH.eq(indexBlockHash)).fetchOptional(Blocks.CANONICAL));
    }

    /**
     * The height of the newest canonical ancestor of a block that is no longer canonical: where a
     * reorganisation forked away from it (walking parents, at most {@code maxDepth} blocks).
     */
    public OptionalLong forkHeight(byte[] orphanedBlock, int maxDepth) {
        Field<Integer> height = field(name("fork_height"), SQLDataType.INTEGER);
        Integer h = db.query(dataset, "fork height", dsl -> dsl.resultQuery("""
                        WITH RECURSIVE walk(hash, parent, height, canonical, depth) AS (
                            SELECT index_block_hash, parent_index_block_hash, block_height, canonical, 0
                            FROM blocks WHERE index_block_hash = {0}
                          UNION ALL
                            SELECT b.index_block_hash, b.parent_index_block_hash, b.block_height, b.canonical, w.depth + 1
                            FROM walk w JOIN blocks b ON b.index_block_hash = w.parent
                            WHERE NOT w.canonical AND w.depth < {1}
                        )
                        SELECT max(height) AS fork_height FROM walk WHERE canonical""", DSL.val(orphanedBlock), inline(maxDepth))
                .coerce(height).fetchOne(height));
        return h == null ? OptionalLong.empty() : OptionalLong.of(h);
    }

    /**
     * The lowest canonical block height whose own time is at or after {@code time} (blocks of an
     * older Bitcoin time may follow it in a Nakamoto tenure; none precede it).
     */
    public OptionalLong firstCanonicalHeightAtOrAfter(long time) {
        // The subquery reads the blocks from that time on through the (canonical) block_time index;
        // a bare min() would walk the height index from genesis instead.
        Integer h = db.query(dataset, "first block at or after " + time, dsl -> dsl.resultQuery(
                        "SELECT min(block_height) FROM (SELECT block_height FROM blocks"
                        + " WHERE canonical AND block_time >= {0} OFFSET 0) later", DSL.val((int) time))
                .fetchOne(0, Integer.class));
        return h == null ? OptionalLong.empty() : OptionalLong.of(h);
    }

    /**
     * The UTC days (day starts, by {@code burn_block_time}, ascending) of the canonical blocks with
     * heights in {@code (aboveHeight, maxHeight]}: the days that blocks added since a run at
     * {@code aboveHeight} can change.
     */
    public NavigableSet<Long> daysOfBlocks(long aboveHeight, long maxHeight) {
        NavigableSet<Long> days = new TreeSet<>();
        if (maxHeight <= aboveHeight) {
            return days;
        }
        Field<Long> day = Blocks.BURN_BLOCK_TIME.div(inline((int) DAY)).mul(inline((int) DAY)).cast(SQLDataType.BIGINT).as("day");
        db.query(dataset, "days of blocks " + (aboveHeight + 1) + ".." + maxHeight, dsl -> dsl.selectDistinct(day).from(Blocks.T)
                .where(Blocks.CANONICAL.isTrue()
                        .and(Blocks.BLOCK_HEIGHT.gt((int) aboveHeight))
                        .and(Blocks.BLOCK_HEIGHT.le((int) maxHeight)))
                .fetch())
                .forEach(r -> days.add(r.value1()));
        return days;
    }

    /** The UTC day start of the first canonical block, if any. */
    public OptionalLong firstBlockDay() {
        Integer t = db.query(dataset, "first block", dsl -> dsl.select(DSL.min(Blocks.BURN_BLOCK_TIME)).from(Blocks.T)
                .where(Blocks.CANONICAL.isTrue()).fetchOne(0, Integer.class));
        return t == null ? OptionalLong.empty() : OptionalLong.of(t / DAY * DAY);
    }

    /** {@code chain_tip.block_height}: the newest block the API has indexed. */
    public long tipHeight() {
        Integer h = db.query(dataset, "chain_tip", dsl -> dsl.select(StacksSchema.ChainTipTable.BLOCK_HEIGHT)
                .from(StacksSchema.ChainTipTable.T).fetchOne(StacksSchema.ChainTipTable.BLOCK_HEIGHT));
        return h == null ? 0 : h;
    }
}
