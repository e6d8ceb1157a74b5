package io.stacksdataverse.loaders.warehouse;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep3;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** The per-day values and the progress of the incremental chain datasets. */
public final class ChainStateTable {
    public static final Table<Record> VALUES = table(name("chain_daily_values"));
    public static final Field<String> DATASET = field(name("dataset"), SQLDataType.CLOB);
    public static final Field<LocalDate> DAY = field(name("day"), SQLDataType.LOCALDATE);
    public static final Field<Long> VALUE = field(name("value"), SQLDataType.BIGINT);
    public static final Table<Record> PROGRESS = table(name("chain_progress"));
    public static final Field<LocalDate> LAST_DAY = field(name("last_day"), SQLDataType.LOCALDATE);
    public static final Field<Integer> LAST_HEIGHT = field(name("last_height"), SQLDataType.INTEGER);
    public static final Field<byte[]> LAST_HASH = field(name("last_index_block_hash"), SQLDataType.BLOB);

    private ChainStateTable() {
    }

    /** How far a dataset has read: the execution date and the cutoff block of its newest run. */
    public record Progress(LocalDate lastDay, long lastHeight, byte[] lastIndexBlockHash) {
    }

    public static Optional<Progress> progress(DSLContext dsl, String dataset) {
        return dsl.select(LAST_DAY, LAST_HEIGHT, LAST_HASH).from(PROGRESS).where(DATASET.eq(dataset))
                .fetchOptional().map(r -> new Progress(r.value1(), r.value2(), r.value3()));
    }

    /** The stored values of days {@code from..to} (inclusive). */
    public static NavigableMap<LocalDate, Long> read(DSLContext dsl, String dataset, LocalDate from, LocalDate to) {
        NavigableMap<LocalDate, Long> out = new TreeMap<>();
        dsl.select(DAY, VALUE).from(VALUES)
                .where(DATASET.eq(dataset).and(DAY.between(from, to)))
                .fetch()
                .forEach(r -> out.put(r.value1(), r.value2()));
        return out;
    }

    /**
     * Replaces the values of every day from {@code fromDay} on with {@code values} and records the
     * progress, in one transaction: the state is never half written.
     */
    public static void replaceFrom(DSLContext dsl, String dataset, LocalDate fromDay, Map<LocalDate, Long> values,
                                   Progress progress) {
        dsl.transaction(tx -> replaceFromWithin(tx.dsl(), dataset, fromDay, values, progress));
    }

    /**
     * Replaces the values of the days {@code fromDay..toDay} (inclusive; none when {@code fromDay} is
     * after {@code toDay}) with {@code values} and records the progress, in one transaction.
     */
    public static void replaceRange(DSLContext dsl, String dataset, LocalDate fromDay, LocalDate toDay, Map<LocalDate, Long> values,
                                    Progress progress) {
        dsl.transaction(tx -> {
            DSLContext t = tx.dsl();
            if (!fromDay.isAfter(toDay)) {
                t.deleteFrom(VALUES).where(DATASET.eq(dataset).and(DAY.between(fromDay, toDay))).execute();
            }
            insert(t, dataset, values);
            saveProgress(t, dataset, progress);
        });
    }

    /** {@link #replaceFrom} inside a transaction the caller manages (commits with the caller's other changes). */
    public static void replaceFromWithin(DSLContext t, String dataset, LocalDate fromDay, Map<LocalDate, Long> values,
                                         Progress progress) {
        t.deleteFrom(VALUES).where(DATASET.eq(dataset).and(DAY.ge(fromDay))).execute();
        insert(t, dataset, values);
        saveProgress(t, dataset, progress);
    }

    private static void insert(DSLContext t, String dataset, Map<LocalDate, Long> values) {
        if (!values.isEmpty()) {
            InsertValuesStep3<Record, String, LocalDate, Long> insert = t.insertInto(VALUES, DATASET, DAY, VALUE);
            for (Map.Entry<LocalDate, Long> e : new TreeMap<>(values).entrySet()) {
                insert = insert.values(dataset, e.getKey(), e.getValue());
            }
            insert.execute();
        }
    }

    private static void saveProgress(DSLContext t, String dataset, Progress progress) {
        t.insertInto(PROGRESS, DATASET, LAST_DAY, LAST_HEIGHT, LAST_HASH)
                .values(dataset, progress.lastDay(), (int) progress.lastHeight(), progress.lastIndexBlockHash())
                .onConflict(DATASET).doUpdate()
                .set(LAST_DAY, progress.lastDay())
                .set(LAST_HEIGHT, (int) progress.lastHeight())
                .set(LAST_HASH, progress.lastIndexBlockHash())
                .set(field(name("updated_at"), SQLDataType.TIMESTAMPWITHTIMEZONE), org.jooq.impl.DSL.currentOffsetDateTime())
                .execute();
    }

    /** The last day a range can name: "every day from {@code from} on". */
    public static final LocalDate OPEN_END = LocalDate.of(9999, 12, 31);

    private static final String PROGRESS_SQL =
            "SELECT last_day, last_height, last_index_block_hash FROM chain_progress WHERE dataset = ?";

