package io.stacksdataverse.extract.stacks.db;

import static io.stacksdataverse.extract.stacks.db.StacksSchema.Blocks;
import static io.stacksdataverse.extract.stacks.db.StacksSchema.Microblocks;
import static io.stacksdataverse.extract.stacks.db.StacksSchema.Txs;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;

import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.LayeredConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A read-only connection to a Stacks Blockchain API database (the indexer's PostgreSQL, not the
 * warehouse), and the set-based queries the chain datasets run on it. Every query applies the
 * canonical filter ({@code canonical} and, where the table has it, {@code microblock_canonical})
 * and is bounded by a block height, so a re-run sees the same rows.
 */
public final class StacksDatabase {
    public static final String SOURCE = "stacks-db";
    /** The schema subset we read, as DDL, for tests and the benchmark's synthetic database. */
    public static final String SUBSET_DDL_RESOURCE = "/io/stacksdataverse/extract/stacks/db/stacks-api-schema-subset.sql";
    private static final long DAY = 86_400;

    private final DataSource dataSource;
    private final String description;
    private volatile boolean schemaChecked;

    public StacksDatabase(DataSource dataSource, String description) {
        this.dataSource = dataSource;
        this.description = description;
    }

    /**
     * The database named by {@code STACKS_DB_URL} ({@code jdbc:postgresql://host:5432/stacks_blockchain_api}; with no
     * {@code ?currentSchema=} the tables are found in the search path or else in {@value #V9_SCHEMA}),
     * {@code STACKS_DB_USER}, {@code STACKS_DB_PASSWORD}; empty when it is not configured.
     */
    public static Optional<StacksDatabase> fromConfig(Config config) {
        Optional<String> url = config.get("STACKS_DB_URL");
        if (url.isEmpty()) {
            return Optional.empty();
        }
        if (!url.get().startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException("STACKS_DB_URL must be a jdbc:postgresql: URL, got " + LayeredConfig.sanitize(url.get()));
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url.get());
        config.get("STACKS_DB_USER").ifPresent(ds::setUser);
        config.secret("STACKS_DB_PASSWORD").ifPresent(p -> ds.setPassword(p.reveal()));
        ds.setReadOnly(true);
        ds.setApplicationName("stacks-dataverse");
        ds.setDefaultRowFetchSize(10_000);
        ds.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        ds.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
        // A hung query must not hold a scheduler thread forever while heartbeats keep flowing.
        java.time.Duration statementTimeout = config.getDuration("STACKS_DB_STATEMENT_TIMEOUT", DEFAULT_STATEMENT_TIMEOUT);
        if (!statementTimeout.isZero()) {
            ds.setOptions("-c statement_timeout=" + statementTimeout.toMillis());
        }
        boolean schemaNamed = url.get().matches("(?i).*[?&]currentSchema=.*");
        return Optional.of(pooled(ds, LayeredConfig.sanitize(url.get()), schemaNamed ? null : V9_SCHEMA_FALLBACK));
    }

    /** Longest a single statement may run on the Stacks API database ({@code STACKS_DB_STATEMENT_TIMEOUT}, 0: none). */
    public static final java.time.Duration DEFAULT_STATEMENT_TIMEOUT = java.time.Duration.ofMinutes(30);

    /** How long one connection attempt may take; the pool waits twice that before it names the last failure. */
    static final int CONNECT_TIMEOUT_SECONDS = 5;

    /** The schema the API (v9 and later, {@code PG_SCHEMA}) keeps its tables in by default; v8 used {@code public}. */
    public static final String V9_SCHEMA = "stacks_blockchain_api";
    /**
     * Run on each new connection when the URL names no schema: when the search path finds no {@code blocks} table
     * and {@value #V9_SCHEMA} has one, that schema becomes the search path (an explicit currentSchema always wins).
     */
    static final String V9_SCHEMA_FALLBACK = "SELECT set_config('search_path', CASE WHEN to_regclass('blocks') IS NULL"
            + " AND to_regclass('" + V9_SCHEMA + ".blocks') IS NOT NULL THEN '" + V9_SCHEMA + "'"
            + " ELSE current_setting('search_path') END, false)";

    /** A Stacks database over connections from {@code connections}, pooled (at most 4 open), read-only. */
    public static StacksDatabase pooled(DataSource connections, String description) {
        return pooled(connections, description, null);
    }

