package io.stacksdataverse.runners.chain.dailytxs;

import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.chain.ChainQueries;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.runners.chain.IncrementalDailySeries;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.transform.DailySeries;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;

/**
 * Catalog #1, {@code daily_txs/{D}.json.gz}: per UTC day d = S0…D, the canonical transactions
 * whose {@code burn_block_time} lies in day d, in blocks up to H_D; {@code {"<t(d)>": n}}, dense,
 * downsampled even+last, kept incrementally ({@link IncrementalDailySeries}); written under D, and
 * under {@code latest} by the newest run.
 */
public final class DailyTxsTask extends DatasetTask {
    public static final String ID = "daily_txs";
    private final ChainDatabase database;

    @Inject
    public DailyTxsTask(Optional<StacksDb> database) {
        super(ID, ScheduleGroup.DAILY, false);
        this.database = requires(new ChainDatabase(database));
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: the transactions per day of the blocks added since the newest run, up to H_D.
        StacksDb db = database.get();
        ChainQueries chain = ChainQueries.open(db, ID);
        IncrementalDailySeries.Series series = IncrementalDailySeries.build(ctx, ChainCursor.open(db, ID), ID, chain::dailyTxCounts);
        // Transform: dense from S0, downsampled even+last.
        Map<String, Long> points = DailySeries.denseEvenPlusLast(series.byDay(), IncrementalDailySeries.FIRST_DAY,
                ctx.executionDate());
        // Load: the dated key, and latest for the newest run.
        return TaskResult.builder()
                .outputs(ctx.publisher().publish(DatasetPaths.DAILY_TXS, ctx.publisher().jsonObject(points)))
                .value("cutoff_height", series.cutoff().height())
                .value("recomputed", series.recomputed())
                .build();
    }
}
