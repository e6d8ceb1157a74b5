package io.stacksdataverse.extract.stacks.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the families read one value per UTC day over a range of blocks. */
public final class DayReads {
    /**
     * How far a block's Bitcoin time may lie after its own time, in seconds: Bitcoin accepts block
     * times up to two hours ahead, so a Stacks block stamped just before midnight can carry a Bitcoin
     * time of the next day. Reads that find their first block by its own time start this much earlier.
     */
    public static final long BITCOIN_TIME_AHEAD = 2 * 3600;

    /** Reads of at most this many days (a day's new blocks, a reorg margin) run without parallel workers. */
    public static final int SHORT_READ_DAYS = 7;

    static final long DAY = 86_400;

    private DayReads() {
    }

    /** Reads a column of a result set row. */
    @FunctionalInterface
    public interface DayValue {
        long read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs a per-day query made of two parts that each take (low height, max height, from day, to day)
     * and returns {@code day -> value}. A read of a few days runs without parallel workers (starting
     * them costs more than the read); the rows (one per day) come in one go, without a cursor, so a
     * long read may run in parallel.
     */
    public static Map<Long, Long> readDays(StacksDb db, String dataset, String what, String sql, long lowHeight, long maxHeight,
                                           long fromDay, long toDayExclusive, DayValue value) {
        return db.read(dataset, what, c -> {
            Map<Long, Long> out = new LinkedHashMap<>();
            c.setAutoCommit(false);
            try {
                if (toDayExclusive - fromDay <= SHORT_READ_DAYS * DAY) {
                    StacksDb.serial(c);
                }
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setFetchSize(0);
                    for (int i = 0; i < 2; i++) {
                        ps.setLong(4 * i + 1, lowHeight);
                        ps.setLong(4 * i + 2, maxHeight);
                        ps.setLong(4 * i + 3, fromDay);
                        ps.setLong(4 * i + 4, toDayExclusive);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(rs.getLong(1), value.read(rs));
                        }
                    }
                }
            } finally {
                c.rollback();
            }
            return out;
        });
    }
}
