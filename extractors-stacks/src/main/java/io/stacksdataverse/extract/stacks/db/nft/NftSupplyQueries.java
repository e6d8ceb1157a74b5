package io.stacksdataverse.extract.stacks.db.nft;

import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseStateException;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.StacksSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The reads of catalogs #41–42: mints (type 2) minus burns (type 3) of canonical {@code nft_events}
 * in canonical blocks, per range of heights; the day boundaries H(t(d) + 1800); the oldest block time
 * above a height. A row of another event type fails the read, naming it, rather than count wrong.
 */
public final class NftSupplyQueries {
    public static final StacksSchema.TableSet TABLES = new StacksSchema.TableSet("nft supply", Map.of(
            "nft_events", List.of("event_index", "tx_id", "block_height", "index_block_hash", "microblock_canonical", "canonical",
                    "asset_event_type_id", "asset_identifier")));
    /** A day's boundary lies this long after its start: the end of its first half-hourly interval. */
    public static final long BOUNDARY_OFFSET = 1800;

    private final StacksDb db;
    private final String dataset;

    private NftSupplyQueries(StacksDb db, String dataset) {
        this.db = db;
        this.dataset = dataset;
    }

    public static NftSupplyQueries open(StacksDb db, String dataset) throws StacksDatabaseException {
        db.requireTables(dataset, TABLES.and(StacksSchema.CURSOR));
        return new NftSupplyQueries(db, dataset);
    }

    /** A day boundary: H(t(d) + 1800) ({@code null} when no canonical block is older) and the change up to it. */
    public record DayChange(long dayStart, Long boundaryHeight, long change) {
    }

    // One scan of the blocks whose own time falls after the base day's boundary (all blocks without a
    // base), through the canonical block_time index: each block lands on the first day whose boundary
    // is after its time (older ones on the first day), and a day's boundary is the running maximum height from the base on. Each
    // day's change is then the events of the blocks above the previous boundary up to its own.
    private static final String DAY_CHANGES_SQL = """
            WITH late AS (
                SELECT greatest(((block_time - ?)::bigint / 86400 + 1) * 86400, ?::bigint) AS day_start, max(block_height) AS h
                FROM blocks
                WHERE canonical AND block_height <= ? AND block_time >= ? AND block_time < ?::bigint + ?
                GROUP BY 1
            ), bounds AS (
                SELECT d.day_start, nullif(greatest(?, max(late.h) OVER (ORDER BY d.day_start)), -1) AS h
                FROM generate_series(?::bigint, ?::bigint, 86400) AS d(day_start)
                LEFT JOIN late ON late.day_start = d.day_start
            ), ranges AS (
                SELECT day_start, h, coalesce(lag(h) OVER (ORDER BY day_start), ?) AS above FROM bounds
            )
            SELECT r.day_start, r.h, coalesce(x.change, 0), coalesce(x.unknown, 0)
            FROM ranges r
            LEFT JOIN LATERAL (""" + changeBetween("r.above", "r.h") + ") x ON true ORDER BY r.day_start";

    private static String changeBetween(String above, String upTo) {
        return "SELECT sum(CASE e.asset_event_type_id WHEN 2 THEN 1 WHEN 3 THEN -1 ELSE 0 END) AS change,"
                + " count(*) FILTER (WHERE e.asset_event_type_id NOT IN (2, 3)) AS unknown"
                + " FROM nft_events e JOIN blocks b ON b.index_block_hash = e.index_block_hash"
                + " WHERE b.canonical AND e.canonical AND e.microblock_canonical AND e.asset_event_type_id <> 1"
                + " AND e.block_height > " + above + " AND e.block_height <= " + upTo
                + " AND b.block_height > " + above + " AND b.block_height <= " + upTo;
    }

