package io.stacksdataverse.extract.stacks.db.chain;

import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.DayReads;
import io.stacksdataverse.extract.stacks.db.ReceiverFailure;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.StacksSchema;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Catalog #2's reads (chain family): the principals of canonical STX events with the day each was
 * first seen, streamed for a build, held in memory for a daily run's few new blocks.
 */
public final class PrincipalQueries {
    private static final long DAY = 86_400;

    private final StacksDb db;
    private final String dataset;
    private final ChainCursor cursor;

    public PrincipalQueries(StacksDb db, String dataset) {
        this.db = db;
        this.dataset = dataset;
        this.cursor = new ChainCursor(db, dataset);
    }

    /** The queries, after checking that the database has the chain family's tables. */
    public static PrincipalQueries open(StacksDb db, String dataset) throws StacksDatabaseException {
        db.requireTables(dataset, ChainQueries.TABLES.and(StacksSchema.CURSOR));
        return new PrincipalQueries(db, dataset);
    }

    /** Receives principals streamed from the database, each with the day it was first seen. */
    @FunctionalInterface
    public interface FirstSeenSink {
        /**
         * @param csvLine the row as {@code COPY … (FORMAT csv)} writes it: the principal (quoted when it
         *                must be), a comma, the day {@code YYYY-MM-DD}, a newline; ready for a COPY into another database
         */
        void accept(byte[] csvLine, LocalDate firstDay) throws Exception;
    }

    /**
     * Catalog #2: every principal that is sender or recipient of a canonical STX event in a canonical
     * block up to {@code maxHeight} with {@code burn_block_time} in {@code [fromTime, toExclusive)},
     * with the UTC day of its first such event (a day before {@code notBefore}, unix seconds, counts
     * as that day); streamed, never held in memory. Returns the number of principals.
     */
    public long firstSeenPrincipals(long fromTime, long toExclusive, long maxHeight, long notBefore, FirstSeenSink sink)
            throws Exception {
        long lowHeight = fromTime <= 0 ? 0
                : cursor.firstCanonicalHeightAtOrAfter(fromTime - DayReads.BITCOIN_TIME_AHEAD).orElse(maxHeight + 1);
        return firstSeen(lowHeight, maxHeight, fromTime, toExclusive, notBefore, fromTime > 0, sink);
    }

    /**
     * {@link #firstSeenPrincipals} over the events of the canonical blocks with heights in
     * {@code (aboveHeight, maxHeight]} and {@code burn_block_time < toExclusive}: the principals of
     * the blocks added since a run at {@code aboveHeight}, each with its first day among them.
     */
    public long principalsOfBlocks(long aboveHeight, long maxHeight, long toExclusive, long notBefore, FirstSeenSink sink)
            throws Exception {
        return maxHeight <= aboveHeight ? 0 : firstSeen(aboveHeight + 1, maxHeight, 0, toExclusive, notBefore, true, sink);
    }

    /** The principals of a few days' new blocks, each with its first day among them: sorted by principal. */
    public record NewPrincipals(String[] principals, int[] firstEpochDays) {
        public int size() {
            return principals.length;
        }
    }

    // Every party of every event, unpivoted; grouped in the caller, where a hash map costs less than the
    // server's aggregate and sort for a few thousand rows.
    private static final String PARTIES_OF_BLOCKS_SQL = """
            SELECT p.principal, b.burn_block_time / 86400
            FROM blocks b JOIN stx_events e ON e.index_block_hash = b.index_block_hash
            CROSS JOIN LATERAL (VALUES (e.sender), (e.recipient)) p (principal)
            WHERE b.canonical AND b.block_height BETWEEN ? AND ?
              AND e.canonical AND e.microblock_canonical AND p.principal IS NOT NULL""";

