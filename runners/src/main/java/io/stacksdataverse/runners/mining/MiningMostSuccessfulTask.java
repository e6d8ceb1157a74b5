package io.stacksdataverse.runners.mining;

import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.transform.mining.MostSuccessful;
import io.stacksdataverse.transform.mining.WindowEntry;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Catalog #34, {@code mining_data/most_successful.json.gz}: wins per coinbase sender in #32's window,
 * wins descending, ties by first appearance. Half-hourly, latest-only, after #33 (which passes #32's
 * window on).
 */
public final class MiningMostSuccessfulTask extends DatasetTask {
    public static final String ID = "mining_most_successful";
    private final ChainDatabase database;

    @Inject
    public MiningMostSuccessfulTask(Optional<StacksDb> database) {
        super(ID, ScheduleGroup.HALF_HOURLY, true, MiningRiskRewardTask.ID);
        this.database = requires(new ChainDatabase(database));
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        List<WindowEntry> window = MiningWindow.handed(ctx, database.get(), ID, MiningRiskRewardTask.ID, MiningLast100Task.ID)
                .entries();
        Map<String, Long> wins = MostSuccessful.of(window);
        byte[] gz = ctx.publisher().json(wins);
        return TaskResult.builder().outputs(ctx.publisher().publish(DatasetPaths.MINING_MOST_SUCCESSFUL, gz))
                .value("miners", wins.size()).build();
    }
}
