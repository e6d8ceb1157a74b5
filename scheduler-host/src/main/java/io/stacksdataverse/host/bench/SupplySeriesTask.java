package io.stacksdataverse.host.bench;

import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.supply.StxSupplySeries;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;

/**
 * The chain read of {@code market_caps} (catalog #14–15) alone, for the benchmark: the daily STX
 * supply changes kept incrementally, without the CryptoCompare call the task also makes.
 */
final class SupplySeriesTask extends DatasetTask {
    private final StacksDb db;

    SupplySeriesTask(StacksDb db) {
        super(StxSupplySeries.STATE, ScheduleGroup.DAILY, false);
        this.db = db;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        StxSupplySeries.Changes changes = StxSupplySeries.read(ctx, db, StxSupplySeries.STATE);
        return TaskResult.builder().value("days", changes.byDay().size()).value("recomputed", changes.recomputed()).build();
    }
}
