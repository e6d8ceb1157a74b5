package io.stacksdataverse.loaders.warehouse;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.stacksdataverse.paths.TableNames;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** The chain tip each {@code sanity_check} run saw, by execution date. */
public final class SanityCheckTable {
    public static final Table<Record> TABLE = table(name(TableNames.SANITY_CHECK_STATE));
    public static final Field<LocalDate> EXECUTION_DATE = field(name("execution_date"), SQLDataType.LOCALDATE);
    public static final Field<Long> MAXBLOCK = field(name("maxblock"), SQLDataType.BIGINT);
    public static final Field<OffsetDateTime> CHECKED_AT = field(name("checked_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    private SanityCheckTable() {
    }

    public record Seen(LocalDate executionDate, long maxblock) {
    }

    /** The value stored for the latest date before {@code date}. */
    public static Optional<Seen> latestBefore(DSLContext dsl, LocalDate date) {
        return dsl.select(EXECUTION_DATE, MAXBLOCK)
                .from(TABLE)
                .where(EXECUTION_DATE.lt(date))
                .orderBy(EXECUTION_DATE.desc())
                .limit(1)
                .fetchOptional()
                .map(r -> new Seen(r.value1(), r.value2()));
    }

    public static void record(DSLContext dsl, LocalDate date, long maxblock, Instant checkedAt) {
        OffsetDateTime at = checkedAt.atOffset(ZoneOffset.UTC);
        dsl.insertInto(TABLE, EXECUTION_DATE, MAXBLOCK, CHECKED_AT)
                .values(date, maxblock, at)
                .onConflict(EXECUTION_DATE)
                .doUpdate()
                .set(MAXBLOCK, maxblock)
                .set(CHECKED_AT, at)
                .execute();
    }
}
