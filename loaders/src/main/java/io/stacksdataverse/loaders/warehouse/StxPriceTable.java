package io.stacksdataverse.loaders.warehouse;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.stacksdataverse.paths.TableNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep2;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** Catalog #9, {@code stx_historical_prices(unix_timestamp, price_usd)}: hourly closes keyed by the hour start. */
public final class StxPriceTable {
    public static final Table<Record> TABLE = table(name(TableNames.STX_HISTORICAL_PRICES));
    public static final Field<Long> UNIX_TIMESTAMP = field(name(TableNames.STX_HISTORICAL_PRICES, "unix_timestamp"), SQLDataType.BIGINT);
    public static final Field<Double> PRICE_USD = field(name(TableNames.STX_HISTORICAL_PRICES, "price_usd"), SQLDataType.DOUBLE);
    private static final long HOUR = 3600;

    private StxPriceTable() {
    }

    /** A run of consecutive missing hours, {@code first..last} inclusive (hour starts). */
    public record HourRange(long first, long last) {
        public long hours() {
            return (last - first) / HOUR + 1;
        }
    }

    /**
     * The hours in {@code [from, toExclusive)} that the table lacks, as runs of consecutive hours
     * (one set-based query: a series of hours anti-joined to the table, grouped into islands).
     */
    public static List<HourRange> missingRanges(DSLContext dsl, long from, long toExclusive) {
        if (from % HOUR != 0 || toExclusive % HOUR != 0) {
            throw new IllegalArgumentException("bounds must be hour starts: " + from + ", " + toExclusive);
        }
        if (toExclusive <= from) {
            return List.of();
        }
        List<HourRange> ranges = new ArrayList<>();
        for (Record2<Long, Long> r : dsl.resultQuery("""
                        SELECT min(h) AS first_hour, max(h) AS last_hour
                        FROM (
                            SELECT h, h - {2} * row_number() OVER (ORDER BY h) AS island
                            FROM generate_series({0}::bigint, {1}::bigint - {2}, {2}) AS h
                            WHERE NOT EXISTS (SELECT 1 FROM {3} p WHERE p.unix_timestamp = h)
                        ) missing
                        GROUP BY island
                        ORDER BY first_hour""",
                        org.jooq.impl.DSL.val(from), org.jooq.impl.DSL.val(toExclusive), org.jooq.impl.DSL.val(HOUR), TABLE)
                .coerce(field(name("first_hour"), SQLDataType.BIGINT), field(name("last_hour"), SQLDataType.BIGINT))
                .fetch()) {
            ranges.add(new HourRange(r.value1(), r.value2()));
        }
        return ranges;
    }

    /**
     * Inserts or updates the prices in one statement; returns how many rows were inserted or
     * changed (a re-run with the same prices changes none).
     */
    public static int upsert(DSLContext dsl, Map<Long, Double> pricesByHour) {
        if (pricesByHour.isEmpty()) {
            return 0;
        }
        InsertValuesStep2<Record, Long, Double> insert = dsl.insertInto(TABLE, UNIX_TIMESTAMP, PRICE_USD);
        for (Map.Entry<Long, Double> e : new TreeMap<>(pricesByHour).entrySet()) {
            insert = insert.values(e.getKey(), e.getValue());
        }
        return insert.onConflict(UNIX_TIMESTAMP)
                .doUpdate()
                .set(PRICE_USD, org.jooq.impl.DSL.excluded(PRICE_USD))
                .where(PRICE_USD.isDistinctFrom(org.jooq.impl.DSL.excluded(PRICE_USD)))
                .execute();
    }

    /** The prices with {@code from <= unix_timestamp < toExclusive}, ascending. */
    public static NavigableMap<Long, Double> read(DSLContext dsl, long from, long toExclusive) {
        NavigableMap<Long, Double> out = new TreeMap<>();
        dsl.select(UNIX_TIMESTAMP, PRICE_USD)
                .from(TABLE)
                .where(UNIX_TIMESTAMP.ge(from).and(UNIX_TIMESTAMP.lt(toExclusive)))
                .orderBy(UNIX_TIMESTAMP)
                .fetch()
                .forEach(r -> out.put(r.value1(), r.value2()));
        return out;
    }
}
