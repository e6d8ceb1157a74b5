package io.stacksdataverse.runners.spot;

import io.stacksdataverse.extract.http.SourceException;
import io.stacksdataverse.extract.stacks.clarity.ClarityValue;
import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.DayReads;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.spot.SpotQueries;
import io.stacksdataverse.extract.stacks.db.stacking.Pox5Check;
import io.stacksdataverse.extract.stacks.db.stacking.StackerQueries;
import io.stacksdataverse.extract.stacks.pox.PoxInfo;
import io.stacksdataverse.loaders.warehouse.IntervalProbes;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetSettings;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.RunIntervals;
import io.stacksdataverse.runners.balances.WhaleBalanceState;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.runners.interval.AtInterval;
import io.stacksdataverse.runners.interval.IntervalPrices;
import io.stacksdataverse.runners.interval.RunPox;
import io.stacksdataverse.runners.interval.RunProbes;
import io.stacksdataverse.runners.mempool.MempoolSnapshots;
import io.stacksdataverse.runners.supply.SupplyAtBlock;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.spi.Visibility;
import io.stacksdataverse.transform.Rounding;
import io.stacksdataverse.transform.Units;
import io.stacksdataverse.transform.UtcDays;
import io.stacksdataverse.transform.spot.SpotFigures;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catalogs #30 and #31: {@code spot_stats/latest.json.gz}, one flat object of figures as of the
 * interval end E, and {@code spot_stats/historical.json.gz}, one entry per day taken from the
 * day's first interval. Half-hourly, latest-only. Every chain read is bounded by H(E); the
 * balances are the wallet-balances state of D−1 (computed first when the daily run has not yet),
 * the fee rate is a run-time probe stored under E, the mempool count the mempool state's snapshot of E.
 */
public final class SpotStatsTask extends DatasetTask {
    private static final Logger LOG = LoggerFactory.getLogger(SpotStatsTask.class);
    public static final String ID = "spot_stats";
    static final int LATEST_FEES = 10;
    private static final long DAY = UtcDays.DAY_SECONDS;
    private final ChainDatabase database;
    private final RunPox pox;
    private final IntervalPrices prices;
    private final long balanceDeltaMaxBlocks;

    @Inject
    public SpotStatsTask(Optional<StacksDb> database, RunPox pox, IntervalPrices prices, Config config) {
        this(database, pox, prices, DatasetSettings.read(config).balanceDeltaMaxBlocks());
    }