    private static StacksDatabase pooled(DataSource connections, String description, String connectionInitSql) {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setDataSource(connections);
        if (connectionInitSql != null) {
            config.setConnectionInitSql(connectionInitSql);
        }
        config.setPoolName("stacks-db");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setReadOnly(true);
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(2_000L * CONNECT_TIMEOUT_SECONDS);
        return new StacksDatabase(new com.zaxxer.hikari.HikariDataSource(config), description);
    }

    public static String subsetDdl() {
        try (InputStream in = StacksDatabase.class.getResourceAsStream(SUBSET_DDL_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String describe() {
        return description;
    }

    public DSLContext dsl() {
        return DSL.using(dataSource, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
    }

    /**
     * Fails with a list of what is missing when a table or column we read is absent (an API
     * version this code does not fit, or a wrong database or schema).
     */
    public void checkSchema() throws StacksDatabaseException {
        if (schemaChecked) {
            return;
        }
        Map<String, List<String>> present = new TreeMap<>();
        try {
            dsl().resultQuery("SELECT table_name, column_name FROM information_schema.columns"
                            + " WHERE table_schema = ANY (current_schemas(false))")
                    .fetch()
                    .forEach(r -> present.computeIfAbsent(r.get(0, String.class), k -> new ArrayList<>()).add(r.get(1, String.class)));
        } catch (RuntimeException e) {
            throw new StacksDatabaseException("cannot read the schema of " + description + ": " + io.stacksdataverse.spi.ErrorReasons.of(e), e);
        }
        List<String> missing = new ArrayList<>();
        StacksSchema.REQUIRED.forEach((table, columns) -> {
            List<String> have = present.get(table);
            if (have == null) {
                missing.add("table " + table);
            } else {
                columns.stream().filter(c -> !have.contains(c)).forEach(c -> missing.add(table + "." + c));
            }
        });
        if (!missing.isEmpty()) {
            throw new StacksDatabaseStateException(SOURCE + " " + description + " is not a Stacks Blockchain API database this"
                    + " version can read (v8 or later, with block_time): missing " + String.join(", ", missing)
                    + ". The tables are looked for in the search path, then in " + V9_SCHEMA + " (the API's default since v9);"
                    + " if the API keeps them in another schema, add ?currentSchema=<schema> to STACKS_DB_URL.");
        }
        schemaChecked = true; // once per process: an API upgrade that drops a column needs a restart to be seen
    }


    /** The newest canonical block with {@code block_time < end}: H_D for {@code end = t(D+1)}, H(E) for an interval end E. */
    public Optional<BlockRef> cutoff(Instant end) {
        return snapshot(end, null, -1).cutoff();
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
        try (Connection c = dataSource.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(SNAPSHOT_SQL)) {
            if (lastBlock == null) {
                ps.setNull(1, java.sql.Types.BINARY);
            } else {
                ps.setBytes(1, lastBlock);
            }
            ps.setInt(2, (int) end.getEpochSecond());
            if (aboveHeight < 0) {
                ps.setNull(3, java.sql.Types.INTEGER);
            } else {
                ps.setInt(3, (int) aboveHeight);
            }
            try (java.sql.ResultSet rs = ps.executeQuery()) {
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
        } catch (SQLException e) {
            throw new org.jooq.exception.DataAccessException(SOURCE + " " + description + ": cutoff before " + end + ": "
                    + e.getMessage(), e);
        }
    }

    /** Whether the block is (still) canonical; empty when the database does not know it. */
    public Optional<Boolean> isCanonical(byte[] indexBlockHash) {
        return dsl().select(Blocks.CANONICAL).from(Blocks.T).where(Blocks.INDEX_BLOCK_HASH.eq(indexBlockHash))
                .fetchOptional(Blocks.CANONICAL);
    }

    /**
     * The height of the newest canonical ancestor of a block that is no longer canonical: where a
     * reorganisation forked away from it (walking parents, at most {@code maxDepth} blocks).
     */
    public OptionalLong forkHeight(byte[] orphanedBlock, int maxDepth) {
        Field<Integer> height = field(name("fork_height"), SQLDataType.INTEGER);
        Integer h = dsl().resultQuery("""
                        WITH RECURSIVE walk(hash, parent, height, canonical, depth) AS (
                            SELECT index_block_hash, parent_index_block_hash, block_height, canonical, 0
                            FROM blocks WHERE index_block_hash = {0}
                          UNION ALL
                            SELECT b.index_block_hash, b.parent_index_block_hash, b.block_height, b.canonical, w.depth + 1
                            FROM walk w JOIN blocks b ON b.index_block_hash = w.parent
                            WHERE NOT w.canonical AND w.depth < {1}
                        )
                        SELECT max(height) AS fork_height FROM walk WHERE canonical""", DSL.val(orphanedBlock), inline(maxDepth))
                .coerce(height).fetchOne(height);
        return h == null ? OptionalLong.empty() : OptionalLong.of(h);
    }

    /**
     * The lowest canonical block height whose own time is at or after {@code time} (blocks of an
     * older Bitcoin time may follow it in a Nakamoto tenure; none precede it).
     */
    public OptionalLong firstCanonicalHeightAtOrAfter(long time) {
        // The subquery reads the blocks from that time on through the (canonical) block_time index;
        // a bare min() would walk the height index from genesis instead.
        Integer h = dsl().resultQuery("SELECT min(block_height) FROM (SELECT block_height FROM blocks"
                        + " WHERE canonical AND block_time >= {0} OFFSET 0) later", DSL.val((int) time))
                .fetchOne(0, Integer.class);
        return h == null ? OptionalLong.empty() : OptionalLong.of(h);
    }

    /**
     * The UTC days (day starts, by {@code burn_block_time}, ascending) of the canonical blocks with
     * heights in {@code (aboveHeight, maxHeight]}: the days that blocks added since a run at
     * {@code aboveHeight} can change.
     */
    public java.util.NavigableSet<Long> daysOfBlocks(long aboveHeight, long maxHeight) {
        java.util.NavigableSet<Long> days = new java.util.TreeSet<>();
        if (maxHeight <= aboveHeight) {
            return days;
        }
        Field<Long> day = Blocks.BURN_BLOCK_TIME.div(inline((int) DAY)).mul(inline((int) DAY)).cast(SQLDataType.BIGINT).as("day");
        dsl().selectDistinct(day).from(Blocks.T)
                .where(Blocks.CANONICAL.isTrue()
                        .and(Blocks.BLOCK_HEIGHT.gt((int) aboveHeight))
                        .and(Blocks.BLOCK_HEIGHT.le((int) maxHeight)))
                .fetch()
                .forEach(r -> days.add(r.value1()));
        return days;
    }

    /**
     * Catalog #1: canonical transactions per UTC day of {@code burn_block_time}, for days in
     * {@code [fromDay, toDayExclusive)} (unix seconds of day starts), in blocks up to {@code maxHeight}.
     * One grouped scan; days without transactions are absent.
     */
    public Map<Long, Long> dailyTxCounts(long fromDay, long toDayExclusive, long maxHeight) {
        // Plain JDBC: a daily run sends this once with a one-day range, where rendering the query cost
        // more than running it; the driver keeps the statement prepared on its connection.
        Map<Long, Long> out = new LinkedHashMap<>();
        // A read of a few days and a read of the whole history get different texts, so that PostgreSQL never
        // reuses the plan it caches for the one (an index range) for the other (a scan of the table).
        String sql = toDayExclusive - fromDay <= SHORT_READ_DAYS * DAY ? DAILY_TX_COUNTS_SQL : DAILY_TX_COUNTS_SQL + " -- long read";
        try (Connection c = dataSource.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, (int) maxHeight);
            ps.setInt(2, (int) Math.max(Integer.MIN_VALUE, fromDay));
            ps.setInt(3, (int) Math.min(Integer.MAX_VALUE, toDayExclusive));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new org.jooq.exception.DataAccessException(SOURCE + " " + description + ": transactions per day: " + e.getMessage(), e);
        }
        return out;
    }

    private static final String DAILY_TX_COUNTS_SQL = """
            SELECT burn_block_time / 86400 * 86400 AS day, count(*) FROM txs
            WHERE canonical AND microblock_canonical AND block_height <= ? AND burn_block_time >= ? AND burn_block_time < ?
            GROUP BY 1 ORDER BY 1""";

    /**
     * Catalog #3: distinct principals (sender or recipient of a canonical STX event, joined to its
     * canonical block on {@code index_block_hash}) per UTC day of the block's {@code burn_block_time},
     * for days in {@code [fromDay, toDayExclusive)}, in blocks up to {@code maxHeight}. The event
     * scan is bounded by block height: from the first block whose own time is at most
     * {@link #BITCOIN_TIME_AHEAD} before the first day.
     */
    public Map<Long, Long> dailyActivePrincipals(long fromDay, long toDayExclusive, long maxHeight) {
        long lowHeight = firstCanonicalHeightAtOrAfter(fromDay - BITCOIN_TIME_AHEAD).orElse(maxHeight + 1);
        String sql = """
                SELECT day, count(DISTINCT principal) AS principals FROM (
                    SELECT b.burn_block_time / 86400 * 86400 AS day, e.sender AS principal
                    FROM blocks b JOIN stx_events e ON e.index_block_hash = b.index_block_hash
                    WHERE b.canonical AND b.block_height BETWEEN ? AND ? AND b.burn_block_time >= ? AND b.burn_block_time < ?
                      AND e.canonical AND e.microblock_canonical AND e.sender IS NOT NULL
                  UNION ALL
                    SELECT b.burn_block_time / 86400 * 86400, e.recipient
                    FROM blocks b JOIN stx_events e ON e.index_block_hash = b.index_block_hash
                    WHERE b.canonical AND b.block_height BETWEEN ? AND ? AND b.burn_block_time >= ? AND b.burn_block_time < ?
                      AND e.canonical AND e.microblock_canonical AND e.recipient IS NOT NULL
                ) parties
                GROUP BY day ORDER BY day""";
        return readDays("daily active principals", sql, lowHeight, maxHeight, fromDay, toDayExclusive, rs -> rs.getLong(2));
    }

    /** Reads a column of a result set row. */
    @FunctionalInterface
    private interface DayValue {
        long read(java.sql.ResultSet rs) throws SQLException;
    }

    /**
     * Runs a per-day query made of two parts that each take (low height, max height, from day, to day)
     * and returns {@code day -> value}. A read of a few days runs without parallel workers (starting
     * them costs more than the read); the rows (one per day) come in one go, without a cursor, so a
     * long read may run in parallel.
     */
    private Map<Long, Long> readDays(String what, String sql, long lowHeight, long maxHeight, long fromDay, long toDayExclusive,
                                     DayValue value) {
        Map<Long, Long> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (toDayExclusive - fromDay <= SHORT_READ_DAYS * DAY) {
                    serial(c);
                }
                try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setFetchSize(0);
                    for (int i = 0; i < 2; i++) {
                        ps.setLong(4 * i + 1, lowHeight);
                        ps.setLong(4 * i + 2, maxHeight);
                        ps.setLong(4 * i + 3, fromDay);
                        ps.setLong(4 * i + 4, toDayExclusive);
                    }
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(rs.getLong(1), value.read(rs));
                        }
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new org.jooq.exception.DataAccessException(SOURCE + " " + description + ": " + what + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * How far a block's Bitcoin time may lie after its own time, in seconds: Bitcoin accepts block
     * times up to two hours ahead, so a Stacks block stamped just before midnight can carry a Bitcoin
     * time of the next day. Reads that find their first block by its own time start this much earlier.
     */
    public static final long BITCOIN_TIME_AHEAD = 2 * 3600;

    /** Reads of at most this many days (a day's new blocks, a reorg margin) run without parallel workers. */
    public static final int SHORT_READ_DAYS = 7;

    /**
     * Turns parallel query off for the rest of the transaction: a read of a few days' blocks takes a
     * few milliseconds, less than starting the workers would.
     */
    private static void serial(Connection c) throws java.sql.SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL max_parallel_workers_per_gather = 0");
        }
    }

    /** Receives principals streamed from the database, each with the day it was first seen. */
    @FunctionalInterface
    public interface FirstSeenSink {
        /**
         * @param csvLine the row as {@code COPY … (FORMAT csv)} writes it: the principal (quoted when it
         *                must be), a comma, the day {@code YYYY-MM-DD}, a newline; ready for a COPY into another database
         */
        void accept(byte[] csvLine, java.time.LocalDate firstDay) throws Exception;
    }

    /**
     * Catalog #2: every principal that is sender or recipient of a canonical STX event in a canonical
     * block up to {@code maxHeight} with {@code burn_block_time} in {@code [fromTime, toExclusive)},
     * with the UTC day of its first such event (a day before {@code notBefore}, unix seconds, counts
     * as that day); streamed, never held in memory. Returns the number of principals.
     */
    public long firstSeenPrincipals(long fromTime, long toExclusive, long maxHeight, long notBefore, FirstSeenSink sink)
            throws Exception {
        long lowHeight = fromTime <= 0 ? 0 : firstCanonicalHeightAtOrAfter(fromTime - BITCOIN_TIME_AHEAD).orElse(maxHeight + 1);
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
        Map<String, Integer> firstDay = new java.util.HashMap<>();
        if (maxHeight > aboveHeight) {
            int notBeforeDay = (int) (notBefore / DAY);
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    serial(c);
                    try (java.sql.PreparedStatement ps = c.prepareStatement(PARTIES_OF_BLOCKS_SQL)) {
                        ps.setFetchSize(0); // a few days' parties, in one go
                        ps.setInt(1, (int) aboveHeight + 1);
                        ps.setInt(2, (int) maxHeight);
                        try (java.sql.ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                firstDay.merge(rs.getString(1), Math.max(notBeforeDay, rs.getInt(2)), Math::min);
                            }
                        }
                    }
                } finally {
                    c.rollback();
                }
            } catch (SQLException e) {
                throw new org.jooq.exception.DataAccessException(SOURCE + " " + description + ": principals of blocks "
                        + (aboveHeight + 1) + ".." + maxHeight + ": " + e.getMessage(), e);
            }
        }
        String[] principals = firstDay.keySet().toArray(new String[0]);
        java.util.Arrays.sort(principals); // principals are ASCII: the same order as the warehouse's bytewise one
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
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            org.postgresql.copy.CopyOut copy = null;
            try {
                if (shortRead) {
                    serial(c);
                }
                copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyOut(sql);
                String lastDayText = null;
                java.time.LocalDate lastDay = null;
                byte[] line;
                while ((line = copy.readFromCopy()) != null) {
                    // The row ends with the day, e.g. ...,2021-01-14\n
                    String dayText = new String(line, line.length - 11, 10, StandardCharsets.US_ASCII);
                    if (!dayText.equals(lastDayText)) {
                        lastDay = java.time.LocalDate.parse(dayText);
                        lastDayText = dayText;
                    }
                    sink.accept(line, lastDay);
                    n++;
                }
            } catch (Exception e) {
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
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            c.rollback();
        }
        return n;
    }

