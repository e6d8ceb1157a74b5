package io.stacksdataverse.runners.stacking;

import io.stacksdataverse.extract.stacks.pox.PoxInfo;
import io.stacksdataverse.loaders.warehouse.PoxSnapshotTable;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.interval.RunPox;
import io.stacksdataverse.runners.interval.RunProbes;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The going-forward source of catalog #8: every half hour, the run's {@code GET /v2/pox}
 * ({@code current_cycle.id}, {@code next_cycle.id}, {@code next_cycle.stacked_ustx}) stored under the
 * interval end E in {@code pox_snapshots}. A run-time probe: only the run of the current interval
 * takes it (an older interval would store today's values), the first run of E wins. Publishes
 * nothing; {@link StxStackedOverTimeTask} reads the snapshots. Half-hourly, latest-only.
 */
public final class PoxSnapshotTask extends DatasetTask {
    public static final String ID = "pox_snapshot";
    private final RunPox pox;

    @Inject
    public PoxSnapshotTask(RunPox pox) {
        super(ID, ScheduleGroup.HALF_HOURLY, true);
        this.pox = pox;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        PoxSnapshotTable table = new PoxSnapshotTable(ctx.warehouse().dataSource());
        long end = ctx.intervalEnd().getEpochSecond();
        Optional<PoxSnapshotTable.Snapshot> stored = table.at(end);
        if (stored.isEmpty() && !RunProbes.isCurrent(ctx)) {
            return TaskResult.builder().value("snapshot", "none: the interval ending at " + ctx.intervalEnd()
                    + " is not the current one").build();
        }
        PoxSnapshotTable.Snapshot kept = stored.isPresent() ? stored.get() : take(ctx, table, end);
        return TaskResult.builder()
                .value("interval_end", kept.intervalEnd())
                .value("current_cycle", kept.currentCycle())
                .value("next_cycle", kept.nextCycle())
                .value("next_cycle_stacked_ustx", kept.nextCycleStackedUstx().toPlainString())
                .build();
    }

    private PoxSnapshotTable.Snapshot take(TaskContext ctx, PoxSnapshotTable table, long end) throws Exception {
        PoxInfo info = pox.handled(ctx, ID);
        return table.keepFirst(new PoxSnapshotTable.Snapshot(end, info.currentCycleId(), info.nextCycleId(),
                BigDecimal.valueOf(info.nextCycleStackedUstx())));
    }
}
