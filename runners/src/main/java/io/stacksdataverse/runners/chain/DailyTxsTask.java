package io.stacksdataverse.runners.chain;

import io.stacksdataverse.extract.stacks.db.StacksDatabase;
import io.stacksdataverse.loaders.publish.DatasetPublisher;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.spi.Visibility;
import io.stacksdataverse.transform.DailySeries;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Catalog #1, {@code daily_txs/{D}.json.gz} (copied to {@code latest} by the newest run):
 * {@code {"<t(d)>": n}} for d = S0…D, n = canonical transactions whose {@code burn_block_time}
 * lies in day d, in blocks up to H_D; dense, downsampled even+last. Incremental per day.
 */
public final class DailyTxsTask extends StacksDbTask {
    public static final String ID = "daily_txs";

    @Inject
    public DailyTxsTask(Optional<StacksDatabase> database) {
        super(database);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ScheduleGroup group() {
        return ScheduleGroup.DAILY;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        StacksDatabase db = database();
        IncrementalDailySeries.Series series = IncrementalDailySeries.build(ctx, db, ID, db::dailyTxCounts);
        byte[] encoded = DatasetPublisher.gzipJsonObject(
                DailySeries.denseEvenPlusLast(series.byDay(), IncrementalDailySeries.FIRST_DAY, ctx.executionDate()));
        TaskResult.Builder result = TaskResult.builder();
        DatasetPublisher.publish(ctx.blobs(), DatasetPaths.DAILY_TXS, ctx.executionDate(), ctx.isLatest(), Visibility.PUBLIC, encoded)
                .forEach(result::output);
        return result.value("cutoff_height", series.cutoff().height())
                .value("recomputed_from", series.recomputedFrom())
                .build();
    }
}
