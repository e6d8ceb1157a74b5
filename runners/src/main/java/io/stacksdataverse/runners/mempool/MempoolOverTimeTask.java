package io.stacksdataverse.runners.mempool;

import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetSettings;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.RunIntervals;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.transform.Downsampling;
import io.stacksdataverse.transform.UtcDays;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Catalog #44, {@code mempool/latest.json.gz}: {@code {"<unix s>": n}}, the mempool snapshots with
 * E in (E − window, E] (MEMPOOL_WINDOW_DAYS), ascending, kept every third half-hour slot counted
 * from S0 plus the newest. The snapshot of E is taken by the run of the current interval (or was
 * by {@code spot_stats}); history before the first snapshot cannot be rebuilt. Half-hourly,
 * latest-only.
 */
public final class MempoolOverTimeTask extends DatasetTask {
    public static final String ID = "mempool_over_time";
    static final int EVERY = 3;
    private final ChainDatabase database;
    private final int windowDays;

    @Inject
    public MempoolOverTimeTask(Optional<StacksDb> database, Config config) {
        this(database, DatasetSettings.read(config).mempoolWindowDays());
    }

    public MempoolOverTimeTask(Optional<StacksDb> database, int windowDays) {
        super(ID, ScheduleGroup.HALF_HOURLY, true);
        this.database = requires(new ChainDatabase(database));
        this.windowDays = windowDays;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: the snapshot of E (taken now or stored), then the window's snapshots.
        long e = ctx.intervalEnd().getEpochSecond();
        OptionalLong now = MempoolSnapshots.atInterval(ctx, database.get(), ID);
        NavigableMap<Long, Long> window = MempoolSnapshots.range(ctx, e - windowDays * UtcDays.DAY_SECONDS, e);
        // Transform: anchored every-3rd + newest.
        Map<String, Long> series = new LinkedHashMap<>();
        Downsampling.slotEveryNthPlusLast(window, UtcDays.S0, RunIntervals.SECONDS, EVERY)
                .forEach((t, n) -> series.put(Long.toString(t), n));
        // Load: the fixed key.
        return TaskResult.builder()
                .outputs(ctx.publisher().publish(DatasetPaths.MEMPOOL_OVER_TIME, ctx.publisher().jsonObject(series)))
                .value("snapshot", now.isPresent() ? Long.toString(now.getAsLong())
                        : "none: the interval ending at " + ctx.intervalEnd() + " is not the current one and has no stored snapshot")
                .value("snapshots_in_window", window.size())
                .build();
    }
}
