package io.stacksdataverse.runners.mining;

import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.loaders.warehouse.CommittedSatsCheckpoints;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.transform.mining.MiningOverview;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Catalog #32, {@code mining_data/last100_overview.json.gz}: the newest 101 tenures up to H(E) (per
 * tenure-start block, §3 Nakamoto) with their burns, winning commits, rewards and fees, and the
 * all-time committed total (incremental over checkpoints, {@link CommittedTotal}). Half-hourly, latest-only; hands its window to #33 and #34.
 */
public final class MiningLast100Task extends DatasetTask {
    public static final String ID = "mining_last100";
    private final ChainDatabase database;

    @Inject
    public MiningLast100Task(Optional<StacksDb> database) {
        super(ID, ScheduleGroup.HALF_HOURLY, true);
        this.database = requires(new ChainDatabase(database));
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: the window and the all-time total, both bounded by H(E) and h(E).
        MiningWindow.Read w = MiningWindow.read(database.get(), ID, ctx);
        long total = new CommittedTotal(w.queries(), new CommittedSatsCheckpoints(ctx.warehouse().dataSource()),
                CommittedTotal.SETTLED_DEPTH).upTo(w.tip().burnBlockHeight(), ctx.fullRebuild());
        // Transform and encode before anything is written.
        byte[] gz = ctx.publisher().json(MiningOverview.overview(w.tenures(), w.entries(), total));
        // Load: the fixed key; the window goes downstream in the result.
        TaskResult.Builder result = TaskResult.builder().outputs(ctx.publisher().publish(DatasetPaths.MINING_LAST100, gz));
        return MiningWindow.handOff(result, ctx, w.tip().height(), w.entries()).value("tenures", w.tenures().size()).build();
    }
}