    /**
     * The boundaries of the days {@code firstDayStart…lastDayStart} (day starts) and, for each, the
     * mints − burns in the canonical blocks above the previous boundary up to it, starting above
     * {@code aboveHeight} (−1: from genesis); boundaries never exceed {@code maxHeight}.
     */
    public List<DayChange> dayChanges(long firstDayStart, long lastDayStart, long aboveHeight, long maxHeight)
            throws StacksDatabaseStateException {
        List<DayChange> out = new ArrayList<>();
        long unknown = db.read(dataset, "nft supply per day", c -> {
            try (PreparedStatement ps = c.prepareStatement(DAY_CHANGES_SQL)) {
                // Without a base every block counts; with one, the blocks older than the base day's
                // boundary are at most the base height, which the base already stands for.
                long oldest = aboveHeight < 0 ? 0 : firstDayStart - 86_400 + BOUNDARY_OFFSET;
                ps.setInt(1, (int) BOUNDARY_OFFSET);
                ps.setLong(2, firstDayStart);
                ps.setInt(3, (int) maxHeight);
                ps.setInt(4, (int) oldest);
                ps.setLong(5, lastDayStart);
                ps.setInt(6, (int) BOUNDARY_OFFSET);
                ps.setInt(7, (int) aboveHeight);
                ps.setLong(8, firstDayStart);
                ps.setLong(9, lastDayStart);
                ps.setInt(10, (int) aboveHeight);
                long bad = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int h = rs.getInt(2);
                        Long height = rs.wasNull() ? null : (long) h;
                        out.add(new DayChange(rs.getLong(1), height, rs.getLong(3)));
                        bad += rs.getLong(4);
                    }
                }
                return bad;
            }
        });
        if (unknown > 0) {
            throw unknownType(aboveHeight, maxHeight);
        }
        return out;
    }

    /** Mints − burns in the canonical blocks with heights in {@code (aboveHeight, maxHeight]}. */
    public long changeBetween(long aboveHeight, long maxHeight) throws StacksDatabaseStateException {
        if (maxHeight <= aboveHeight) {
            return 0;
        }
        long[] changeAndUnknown = db.read(dataset, "nft supply change " + (aboveHeight + 1) + ".." + maxHeight, c -> {
            try (PreparedStatement ps = c.prepareStatement(changeBetween("?", "?"))) {
                ps.setInt(1, (int) aboveHeight);
                ps.setInt(2, (int) maxHeight);
                ps.setInt(3, (int) aboveHeight);
                ps.setInt(4, (int) maxHeight);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2)};
                }
            }
        });
        if (changeAndUnknown[1] > 0) {
            throw unknownType(aboveHeight, maxHeight);
        }
        return changeAndUnknown[0];
    }

    /**
     * The oldest own time ({@code block_time}) of the canonical blocks with heights in
     * {@code (aboveHeight, maxHeight]}: a block the API indexed late moves the boundaries after it.
     */
    public OptionalLong oldestBlockTimeBetween(long aboveHeight, long maxHeight) {
        return db.read(dataset, "oldest block time above " + aboveHeight, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT min(block_time) FROM blocks WHERE canonical AND block_height > ? AND block_height <= ?")) {
                ps.setInt(1, (int) aboveHeight);
                ps.setInt(2, (int) maxHeight);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long t = rs.getLong(1);
                    return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(t);
                }
            }
        });
    }

    /** The error for an event type the count does not know, naming the first such row. */
    private StacksDatabaseStateException unknownType(long aboveHeight, long maxHeight) {
        String row = db.read(dataset, "nft event of an unknown type", c -> firstUnknown(c, aboveHeight, maxHeight));
        return new StacksDatabaseStateException(dataset + ": " + StacksDb.SOURCE + " " + db.describe() + ": canonical nft_events row "
                + row + " has an asset_event_type_id other than 1 (transfer), 2 (mint) or 3 (burn); the NFT count cannot"
                + " know whether it adds or removes a token");
    }

    private static String firstUnknown(Connection c, long aboveHeight, long maxHeight) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT e.tx_id, e.event_index, b.block_height, e.asset_event_type_id,"
                + " e.asset_identifier FROM nft_events e JOIN blocks b ON b.index_block_hash = e.index_block_hash"
                + " WHERE b.canonical AND e.canonical AND e.microblock_canonical AND e.asset_event_type_id NOT IN (1, 2, 3)"
                + " AND b.block_height > ? AND b.block_height <= ? ORDER BY b.block_height, e.microblock_sequence, e.tx_index, e.event_index LIMIT 1")) {
            ps.setInt(1, (int) aboveHeight);
            ps.setInt(2, (int) maxHeight);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? describe(rs) : "(gone on a second read)";
            }
        }
    }

    /** {@code tx 0x… event n in block h (asset_event_type_id t, asset_identifier a)} from the first five columns. */
    static String describe(ResultSet rs) throws SQLException {
        return "tx 0x" + HexFormat.of().formatHex(rs.getBytes(1)) + " event " + rs.getInt(2) + " in block " + rs.getInt(3)
                + " (asset_event_type_id " + rs.getInt(4) + ", asset_identifier '" + rs.getString(5) + "')";
    }
}
