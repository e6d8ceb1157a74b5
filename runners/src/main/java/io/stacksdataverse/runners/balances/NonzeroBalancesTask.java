package io.stacksdataverse.runners.balances;

import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.balances.BalanceQueries;
import io.stacksdataverse.loaders.warehouse.ChainStateTable;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.runners.chain.IncrementalDailySeries;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.transform.UtcDays;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Catalog #6, {@code wallet_balances/latest_nonzero.json.gz}: {@code {"<t(d)>": nonzero_bals}} for
 * every day from 2022-02-28 (or the chain's first day) through D, ascending, no downsampling; from
 * the warehouse state, so a re-run for D gives the same bytes even when later days are stored. A
 * day that {@code wallet_balances} computed keeps its exact as-of value; a gap is filled once,
 * set-based, from the chain. Latest-only, so a backfill never replaces the public series with an
 * older view.
 */
public final class NonzeroBalancesTask extends DatasetTask {
    private final ChainDatabase database;
    public static final String ID = "nonzero_balances_over_time";
    static final LocalDate FIRST_DAY = LocalDate.of(2022, 2, 28);

    @Inject
    public NonzeroBalancesTask(Optional<StacksDb> database) {
        super(ID, ScheduleGroup.DAILY, true, WalletBalancesTask.ID);
        this.database = requires(new ChainDatabase(database));
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        LocalDate d = ctx.executionDate();
        org.jooq.DSLContext wh = PostgresWarehouse.dsl(ctx.warehouse());
        java.util.NavigableMap<LocalDate, Long> stored = ChainStateTable.read(wh, WalletBalancesTask.NONZERO_DATASET, FIRST_DAY, d);
        int filled = fillGaps(ctx, wh, stored);
        Map<String, Long> series = new LinkedHashMap<>();
        stored.forEach((day, n) -> series.put(Long.toString(UtcDays.t(day)), n));
        return TaskResult.builder()
                .outputs(ctx.publisher().publish(DatasetPaths.NONZERO_BALANCES_OVER_TIME, ctx.publisher().jsonObject(series)))
                .value("days", series.size())
                .value("gaps_filled", filled)
                .build();
    }

    /**
     * Days from 2022-02-28 (or the chain's first day) through D that no {@code wallet_balances} run
     * computed get the set-based count of the catalog ({@link BalanceQueries#nonzeroCountsByDay}),
     * stored so the next run finds them. Returns how many days were filled.
     */
    private int fillGaps(TaskContext ctx, org.jooq.DSLContext wh, java.util.NavigableMap<LocalDate, Long> stored) throws Exception {
        LocalDate d = ctx.executionDate();
        StacksDb db = database.get();
        ChainCursor cursor = ChainCursor.open(db, ID);
        java.util.OptionalLong chainStart = cursor.firstBlockDay();
        if (chainStart.isEmpty()) {
            return 0;
        }
        LocalDate first = UtcDays.dayOf(chainStart.getAsLong()).isAfter(FIRST_DAY) ? UtcDays.dayOf(chainStart.getAsLong()) : FIRST_DAY;
        java.util.List<LocalDate> missing = new java.util.ArrayList<>();
        for (LocalDate day = first; !day.isAfter(d); day = day.plusDays(1)) {
            if (!stored.containsKey(day)) {
                missing.add(day);
            }
        }
        if (missing.isEmpty()) {
            return 0;
        }
        java.util.NavigableMap<Long, Long> changes = BalanceQueries.open(db, ID).nonzeroCountsByDay(IncrementalDailySeries.cutoff(cursor, d).height());
        wh.transaction(tx -> {
            for (LocalDate day : missing) {
                Map.Entry<Long, Long> atOrBefore = changes.floorEntry(UtcDays.t(day));
                long value = atOrBefore == null ? 0 : atOrBefore.getValue();
                ChainStateTable.upsertValue(tx.dsl(), WalletBalancesTask.NONZERO_DATASET, day, value);
                stored.put(day, value);
            }
        });
        return missing.size();
    }
}