    /**
     * {@link #principalsOfBlocks} for a daily run, held in memory: the principals of the canonical
     * blocks with heights in {@code (aboveHeight, maxHeight]}, each with the UTC day (epoch day) of its
     * first event among them (a day before {@code notBefore}, unix seconds, counts as that day),
     * sorted by principal. Meant for the blocks of a few days: a day brings a few thousand principals.
     */
    public NewPrincipals principalsOfNewBlocks(long aboveHeight, long maxHeight, long notBefore) {
        Map<String, Integer> firstDay = new HashMap<>();
        if (maxHeight > aboveHeight) {
            int notBeforeDay = (int) (notBefore / DAY);
            db.read(dataset, "principals of blocks " + (aboveHeight + 1) + ".." + maxHeight, c -> {
                c.setAutoCommit(false);
                try {
                    StacksDb.serial(c);
                    try (PreparedStatement ps = c.prepareStatement(PARTIES_OF_BLOCKS_SQL)) {
                        ps.setFetchSize(0); // a few days' parties, in one go
                        ps.setInt(1, (int) aboveHeight + 1);
                        ps.setInt(2, (int) maxHeight);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                firstDay.merge(rs.getString(1), Math.max(notBeforeDay, rs.getInt(2)), Math::min);
                            }
                        }
                    }
                } finally {
                    c.rollback();
                }
                return null;
            });
        }
        String[] principals = firstDay.keySet().toArray(new String[0]);
        Arrays.sort(principals); // principals are ASCII: the same order as the warehouse's bytewise one
        int[] days = new int[principals.length];
        for (int i = 0; i < principals.length; i++) {
            days[i] = firstDay.get(principals[i]);
        }
        return new NewPrincipals(principals, days);
    }

    private long firstSeen(long lowHeight, long maxHeight, long fromTime, long toExclusive, long notBefore, boolean shortRead,
                           FirstSeenSink sink) throws Exception {
        // COPY streams the rows with bounded memory and, unlike a cursor, lets the scan use parallel workers.
        // Each event is read once, its two parties unpivoted.
        String sql = """
                COPY (SELECT p.principal, to_char(DATE '1970-01-01' + greatest(min(b.burn_block_time / 86400), %5$d)::int, 'YYYY-MM-DD')
                FROM blocks b JOIN stx_events e ON e.index_block_hash = b.index_block_hash
                CROSS JOIN LATERAL (VALUES (e.sender), (e.recipient)) p (principal)
                WHERE b.canonical AND b.block_height BETWEEN %1$d AND %2$d
                  AND b.burn_block_time >= %3$d AND b.burn_block_time < %4$d
                  AND e.canonical AND e.microblock_canonical AND p.principal IS NOT NULL
                GROUP BY p.principal%6$s) TO STDOUT (FORMAT csv)""".formatted(lowHeight, maxHeight, fromTime, toExclusive,
                notBefore / DAY, shortRead ? " ORDER BY p.principal COLLATE \"C\"" : ""); // in key order for the receiver's lookups
        long n = 0;
        Connection connection;
        try {
            connection = db.dataSource().getConnection();
        } catch (SQLException e) {
            throw db.failure(dataset, "first-seen principals", e);
        }
        try (Connection c = connection) {
            c.setAutoCommit(false);
            org.postgresql.copy.CopyOut copy = null;
            try {
                if (shortRead) {
                    StacksDb.serial(c);
                }
                copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyOut(sql);
                String lastDayText = null;
                LocalDate lastDay = null;
                byte[] line;
                while ((line = copy.readFromCopy()) != null) {
                    // The row ends with the day, e.g. ...,2021-01-14\n
                    String dayText = new String(line, line.length - 11, 10, StandardCharsets.US_ASCII);
                    if (!dayText.equals(lastDayText)) {
                        lastDay = LocalDate.parse(dayText);
                        lastDayText = dayText;
                    }
                    try {
                        sink.accept(line, lastDay);
                    } catch (Exception e) {
                        throw new ReceiverFailure(e);
                    }
                    n++;
                }
            } catch (Exception e) {
                // The receiver's own error goes up as it is; a failed read names the dataset.
                Exception thrown = e instanceof ReceiverFailure r ? r.error() : e;
                // Finish the COPY by reading what is left (a cancel would leave rows on the wire of a pooled
                // connection), then end the transaction; a failure there is added to the first one.
                try {
                    if (copy != null && copy.isActive()) {
                        while (copy.readFromCopy() != null) {
                            // discarded
                        }
                    }
                    c.rollback();
                } catch (Exception cleanup) {
                    thrown.addSuppressed(cleanup);
                }
                throw thrown == e && e instanceof SQLException read ? db.failure(dataset, "first-seen principals", read) : thrown;
            }
            c.rollback();
        }
        return n;
    }

}
