package io.stacksdataverse.runners.chain;

import io.stacksdataverse.extract.stacks.db.StacksDatabase;
import io.stacksdataverse.loaders.publish.DatasetPublisher;
import io.stacksdataverse.loaders.warehouse.ChainStateTable;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.spi.Visibility;
import io.stacksdataverse.transform.UtcDays;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Catalog #6, {@code wallet_balances/latest_nonzero.json.gz}: {@code {"<t(d)>": nonzero_bals}} for
 * each day from 2022-02-28 through D that {@code wallet_balances} has computed, ascending, no
 * downsampling; from the warehouse state, so a re-run for D gives the same bytes even when later
 * days are stored. Latest-only, so a backfill never replaces the public series with an older view.
 */
public final class NonzeroBalancesTask extends StacksDbTask {
    public static final String ID = "nonzero_balances_over_time";
    static final LocalDate FIRST_DAY = LocalDate.of(2022, 2, 28);

    @Inject
    public NonzeroBalancesTask(Optional<StacksDatabase> database) {
        super(ID, ScheduleGroup.DAILY, true, database, WalletBalancesTask.ID);
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        Map<String, Long> series = new LinkedHashMap<>();
        ChainStateTable.read(PostgresWarehouse.dsl(ctx.warehouse()), WalletBalancesTask.NONZERO_DATASET, FIRST_DAY,
                ctx.executionDate()).forEach((day, n) -> series.put(Long.toString(UtcDays.t(day)), n));
        TaskResult.Builder result = TaskResult.builder();
        DatasetPublisher.publish(ctx.blobs(), DatasetPaths.NONZERO_BALANCES_OVER_TIME, ctx.executionDate(), ctx.isLatest(),
                Visibility.PUBLIC, DatasetPublisher.gzipJsonObject(series)).forEach(result::output);
        return result.value("days", series.size()).build();
    }
}
