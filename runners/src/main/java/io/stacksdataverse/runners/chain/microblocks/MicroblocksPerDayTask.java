package io.stacksdataverse.runners.chain.microblocks;

import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.chain.ChainQueries;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.transform.UtcDays;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Catalog #21, {@code microblocks/latest.json.gz}: {@code {"<t(d)>": n}}, canonical microblocks per
 * UTC day of their parent anchor block's Bitcoin time, days with at least one, ascending, days
 * before D+1 only. One grouped query; microblocks ended with Nakamoto, so the series is frozen.
 * Latest-only, as in the original DAG.
 */
public final class MicroblocksPerDayTask extends DatasetTask {
    private final ChainDatabase database;
    public static final String ID = "microblocks_per_day";

    @Inject
    public MicroblocksPerDayTask(Optional<StacksDb> database) {
        super(ID, ScheduleGroup.DAILY, true);
        this.database = requires(new ChainDatabase(database));
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: canonical microblocks per day of their parent's Bitcoin time, before D+1.
        StacksDb db = database.get();
        Map<String, Long> perDay = new LinkedHashMap<>();
        ChainQueries.open(db, ID).microblocksPerDay(UtcDays.t(ctx.executionDate().plusDays(1)))
                .forEach((day, n) -> perDay.put(Long.toString(day), n));
        // Transform: nothing beyond the keys as text. Load: the fixed key.
        return TaskResult.builder()
                .outputs(ctx.publisher().publish(DatasetPaths.MICROBLOCKS_PER_DAY, ctx.publisher().jsonObject(perDay)))
                .value("days", perDay.size())
                .build();
    }
}