    public SpotStatsTask(Optional<StacksDb> database, RunPox pox, IntervalPrices prices, long balanceDeltaMaxBlocks) {
        super(ID, ScheduleGroup.HALF_HOURLY, true);
        this.database = requires(new ChainDatabase(database));
        this.pox = pox;
        this.prices = prices;
        this.balanceDeltaMaxBlocks = balanceDeltaMaxBlocks;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: H(E), the PoX constants, the balances of D−1, the probes, then the figures.
        StacksDb db = database.get();
        long e = ctx.intervalEnd().getEpochSecond();
        ChainCursor cursor = ChainCursor.open(db, ID);
        BlockRef tip = cursor.requireCutoff(ctx.intervalEnd(), "");
        PoxInfo info = pox.handled(ctx, ID);
        Pox5Check.requireInactive(db, ID, tip.height(), tip.burnBlockHeight());
        SpotQueries spot = SpotQueries.open(db, ID);
        StackerQueries stacking = StackerQueries.open(db, ID);
        Optional<WhaleBalanceState.Day> balances = balancesOfDayBefore(ctx, db, cursor);

        long h = tip.burnBlockHeight();
        long c = info.cycleOf(h);
        long sc = info.rewardPhaseStart(c);
        long next = info.rewardPhaseStart(c + 1);
        OptionalDouble stxNow = prices.at(ctx, "STX");

        long lowHeight = cursor.firstCanonicalHeightAtOrAfter(e - DAY - DayReads.BITCOIN_TIME_AHEAD).orElse(tip.height() + 1);
        SpotQueries.TxCounts txs = spot.txCounts(tip.height(), lowHeight, e - DAY, e);
        OptionalLong openTime = spot.firstBlockTimeFrom(sc, tip.height());
        BigDecimal openPrice = null;
        if (openTime.isPresent()) {
            openPrice = round2(prices.hourOpen(ctx, "STX", openTime.getAsLong()));
        }
        BigDecimal totalStacked = totalStacked(ctx, db, stacking, info, tip, c);
        BigDecimal stackedUsd = totalStacked == null || stxNow.isEmpty() ? null
                : Rounding.r3(stxNow.getAsDouble() * totalStacked.doubleValue());
        BigDecimal slotMinimum = stacking.cycleThreshold(c, tip.height()).map(m -> Units.stx(new BigDecimal(m))).orElse(null);
        Optional<BigDecimal> apy = stackingApy(ctx, spot, stacking, info, tip, c);
        OptionalDouble ath = prices.allTimeHigh(ctx, "STX");
        OptionalLong feeRate = RunProbes.probe(ctx, IntervalProbes.TRANSFER_FEE_RATE, () -> pox.client().transferFeeRate(ctx.raw()));
        OptionalLong mempool = MempoolSnapshots.atInterval(ctx, db, ID);
        Optional<SpotQueries.Transfer> whale = spot.latestWhaleTransfer(tip.height());
        List<BigDecimal> whales = balances.map(WhaleBalanceState.Day::whalesStx).orElse(List.of());
        SupplyAtBlock.Supply supply = SupplyAtBlock.read(ctx.warehouse().dataSource(), db, ID, tip);

        // Transform: the fields in the original's order; a missing input gives null.
        BigDecimal mstxFee = feeRate.isPresent() ? Units.stx(feeRate.getAsLong()) : null;
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("refresh_ts", e);
        stats.put("total_txs_alltime", txs.allTime());
        stats.put("total_txs_past24", txs.inWindow());
        stats.put("current_cycle_no", c);
        stats.put("current_cycle_open_price", openPrice);
        stats.put("cycle_blocks_left", next - h);
        stats.put("current_cycle_phase", SpotFigures.phase(h, sc, next));
        stats.put("total_stackers", stacking.lockedStackers(tip.height(), h));
        stats.put("total_stacked", totalStacked);
        stats.put("total_stacked_usd", stackedUsd);
        stats.put("slot_minimum", slotMinimum);
        stats.put("current_stx_block_height", tip.height());
        stats.put("stacking_apy", SpotFigures.apyText(apy));
        stats.put("gini_coefficient", balances.isPresent() ? SpotFigures.gini(whales) : null);
        stats.put("median_balance", balances.isPresent() ? SpotFigures.median(whales) : null);
        stats.put("nonzero_bal_addx", balances.map(WhaleBalanceState.Day::nonzero).orElse(null));
        stats.put("whale_percent", balances.isPresent() ? SpotFigures.whalePercent(whales) : null);
        stats.put("latest_whale_amount", whale.map(w -> Rounding.r2(Units.stx(w.amountMicroStx()).doubleValue())).orElse(null));
        stats.put("latest_whale_timestamp", whale.map(SpotQueries.Transfer::burnBlockTime).orElse(null));
        stats.put("ath", ath.isPresent() ? ath.getAsDouble() : null);
        stats.put("perc_from_ath", SpotFigures.percentFromAth(value(stxNow), value(ath)));
        stats.put("mstx_fee", mstxFee);
        stats.put("usd_fee", mstxFee == null || stxNow.isEmpty() ? null : stxNow.getAsDouble() * mstxFee.doubleValue());
        stats.put("latest_transfer_fee", SpotFigures.medianFeeStx(spot.latestTransferFees(tip.height(), LATEST_FEES)));
        stats.put("now_in_mempool", mempool.isPresent() ? mempool.getAsLong() : null);
        stats.put("circulating_supply", Rounding.r3(Units.stx(new BigDecimal(supply.microStx())).doubleValue()));

        // The day's history entry comes from its first interval: this one, or computed for it.
        LocalDate d = ctx.executionDate();
        long dayStart = UtcDays.t(d);
        Instant first = Instant.ofEpochSecond(dayStart + RunIntervals.SECONDS);
        Optional<BigDecimal> firstApy = first.equals(ctx.intervalEnd()) ? apy : firstIntervalApy(ctx, db, spot, stacking, info, first);
        SpotStatsHistory history = new SpotStatsHistory(ctx.warehouse().dataSource());
        history.keepFirst(dayStart, new SpotStatsHistory.Entry(
                balances.isPresent() ? SpotFigures.median(whales) : null,
                balances.isPresent() ? SpotFigures.whalePercent(whales) : null,
                firstApy.orElse(null)), first.getEpochSecond());
        Map<String, Object> historical = new LinkedHashMap<>();
        history.upTo(dayStart).forEach((day, entry) -> {
            Map<String, Object> inner = new LinkedHashMap<>();
            inner.put("median_balance", entry.medianBalance());
            inner.put("whale_percent", entry.whalePercent());
            inner.put("stacking_apy", entry.stackingApy());
            historical.put(Long.toString(day), inner);
        });

        // Load: both files encoded before either is written.
        Map<DatasetPath, byte[]> out = new LinkedHashMap<>();
        out.put(DatasetPaths.SPOT_STATS, ctx.publisher().json(stats));
        out.put(DatasetPaths.SPOT_STATS_HISTORY, ctx.publisher().json(historical));
        return TaskResult.builder()
                .outputs(ctx.publisher().publishAll(out, Visibility.PUBLIC))
                .value("interval_end", e)
                .value("tip_height", tip.height())
                .value("supply_read", supply.how())
                .build();
    }