    /** Receives the whales of a balance snapshot, ascending by balance. */
    @FunctionalInterface
    public interface BalanceSink {
        void accept(String address, java.math.BigDecimal microStx) throws Exception;
    }

    /** How balances as of a block are computed; both give the same numbers. */
    public enum BalanceMethod {
        /**
         * {@code ft_balances} (token {@code stx}, maintained by the API over all canonical rows) minus
         * what canonical rows above the cutoff added: cheap when the cutoff is near the tip.
         */
        FT_BALANCES_MINUS_NEWER,
        /** The sum of every canonical row up to the cutoff: for a cutoff far in the past. */
        FULL_SUM
    }

    private static final String BALANCE_PARTS = """
            SELECT e.recipient AS address, e.amount::numeric AS delta
            FROM stx_events e WHERE e.canonical AND e.microblock_canonical AND e.recipient IS NOT NULL AND e.block_height %1$s
            UNION ALL
            SELECT e.sender, -e.amount::numeric
            FROM stx_events e WHERE e.canonical AND e.microblock_canonical AND e.sender IS NOT NULL AND e.block_height %1$s
            UNION ALL
            SELECT CASE WHEN t.sponsored THEN t.sponsor_address ELSE t.sender_address END, -t.fee_rate::numeric
            FROM txs t WHERE t.canonical AND t.microblock_canonical AND t.block_height %1$s
            UNION ALL
            SELECT m.recipient, m.coinbase_amount + m.tx_fees_anchored + m.tx_fees_streamed_confirmed + m.tx_fees_streamed_produced
            FROM miner_rewards m JOIN blocks b ON b.index_block_hash = m.index_block_hash AND b.canonical
            WHERE m.canonical AND b.block_height %1$s""";

