package io.stacksdataverse.runners.chain;

import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.loaders.publish.DatasetPublisher;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.spi.Visibility;
import io.stacksdataverse.transform.DailySeries;
import java.util.Optional;

/**
 * A dated daily chain series {@code {"<t(d)>": n}} for d = S0…D, dense, downsampled even+last,
 * kept incrementally ({@link IncrementalDailySeries}); written under D, and under {@code latest}
 * by the newest run. A subclass names the dataset and its per-day query.
 */
abstract class DailySeriesTask extends StacksDbTask {

    DailySeriesTask(String id, Optional<StacksDb> database) {
        super(id, ScheduleGroup.DAILY, false, database);
    }

    abstract DatasetPath path();

    abstract IncrementalDailySeries.DaySource source(StacksDb db) throws StacksDatabaseException;


    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        StacksDb db = database();
        IncrementalDailySeries.Series series = IncrementalDailySeries.build(ctx, ChainCursor.open(db, id()), id(), source(db));
        byte[] encoded = DatasetPublisher.gzipJsonObject(
                DailySeries.denseEvenPlusLast(series.byDay(), IncrementalDailySeries.FIRST_DAY, ctx.executionDate()));
        TaskResult.Builder result = TaskResult.builder();
        DatasetPublisher.publish(ctx.blobs(), path(), ctx.executionDate(), ctx.isLatest(), Visibility.PUBLIC, encoded)
                .forEach(result::output);
        return result.value("cutoff_height", series.cutoff().height())
                .value("recomputed", series.recomputed())
                .build();
    }
}