    /** The wallet-balances state of D−1, computed first when missing; empty when the chain has no block before D. */
    private Optional<WhaleBalanceState.Day> balancesOfDayBefore(TaskContext ctx, StacksDb db, ChainCursor cursor) throws Exception {
        LocalDate day = ctx.executionDate().minusDays(1);
        Optional<WhaleBalanceState.Day> stored = WhaleBalanceState.read(ctx.warehouse().dataSource(), day);
        if (stored.isPresent()) {
            return stored;
        }
        if (cursor.cutoff(Instant.ofEpochSecond(UtcDays.t(day.plusDays(1)))).isEmpty()) {
            return Optional.empty();
        }
        LOG.info("{}: the balances of {} are not in the warehouse yet; computing them", ID, day);
        WhaleBalanceState.write(db, ID, ctx.warehouse().dataSource(), day, balanceDeltaMaxBlocks, (address, microStx) -> { });
        return WhaleBalanceState.read(ctx.warehouse().dataSource(), day);
    }

    /**
     * {@code get-total-ustx-stacked(c)} of the pox contract at H(E), r3 STX. An answer that is not a
     * uint (the node refused, {@code (err …)}, a malformed value) falls back to the cycle's reward
     * set total in {@code pox_cycles}; without it, null.
     */
    private BigDecimal totalStacked(TaskContext ctx, StacksDb db, StackerQueries stacking, PoxInfo info, BlockRef tip, long c)
            throws SourceException {
        Optional<BigInteger> micro;
        try {
            ClarityValue v = pox.client().callReadOnly(ctx.raw(), info.contractAddress(), info.contractName(),
                    "get-total-ustx-stacked", HexFormat.of().formatHex(tip.indexBlockHash()), ClarityValue.UInt.of(c));
            micro = uint(v);
            if (micro.isEmpty()) {
                LOG.warn("{}: get-total-ustx-stacked(u{}) answered {}; using pox_cycles", ID, c, v.describe());
            }
        } catch (SourceException e) {
            if (e.status().orElse(-1) != 200) {
                throw e;
            }
            LOG.warn("{}: get-total-ustx-stacked(u{}) gave no value ({}); using pox_cycles", ID, c, e.getMessage());
            micro = Optional.empty();
        }
        if (micro.isEmpty()) {
            micro = stacking.cycleTotalStacked(c, tip.height());
        }
        return micro.map(m -> Rounding.r3(Units.stx(new BigDecimal(m)).doubleValue())).orElse(null);
    }

    private static Optional<BigInteger> uint(ClarityValue v) {
        if (v instanceof ClarityValue.Response r && r.ok()) {
            v = r.value();
        }
        return v instanceof ClarityValue.UInt u ? Optional.of(u.value()) : Optional.empty();
    }

    /** The APY of the last completed cycle as of the context's E (catalog #30's formula). */
    private Optional<BigDecimal> stackingApy(TaskContext ctx, SpotQueries spot, StackerQueries stacking, PoxInfo info, BlockRef tip,
                                             long c) throws SourceException {
        long previous = c - 1;
        if (previous < 0) {
            return Optional.empty();
        }
        long sPrev = info.rewardPhaseStart(previous);
        long sc = info.rewardPhaseStart(c);
        Optional<BigInteger> reward = stacking.rewardSats(sPrev, Math.min(sc - 1, tip.burnBlockHeight()));
        Optional<BigInteger> stacked = stacking.cycleTotalStacked(previous, tip.height());
        OptionalLong time = spot.lastBlockTimeBefore(sc, tip.height());
        if (reward.isEmpty() || stacked.isEmpty() || time.isEmpty()) {
            return Optional.empty();
        }
        long day = Math.floorDiv(time.getAsLong(), DAY) * DAY;
        return SpotFigures.apy(reward, stacked, value(prices.dayClose(ctx, "BTC", day)), value(prices.dayClose(ctx, "STX", day)),
                info.rewardCycleLength());
    }

    /** The APY as of the day's first interval, for a day whose first run came later. */
    private Optional<BigDecimal> firstIntervalApy(TaskContext ctx, StacksDb db, SpotQueries spot, StackerQueries stacking,
                                                  PoxInfo info, Instant first) throws Exception {
        if (new SpotStatsHistory(ctx.warehouse().dataSource()).has(UtcDays.t(ctx.executionDate()))) {
            return Optional.empty(); // the entry is kept already; nothing to compute
        }
        Optional<BlockRef> tip = ChainCursor.open(db, ID).cutoff(first);
        if (tip.isEmpty()) {
            return Optional.empty();
        }
        return stackingApy(new AtInterval(ctx, first), spot, stacking, info, tip.get(), info.cycleOf(tip.get().burnBlockHeight()));
    }

    private static BigDecimal round2(OptionalDouble v) {
        return v.isPresent() ? Rounding.r2(v.getAsDouble()) : null;
    }

    private static Double value(OptionalDouble v) {
        return v.isPresent() ? v.getAsDouble() : null;
    }
}
