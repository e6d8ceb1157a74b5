package io.stacksdataverse.runners.nft;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.nft.NftSupplyQueries;
import io.stacksdataverse.loaders.warehouse.NftSupplyDays;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
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
 * Catalogs #41 and #42, {@code nft/in_existence_now.json.gz} and
 * {@code nft/in_existence_over_time.json.gz}: the canonical NFT mints minus burns in the blocks up
 * to H(E), {@code {"result": n}}, and the same count as of each day's first interval end,
 * H(t(d) + 1800), for d = S0 (or the chain's first day)…D, {@code {"<t(d)>": n}} ascending. The days
 * are kept in the warehouse ({@link NftSupplySeries}); the count at E is D's value plus the blocks
 * above D's boundary. Half-hourly, latest-only.
 */
public final class NftInExistenceTask extends DatasetTask {
    public static final String ID = "nft_in_existence";
    private final ChainDatabase database;

    @Inject
    public NftInExistenceTask(Optional<StacksDb> database) {
        super(ID, ScheduleGroup.HALF_HOURLY, true);
        this.database = requires(new ChainDatabase(database));
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: H(E), then the days whose boundary changed since the newest run, then the blocks above D's boundary.
        StacksDb db = database.get();
        ChainCursor cursor = ChainCursor.open(db, ID);
        BlockRef cut = cursor.requireCutoff(ctx.intervalEnd(), "");
        NftSupplyQueries chain = NftSupplyQueries.open(db, ID);
        LocalDate d = ctx.executionDate();
        NftSupplySeries.Series series = new NftSupplySeries(ID, cursor, chain, new NftSupplyDays(ctx.warehouse().dataSource()))
                .upTo(d, cut, ctx.fullRebuild());
        Map.Entry<LocalDate, NftSupplyDays.Day> lastDay = series.byDay().floorEntry(d);
        long baseHeight = lastDay == null || lastDay.getValue().boundaryHeight() == null ? -1 : lastDay.getValue().boundaryHeight();
        long now = (lastDay == null ? 0 : lastDay.getValue().supply()) + chain.changeBetween(baseHeight, cut.height());

        // Transform: the two shapes; keys ascending.
        Map<String, Long> overTime = new LinkedHashMap<>();
        series.byDay().forEach((day, value) -> overTime.put(Long.toString(UtcDays.t(day)), value.supply()));

        // Load: both files encoded before either is written.
        Map<DatasetPath, byte[]> out = new LinkedHashMap<>();
        out.put(DatasetPaths.NFT_IN_EXISTENCE_NOW, ctx.publisher().json(Map.of("result", now)));
        out.put(DatasetPaths.NFT_IN_EXISTENCE_OVER_TIME, ctx.publisher().jsonObject(overTime));
        return TaskResult.builder()
                .outputs(ctx.publisher().publishAll(out, Visibility.PUBLIC))
                .value("cutoff_height", cut.height())
                .value("in_existence", now)
                .value("recomputed", series.recomputed())
                .build();
    }
}
