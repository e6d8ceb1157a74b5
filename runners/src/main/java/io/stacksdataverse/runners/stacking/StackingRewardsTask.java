package io.stacksdataverse.runners.stacking;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.stacking.Pox5Check;
import io.stacksdataverse.extract.stacks.db.stacking.RewardQueries;
import io.stacksdataverse.extract.stacks.pox.PoxInfo;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.runners.interval.IntervalPrices;
import io.stacksdataverse.runners.interval.RunPox;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.spi.Visibility;
import io.stacksdataverse.transform.UtcDays;
import io.stacksdataverse.transform.stacking.RecentRewards;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Catalogs #35 and #36, {@code stacking_data/recent_rewards.json.gz} and
 * {@code recent_rewards_small.json.gz}: the BTC paid to stackers per burn block of the previous
 * and the current reward cycle as of E (burn heights [s_{c−1}, h(E)], c the cycle of h(E)), and
 * the newest 20 of them with a Stacks block ≤ H(E) in USD at their day's BTC close as of E.
 * Half-hourly, latest-only. [PoX-5]
 */
public final class StackingRewardsTask extends DatasetTask {
    public static final String ID = "stacking_rewards";
    private final ChainDatabase database;
    private final RunPox pox;
    private final IntervalPrices prices;

    @Inject
    public StackingRewardsTask(Optional<StacksDb> database, RunPox pox, IntervalPrices prices) {
        super(ID, ScheduleGroup.HALF_HOURLY, true);
        this.database = requires(new ChainDatabase(database));
        this.pox = pox;
        this.prices = prices;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: H(E), h(E) and its cycle, the payouts of the two cycles, the newest heights' times.
        StacksDb db = database.get();
        BlockRef tip = ChainCursor.open(db, ID).requireCutoff(ctx.intervalEnd(), "");
        PoxInfo info = pox.handled(ctx, ID);
        Pox5Check.requireInactive(db, ID, tip.height(), tip.burnBlockHeight());
        long h = tip.burnBlockHeight();
        long c = info.cycleOf(h);
        long from = info.rewardPhaseStart(c - 1);
        RewardQueries rewards = RewardQueries.open(db, ID);
        NavigableMap<Long, BigInteger> sats = rewards.satsPerBurnBlock(from, h);
        List<Long> newest = RecentRewards.highest(sats, RecentRewards.USD_HEIGHTS);
        Map<Long, Long> times = newest.isEmpty() ? Map.of() : rewards.burnBlockTimes(newest, tip.height());

        // Transform: both maps, prices as of E (one histoday call for BTC, the minute price for E's day).
        Map<String, ?> btc = RecentRewards.btcPerBurnBlock(sats);
        Map<String, ?> usd = RecentRewards.usd(newest, sats, times,
                time -> prices.dayClose(ctx, "BTC", UtcDays.dayStart(time)));

        // Load: both files encoded before either is written.
        Map<DatasetPath, byte[]> out = new LinkedHashMap<>();
        out.put(DatasetPaths.STACKING_REWARDS_RECENT, ctx.publisher().json(btc));
        out.put(DatasetPaths.STACKING_REWARDS_RECENT_USD, ctx.publisher().json(usd));
        return TaskResult.builder()
                .outputs(ctx.publisher().publishAll(out, Visibility.PUBLIC))
                .value("cycle", c)
                .value("from_burn_height", from)
                .value("to_burn_height", h)
                .value("burn_blocks", sats.size())
                .build();
    }
}