    /**
     * Catalogs #4, #5, #7: STX balances (µSTX, locked STX included) as of the end of the cutoff block:
     * streams every principal holding at least {@code whaleMinimum} µSTX to {@code whales}, ascending
     * by balance (then address), and returns how many principals hold more than 0. Both reads run in
     * one REPEATABLE READ snapshot, so the two agree even while the API keeps indexing.
     */
    public long balancesAsOf(long maxHeight, BalanceMethod method, java.math.BigDecimal whaleMinimum, BalanceSink whales)
            throws Exception {
        String sql = switch (method) {
            // One scan of the balances: the nonzero count first (part 0), then the whales (part 1), ascending.
            case FULL_SUM -> "WITH balances AS MATERIALIZED (SELECT address, sum(delta) AS balance FROM ("
                    + BALANCE_PARTS.formatted("<= ?") + ") parts WHERE address IS NOT NULL GROUP BY address)"
                    + " SELECT NULL AS address, count(*)::numeric AS balance, 0 AS part FROM balances WHERE balance > 0"
                    + " UNION ALL SELECT address, balance, 1 FROM balances WHERE balance >= ?"
                    + " ORDER BY part, balance, address";
            // Only the principals with rows above the cutoff ("changed") differ from ft_balances: the
            // count and the whales come from its (token, balance) index, corrected for those.
            case FT_BALANCES_MINUS_NEWER -> "WITH newer AS MATERIALIZED (SELECT address, sum(delta) AS delta FROM ("
                    + BALANCE_PARTS.formatted("> ?") + ") parts WHERE address IS NOT NULL GROUP BY address),"
                    + " changed AS MATERIALIZED (SELECT f.address, f.balance AS now_balance, f.balance - n.delta AS cut_balance"
                    + "   FROM newer n JOIN ft_balances f ON f.address = n.address AND f.token = 'stx')"
                    + " SELECT NULL AS address, ((SELECT count(*) FROM ft_balances WHERE token = 'stx' AND balance > 0)"
                    + "   - (SELECT count(*) FROM changed WHERE now_balance > 0) + (SELECT count(*) FROM changed WHERE cut_balance > 0))::numeric"
                    + "   AS balance, 0 AS part"
                    + " UNION ALL SELECT f.address, f.balance, 1 FROM ft_balances f WHERE f.token = 'stx' AND f.balance >= ?"
                    + "   AND NOT EXISTS (SELECT 1 FROM changed c WHERE c.address = f.address)"
                    + " UNION ALL SELECT address, cut_balance, 1 FROM changed WHERE cut_balance >= ?"
                    + " ORDER BY part, balance, address";
        };
        long nonzero = -1;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
                // The rows are the count and the whales, a few thousand at most: fetched in one go, whatever the
                // connection's default fetch size. (A fetch size would read them through a cursor, and PostgreSQL
                // runs no parallel workers for one.)
                ps.setFetchSize(0);
                for (int i = 1; i <= 4; i++) {
                    ps.setLong(i, maxHeight);
                }
                ps.setBigDecimal(5, whaleMinimum);
                if (method == BalanceMethod.FT_BALANCES_MINUS_NEWER) {
                    ps.setBigDecimal(6, whaleMinimum);
                }
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getInt(3) == 0) {
                            nonzero = rs.getBigDecimal(2).longValueExact();
                        } else {
                            whales.accept(rs.getString(1), rs.getBigDecimal(2));
                        }
                    }
                }
            } finally {
                c.rollback();
            }
        }
        return nonzero;
    }

    /**
     * Catalog #6, set-based history: the number of principals with a balance above 0 at the end of
     * each UTC day (by the Bitcoin time of the rows' blocks), over canonical rows in blocks up to
     * {@code maxHeight}. One pass: each principal's net change per day, its running balance by a
     * window sum, +1 on the day it turns positive and −1 on the day it stops, summed over days.
     * Returns the count for every day on which it changed, keyed by day start, ascending.
     */
    public java.util.NavigableMap<Long, Long> nonzeroCountsByDay(long maxHeight) {
        String sql = """
                WITH parts AS (
                    SELECT e.recipient AS address, b.burn_block_time / 86400 AS day, e.amount::numeric AS delta
                    FROM stx_events e JOIN blocks b ON b.index_block_hash = e.index_block_hash AND b.canonical
                    WHERE e.canonical AND e.microblock_canonical AND e.recipient IS NOT NULL AND e.block_height <= {0}
                  UNION ALL
                    SELECT e.sender, b.burn_block_time / 86400, -e.amount::numeric
                    FROM stx_events e JOIN blocks b ON b.index_block_hash = e.index_block_hash AND b.canonical
                    WHERE e.canonical AND e.microblock_canonical AND e.sender IS NOT NULL AND e.block_height <= {0}
                  UNION ALL
                    SELECT CASE WHEN t.sponsored THEN t.sponsor_address ELSE t.sender_address END, t.burn_block_time / 86400,
                           -t.fee_rate::numeric
                    FROM txs t WHERE t.canonical AND t.microblock_canonical AND t.block_height <= {0}
                  UNION ALL
                    SELECT m.recipient, b.burn_block_time / 86400, m.coinbase_amount + m.tx_fees_anchored
                           + m.tx_fees_streamed_confirmed + m.tx_fees_streamed_produced
                    FROM miner_rewards m JOIN blocks b ON b.index_block_hash = m.index_block_hash AND b.canonical
                    WHERE m.canonical AND b.block_height <= {0}
                ), daily AS (
                    SELECT address, day, sum(delta) AS delta FROM parts WHERE address IS NOT NULL GROUP BY address, day
                ), running AS (
                    SELECT address, day, sum(delta) OVER (PARTITION BY address ORDER BY day) AS balance FROM daily
                ), marks AS (
                    SELECT day, CASE
                        WHEN balance > 0 AND coalesce(lag(balance) OVER w, 0) <= 0 THEN 1
                        WHEN balance <= 0 AND coalesce(lag(balance) OVER w, 0) > 0 THEN -1
                        ELSE 0 END AS mark
                    FROM running WINDOW w AS (PARTITION BY address ORDER BY day)
                )
                SELECT day * 86400 AS day_start, sum(sum(mark)) OVER (ORDER BY day) AS nonzero
                FROM marks GROUP BY day ORDER BY day""";
        java.util.NavigableMap<Long, Long> out = new TreeMap<>();
        dsl().resultQuery(sql, DSL.val(maxHeight)).fetch()
                .forEach(r -> out.put(r.get(0, Long.class), r.get(1, java.math.BigDecimal.class).longValueExact()));
        return out;
    }

    /** The UTC day start of the first canonical block, if any. */
    public OptionalLong firstBlockDay() {
        Integer t = dsl().select(DSL.min(Blocks.BURN_BLOCK_TIME)).from(Blocks.T).where(Blocks.CANONICAL.isTrue())
                .fetchOne(0, Integer.class);
        return t == null ? OptionalLong.empty() : OptionalLong.of(t / DAY * DAY);
    }

    /** One large canonical STX transfer (catalog #23). */
    public record StxMovement(byte[] txId, long blockHeight, long amount, String sender, String recipient, long burnBlockTime,
                              int assetEventTypeId) {
    }

    /**
     * Catalog #23: the newest {@code limit} canonical STX transfers of at least {@code minAmount}
     * µSTX in blocks up to {@code maxHeight}, by height descending, amount descending, then
     * {@code tx_index} and {@code event_index}; the block time comes from the event's own block
     * (joined on {@code index_block_hash}).
     */
    public List<StxMovement> largestRecentTransfers(long maxHeight, long minAmount, int limit) {
        return dsl().resultQuery("""
                        SELECT e.tx_id, e.block_height, e.amount, e.sender, e.recipient, b.burn_block_time, e.asset_event_type_id
                        FROM stx_events e JOIN blocks b ON b.index_block_hash = e.index_block_hash AND b.canonical
                        WHERE e.canonical AND e.microblock_canonical AND e.asset_event_type_id = 1
                          AND e.amount >= {0} AND e.block_height <= {1}
                        ORDER BY e.block_height DESC, e.amount DESC, e.tx_index, e.event_index
                        LIMIT {2}""", DSL.val(minAmount), DSL.val(maxHeight), DSL.inline(limit))
                .fetch(r -> new StxMovement(r.get(0, byte[].class), r.get(1, Long.class), r.get(2, Long.class),
                        r.get(3, String.class), r.get(4, String.class), r.get(5, Long.class), r.get(6, Integer.class)));
    }

    /** Catalog #21: canonical microblocks per UTC day of their parent anchor's Bitcoin time, before {@code toExclusive}. */
    public Map<Long, Long> microblocksPerDay(long toExclusive) {
        Field<Long> day = Microblocks.PARENT_BURN_BLOCK_TIME.div(inline((int) DAY)).mul(inline((int) DAY)).cast(SQLDataType.BIGINT)
                .as("day");
        Map<Long, Long> out = new LinkedHashMap<>();
        for (Record2<Long, Integer> r : dsl().select(day, count())
                .from(Microblocks.T)
                .where(Microblocks.CANONICAL.isTrue()
                        .and(Microblocks.MICROBLOCK_CANONICAL.isTrue())
                        .and(Microblocks.PARENT_BURN_BLOCK_TIME.lt((int) toExclusive)))
                .groupBy(day)
                .orderBy(day)
                .fetch()) {
            out.put(r.value1(), r.value2().longValue());
        }
        return out;
    }

    /** Catalog #43: canonical transactions per block height for heights in {@code [fromHeight, toHeight]}, heights without any absent. */
    public Map<Long, Long> txsPerBlock(long fromHeight, long toHeight) {
        Map<Long, Long> out = new TreeMap<>();
        for (Record2<Integer, Integer> r : dsl().select(Txs.BLOCK_HEIGHT, count())
                .from(Txs.T)
                .where(Txs.CANONICAL.isTrue()
                        .and(Txs.MICROBLOCK_CANONICAL.isTrue())
                        .and(Txs.BLOCK_HEIGHT.between((int) fromHeight, (int) toHeight)))
                .groupBy(Txs.BLOCK_HEIGHT)
                .fetch()) {
            out.put(r.value1().longValue(), r.value2().longValue());
        }
        return out;
    }

    private static final String SUPPLY_CHANGES_SQL = """
            SELECT greatest(day, %d) AS day, sum(change) FROM (
                SELECT b.burn_block_time / 86400 * 86400 AS day,
                       (CASE WHEN e.asset_event_type_id = 2 THEN e.amount ELSE -e.amount END)::numeric AS change
                FROM blocks b JOIN stx_events e ON e.index_block_hash = b.index_block_hash
                WHERE b.canonical AND b.block_height BETWEEN ? AND ? AND b.burn_block_time >= ? AND b.burn_block_time < ?
                  AND e.canonical AND e.microblock_canonical AND e.asset_event_type_id IN (2, 3)
              UNION ALL
                SELECT b.burn_block_time / 86400 * 86400, m.coinbase_amount
                FROM blocks b JOIN miner_rewards m ON m.index_block_hash = b.index_block_hash
                WHERE b.canonical AND b.block_height BETWEEN ? AND ? AND b.burn_block_time >= ? AND b.burn_block_time < ?
                  AND m.canonical
            ) changes
            GROUP BY 1 ORDER BY 1""";

    /**
     * Catalogs #14–15: the change of the total STX supply in µSTX, as the API defines it (locked STX
     * included), per UTC day of {@code burn_block_time}, for days in {@code [fromDay, toDayExclusive)},
     * in canonical blocks up to {@code maxHeight}: canonical STX mints minus burns plus the coinbase of
     * canonical miner rewards (by the maturing block). Days without a change are absent. The supply
     * as of a time T is the sum of the changes of the days before it. The changes of blocks before
     * {@code firstDay} (the series' first day, S0) count on {@code firstDay}, so a chain whose first
     * blocks predate it loses none (a read from {@code firstDay} has no lower bound). One grouped
     * scan, bounded by block height like {@link #dailyActivePrincipals}.
     */
    public Map<Long, Long> dailySupplyChanges(long fromDay, long toDayExclusive, long maxHeight, long firstDay) {
        boolean fromTheStart = fromDay <= firstDay;
        long lowHeight = fromTheStart ? 0
                : firstCanonicalHeightAtOrAfter(fromDay - BITCOIN_TIME_AHEAD).orElse(maxHeight + 1);
        return readDays("STX supply changes per day", SUPPLY_CHANGES_SQL.formatted(firstDay), lowHeight, maxHeight,
                fromTheStart ? Integer.MIN_VALUE : fromDay, toDayExclusive, rs -> rs.getBigDecimal(2).longValueExact());
    }

    /** {@code chain_tip.block_height}: the newest block the API has indexed. */
    public long tipHeight() {
        Integer h = dsl().select(StacksSchema.ChainTipTable.BLOCK_HEIGHT).from(StacksSchema.ChainTipTable.T)
                .fetchOne(StacksSchema.ChainTipTable.BLOCK_HEIGHT);
        return h == null ? 0 : h;
    }

    /** Opens and closes a connection: fails fast with the database named when it cannot be reached. */
    public void ping() throws StacksDatabaseException {
        try (Connection c = dataSource.getConnection()) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new StacksDatabaseException("cannot connect to " + SOURCE + " " + description + ": " + e.getMessage(), e);
        }
    }
}
