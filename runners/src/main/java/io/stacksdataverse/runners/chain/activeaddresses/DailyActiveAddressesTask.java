package io.stacksdataverse.runners.chain.activeaddresses;

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
 * Catalog #3, {@code addx_dailyactive/{D}.json.gz}: per UTC day d = S0…D, the distinct principals
 * that are sender or recipient of a canonical STX event in blocks of day d (up to H_D);
 * {@code {"<t(d)>": n}}, dense, downsampled even+last, kept incrementally
 * ({@link IncrementalDailySeries}); written under D, and under {@code latest} by the newest run.
 */
public final class DailyActiveAddressesTask extends DatasetTask {
    public static final String ID = "daily_active_addresses";
    private final ChainDatabase database;

    @Inject
    public DailyActiveAddressesTask(Optional<StacksDb> database) {
        super(ID, ScheduleGroup.DAILY, false);
        this.database = requires(new ChainDatabase(database));
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: the active principals per day of the blocks added since the newest run, up to H_D.
        StacksDb db = database.get();
        ChainQueries chain = ChainQueries.open(db, ID);
        IncrementalDailySeries.Series series = IncrementalDailySeries.build(ctx, ChainCursor.open(db, ID), ID,
                chain::dailyActivePrincipals);
        // Transform: dense from S0, downsampled even+last.
        Map<String, Long> points = DailySeries.denseEvenPlusLast(series.byDay(), IncrementalDailySeries.FIRST_DAY,
                ctx.executionDate());
        // Load: the dated key, and latest for the newest run.
        return TaskResult.builder()
                .outputs(ctx.publisher().publish(DatasetPaths.DAILY_ACTIVE_ADDRESSES, ctx.publisher().jsonObject(points)))
                .value("cutoff_height", series.cutoff().height())
                .value("recomputed", series.recomputed())
                .build();
    }
}
