package io.stacksdataverse.runners.mining;

import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.runners.interval.IntervalPrices;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.transform.mining.RiskReward;
import io.stacksdataverse.transform.mining.WindowEntry;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Catalog #33, {@code mining_data/riskreward.json.gz}: each tenure of #32's window with its winning
 * commit and STX reward in USD at the close, as of E, of the UTC day of its Bitcoin time (one
 * {@code histoday} call per symbol per run, the minute price for E's own day). Half-hourly,
 * latest-only, after #32; passes the window on to #34.
 */
public final class MiningRiskRewardTask extends DatasetTask {
    public static final String ID = "mining_risk_reward";
    private final ChainDatabase database;
    private final IntervalPrices prices;

    @Inject
    public MiningRiskRewardTask(Optional<StacksDb> database, IntervalPrices prices) {
        super(ID, ScheduleGroup.HALF_HOURLY, true, MiningLast100Task.ID);
        this.database = requires(new ChainDatabase(database));
        this.prices = prices;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: #32's window (read again only when run without it) and the closes of its days.
        MiningWindow.Handed handed = MiningWindow.handed(ctx, database.get(), ID, MiningLast100Task.ID);
        List<WindowEntry> window = handed.entries();
        Map<Long, Double> btc = new HashMap<>();
        Map<Long, Double> stx = new HashMap<>();
        for (long day : RiskReward.days(window)) {
            put(btc, day, prices.dayClose(ctx, "BTC", day));
            put(stx, day, prices.dayClose(ctx, "STX", day));
        }
        // Transform, encode, load.
        byte[] gz = ctx.publisher().json(RiskReward.of(window, btc, stx));
        TaskResult.Builder result = TaskResult.builder().outputs(ctx.publisher().publish(DatasetPaths.MINING_RISK_REWARD, gz));
        return MiningWindow.handOff(result, ctx, handed.tipHeight(), window).build();
    }

    private static void put(Map<Long, Double> closes, long day, OptionalDouble close) {
        if (close.isPresent()) {
            closes.put(day, close.getAsDouble());
        }
    }
}
