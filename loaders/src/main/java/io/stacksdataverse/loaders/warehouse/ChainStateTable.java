package io.stacksdataverse.loaders.warehouse;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

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

    /** Sets one day's value (a value that is exact for its day whenever it is computed). */
    public static void upsertValue(DSLContext t, String dataset, LocalDate day, long value) {
        t.insertInto(VALUES, DATASET, DAY, VALUE).values(dataset, day, value)
                .onConflict(DATASET, DAY).doUpdate().set(VALUE, value)
                .execute();
    }
}