    /** {@link #progress(DSLContext, String)} in plain JDBC: a daily run's first statement. */
    public static Optional<Progress> progress(javax.sql.DataSource warehouse, String dataset) throws SQLException {
        try (Connection c = warehouse.getConnection(); PreparedStatement ps = c.prepareStatement(PROGRESS_SQL)) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Progress(rs.getObject(1, LocalDate.class), rs.getInt(2), rs.getBytes(3)))
                        : Optional.empty();
            }
        }
    }

    // One statement, so one atomic step in autocommit: upsert the new values, delete the other days of the
    // range, record the progress, and read the days outside the range (the snapshot the statement started
    // from: the modifications are not visible to its own query, which never reads the range).
    private static final String REPLACE_RANGE_AND_READ_SQL = """
            WITH fresh AS (SELECT DATE '1970-01-01' + f.day AS day, f.value FROM unnest(?::int[], ?::bigint[]) AS f (day, value)),
            upserted AS (INSERT INTO chain_daily_values (dataset, day, value) SELECT ?, day, value FROM fresh
                         ON CONFLICT (dataset, day) DO UPDATE SET value = EXCLUDED.value),
            deleted AS (DELETE FROM chain_daily_values WHERE dataset = ? AND day BETWEEN DATE '1970-01-01' + ? AND DATE '1970-01-01' + ?
                        AND day NOT IN (SELECT day FROM fresh)),
            progress AS (INSERT INTO chain_progress (dataset, last_day, last_height, last_index_block_hash) VALUES (?, ?, ?, ?)
                         ON CONFLICT (dataset) DO UPDATE SET last_day = EXCLUDED.last_day, last_height = EXCLUDED.last_height,
                         last_index_block_hash = EXCLUDED.last_index_block_hash, updated_at = now())
            SELECT day - DATE '1970-01-01', value FROM chain_daily_values
            WHERE dataset = ? AND day BETWEEN ? AND ? AND day NOT BETWEEN DATE '1970-01-01' + ? AND DATE '1970-01-01' + ?""";

    /**
     * Replaces the values of the days {@code from..to} (inclusive; {@link #OPEN_END} for every day from
     * {@code from} on) with {@code values}, records the progress, and returns the series of the days
     * {@code readFrom..readTo}: the stored values outside the range with {@code values} inside it. One
     * statement: the state is never half written, and a daily run pays one round trip for it.
     */
    public static NavigableMap<LocalDate, Long> replaceRangeAndRead(javax.sql.DataSource warehouse, String dataset, LocalDate from,
                                                                   LocalDate to, Map<LocalDate, Long> values, Progress progress,
                                                                   LocalDate readFrom, LocalDate readTo) throws SQLException {
        try (Connection c = warehouse.getConnection()) {
            return replaceRangeAndRead(c, dataset, from, to, values, progress, readFrom, readTo);
        }
    }

    /** {@link #replaceRangeAndRead(javax.sql.DataSource, String, LocalDate, LocalDate, Map, Progress, LocalDate, LocalDate)} on a connection (in its transaction, if one is open). */
    public static NavigableMap<LocalDate, Long> replaceRangeAndRead(Connection c, String dataset, LocalDate from, LocalDate to,
                                                                   Map<LocalDate, Long> values, Progress progress,
                                                                   LocalDate readFrom, LocalDate readTo) throws SQLException {
        NavigableMap<LocalDate, Long> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(REPLACE_RANGE_AND_READ_SQL)) {
            Integer[] days = new Integer[values.size()];
            Long[] counts = new Long[values.size()];
            int i = 0;
            for (Map.Entry<LocalDate, Long> e : values.entrySet()) {
                days[i] = (int) e.getKey().toEpochDay();
                counts[i++] = e.getValue();
            }
            int fromDay = (int) from.toEpochDay();
            int toDay = (int) to.toEpochDay();
            ps.setArray(1, c.createArrayOf("int4", days));
            ps.setArray(2, c.createArrayOf("int8", counts));
            ps.setString(3, dataset);
            ps.setString(4, dataset);
            ps.setInt(5, fromDay);
            ps.setInt(6, toDay);
            ps.setString(7, dataset);
            ps.setObject(8, progress.lastDay());
            ps.setInt(9, (int) progress.lastHeight());
            ps.setBytes(10, progress.lastIndexBlockHash());
            ps.setString(11, dataset);
            ps.setObject(12, readFrom);
            ps.setObject(13, readTo);
            ps.setInt(14, fromDay);
            ps.setInt(15, toDay);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(LocalDate.ofEpochDay(rs.getInt(1)), rs.getLong(2)); // an epoch day: no date text to parse
                }
            }
        }
        values.forEach((day, value) -> {
            if (!day.isBefore(readFrom) && !day.isAfter(readTo)) {
                out.put(day, value);
            }
        });
        return out;
    }

    /** Sets one day's value (a value that is exact for its day whenever it is computed). */
    public static void upsertValue(DSLContext t, String dataset, LocalDate day, long value) {
        t.insertInto(VALUES, DATASET, DAY, VALUE).values(dataset, day, value)
                .onConflict(DATASET, DAY).doUpdate().set(VALUE, value)
                .execute();
    }
}
