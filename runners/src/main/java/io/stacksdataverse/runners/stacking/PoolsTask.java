package io.stacksdataverse.runners.stacking;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.stacking.PoolQueries;
import io.stacksdataverse.extract.stacks.db.stacking.Pox5Check;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.runners.chain.IncrementalDailySeries;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.spi.Visibility;
import io.stacksdataverse.transform.stacking.PoolRanking;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Catalogs #24 and #25, {@code pools/top_pools.json.gz} and {@code pools/number.json.gz}: the
 * stacking pools as of H_D, from each stacker's latest lock-changing pox-4 event in blocks ≤ H_D
 * (a member who revokes stays locked), those locked past h_D grouped by delegator. The top 10 by
 * locked STX under their configured names, and the number of pools. Daily, latest-only. [PoX-5]
 */
public final class PoolsTask extends DatasetTask {
    public static final String ID = "pools";
    private final ChainDatabase database;
    private final Map<String, String> names;

    @Inject
    public PoolsTask(Optional<StacksDb> database, Config config) {
        this(database, PoolNames.read(config));
    }

    public PoolsTask(Optional<StacksDb> database, Map<String, String> names) {
        super(ID, ScheduleGroup.DAILY, true);
        this.database = requires(new ChainDatabase(database));
        this.names = Map.copyOf(names);
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: H_D and h_D, the pox version, every event name known, then the pools.
        StacksDb db = database.get();
        BlockRef cut = IncrementalDailySeries.cutoff(ChainCursor.open(db, ID), ctx.executionDate());
        Pox5Check.requireInactive(db, ID, cut.height(), cut.burnBlockHeight());
        PoolQueries queries = PoolQueries.open(db, ID);
        queries.requireKnownEventNames(cut.height());
        List<PoolQueries.Pool> pools = queries.pools(cut.height(), cut.burnBlockHeight());

        // Transform: the ranked top 10 under their names, and the count of every pool.
        List<PoolRanking.RankedPool> ranked = pools.stream().map(p -> new PoolRanking.RankedPool(p.delegator(), p.lockedUstx()))
                .toList();
        Map<DatasetPath, byte[]> out = new LinkedHashMap<>();
        out.put(DatasetPaths.TOP_POOLS, ctx.publisher().json(PoolRanking.topPools(ranked, names)));
        out.put(DatasetPaths.POOL_COUNT, ctx.publisher().json(PoolRanking.poolCount(pools.size())));

        // Load: both files encoded before either is written.
        return TaskResult.builder()
                .outputs(ctx.publisher().publishAll(out, Visibility.PUBLIC))
                .value("cutoff_height", cut.height())
                .value("cutoff_burn_height", cut.burnBlockHeight())
                .value("pools", pools.size())
                .value("members", pools.stream().mapToLong(PoolQueries.Pool::members).sum())
                .build();
    }
}
