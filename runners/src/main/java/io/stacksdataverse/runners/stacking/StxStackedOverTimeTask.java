package io.stacksdataverse.runners.stacking;

import io.stacksdataverse.extract.http.SourceException;
import io.stacksdataverse.extract.stacks.StacksApiClient;
import io.stacksdataverse.extract.stacks.clarity.ClarityValue;
import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.stacking.Pox5Check;
import io.stacksdataverse.extract.stacks.db.stacking.StackedTipQueries;
import io.stacksdataverse.extract.stacks.pox.PoxInfo;
import io.stacksdataverse.loaders.warehouse.PoxSnapshotTable;
import io.stacksdataverse.loaders.warehouse.StackedReadonlyPoints;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetSettings;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.runners.chain.IncrementalDailySeries;
import io.stacksdataverse.runners.interval.RunPox;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.transform.UtcDays;
import io.stacksdataverse.transform.stacking.StackedOverTime;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Catalog #8, {@code stx_stacked_over_time/{D}.json.gz}: {@code {"<unix s>": STX}} ascending, the
 * STX committed to the cycle after the current one. The union of
 * <ul>
 *   <li>the half-hourly {@code /v2/pox} snapshots ({@link PoxSnapshotTask}) with E < t(D+1) whose
 *       next cycle is current + 1, current = the current cycle of the last of them;</li>
 *   <li>the exact points of pox-4's read-only {@code get-total-ustx-stacked(current + 1)}, current =
 *       cycle(h_D): one per burn height b ≤ h_D of the current cycle that has a canonical Stacks block
 *       ≤ H_D, called at the highest such block with burn height ≤ b and keyed by its
 *       {@code burn_block_time}; stored, so a run calls only for the burn heights it has not stored
 *       (or whose tip block changed: a reorganisation, a tenure still growing at the last run).</li>
 * </ul>
 * The read-only value wins a shared key; neither gives {@code {}}. Computed as of D (a backfill
 * works); written under D, and under {@code latest} by the newest run. Daily, [PoX-5].
 */
public final class StxStackedOverTimeTask extends DatasetTask {
    public static final String ID = "stx_stacked_over_time";
    static final String FUNCTION = "get-total-ustx-stacked";
    private final ChainDatabase database;
    private final RunPox pox;
    private final boolean readonlyBackfill;
    private final int maxCalls;

    @Inject
    public StxStackedOverTimeTask(Optional<StacksDb> database, RunPox pox, Config config) {
        this(database, pox, DatasetSettings.read(config).stackedReadonlyBackfill(), DatasetSettings.read(config).stackedReadonlyMaxCalls());
    }

    public StxStackedOverTimeTask(Optional<StacksDb> database, RunPox pox, boolean readonlyBackfill, int maxCalls) {
        super(ID, ScheduleGroup.DAILY, false);
        this.database = requires(new ChainDatabase(database));
        this.pox = pox;
        this.readonlyBackfill = readonlyBackfill;
        this.maxCalls = maxCalls;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: H_D, the PoX-5 checks (database and node), the snapshots before t(D+1).
        StacksDb db = database.get();
        BlockRef cut = IncrementalDailySeries.cutoff(ChainCursor.open(db, ID), ctx.executionDate());
        Pox5Check.requireInactive(db, ID, cut.height(), cut.burnBlockHeight());
        PoxInfo info = pox.handled(ctx, ID);
        long end = UtcDays.t(ctx.executionDate().plusDays(1));
        List<StackedOverTime.Snapshot> snapshots = new ArrayList<>();
        for (PoxSnapshotTable.Snapshot s : new PoxSnapshotTable(ctx.warehouse().dataSource()).before(end)) {
            snapshots.add(new StackedOverTime.Snapshot(s.intervalEnd(), s.currentCycle(), s.nextCycle(), s.nextCycleStackedUstx()));
        }
        ReadonlyPoints exact = readonlyBackfill ? readonlyPoints(ctx, db, info, cut) : ReadonlyPoints.OFF;
        // Transform: the union, read-only values winning, in STX.
        Map<String, BigDecimal> series = StackedOverTime.merge(StackedOverTime.snapshotPoints(snapshots), exact.byKey());
        // Load: the dated key, and latest for the newest run.
        return TaskResult.builder()
                .outputs(ctx.publisher().publish(DatasetPaths.STX_STACKED_OVER_TIME, ctx.publisher().jsonObject(series)))
                .value("points", series.size())
                .value("cutoff_height", cut.height())
                .value("readonly_calls", exact.calls())
                .value("readonly_left_for_next_run", exact.left())
                .build();
    }

    /** The read-only points of the run (µSTX by key), the calls it made and the burn heights left for the next run. */
    private record ReadonlyPoints(NavigableMap<Long, BigDecimal> byKey, int calls, int left) {
        static final ReadonlyPoints OFF = new ReadonlyPoints(new TreeMap<>(), 0, 0);
    }

    private ReadonlyPoints readonlyPoints(TaskContext ctx, StacksDb db, PoxInfo info, BlockRef cut) throws Exception {
        long current = info.cycleOf(cut.burnBlockHeight());
        long target = current + 1;
        long fromBurn = info.firstBurnchainBlockHeight() + current * info.rewardCycleLength();
        long toBurn = cut.burnBlockHeight();
        NavigableMap<Long, StackedTipQueries.Tip> tips = StackedTipQueries.open(db, ID).tipsByBurnHeight(fromBurn, toBurn, cut.height());
        StackedReadonlyPoints store = new StackedReadonlyPoints(ctx.warehouse().dataSource());
        NavigableMap<Long, StackedReadonlyPoints.Point> stored = store.stored(target, fromBurn, toBurn);
        // A stored point is reused while its burn height's tip is the same block; one whose tip left the
        // canonical chain (or whose burn height got a higher block) is called again, one with no tip now is dropped.
        List<Long> dropped = stored.keySet().stream().filter(b -> !tips.containsKey(b)).toList();
        List<StackedTipQueries.Tip> missing = new ArrayList<>();
        for (StackedTipQueries.Tip tip : tips.descendingMap().values()) {
            StackedReadonlyPoints.Point p = stored.get(tip.burnBlockHeight());
            if (p == null || !Arrays.equals(p.tipIndexBlockHash(), tip.indexBlockHash())) {
                missing.add(tip);
            }
        }
        // Newest burn heights first, so the day's own points come before older history.
        List<StackedTipQueries.Tip> calls = missing.subList(0, Math.min(maxCalls, missing.size()));
        List<StackedReadonlyPoints.Point> fresh = new ArrayList<>();
        for (StackedTipQueries.Tip tip : calls) {
            String tipHex = HexFormat.of().formatHex(tip.indexBlockHash());
            ClarityValue answer = pox.client().callReadOnly(ctx.raw(), info.contractAddress(), info.contractName(), FUNCTION, tipHex,
                    ClarityValue.UInt.of(target));
            BigInteger ustx = totalStacked(answer, info, target, tipHex);
            fresh.add(new StackedReadonlyPoints.Point(target, tip.burnBlockHeight(), tip.indexBlockHash(), tip.burnBlockTime(),
                    new BigDecimal(ustx)));
        }
        store.replace(target, dropped, fresh);
        // Points in burn height order, so a later burn height wins a Bitcoin time shared with an earlier one.
        NavigableMap<Long, StackedReadonlyPoints.Point> kept = new TreeMap<>(stored);
        dropped.forEach(kept::remove);
        fresh.forEach(p -> kept.put(p.burnBlockHeight(), p));
        NavigableMap<Long, BigDecimal> byKey = new TreeMap<>();
        for (StackedReadonlyPoints.Point p : kept.values()) {
            StackedTipQueries.Tip tip = tips.get(p.burnBlockHeight());
            if (tip != null && Arrays.equals(p.tipIndexBlockHash(), tip.indexBlockHash())) {
                byKey.put(p.keyTime(), p.stackedUstx());
            }
        }
        return new ReadonlyPoints(byKey, calls.size(), missing.size() - calls.size());
    }

    /** {@code (ok uN)} or {@code uN}; anything else is an error naming the call, never a published value. */
    static BigInteger totalStacked(ClarityValue answer, PoxInfo info, long cycle, String tipHex) throws SourceException {
        ClarityValue v = answer instanceof ClarityValue.Response r && r.ok() ? r.value() : answer;
        if (v instanceof ClarityValue.UInt u) {
            return u.value();
        }
        throw new SourceException(StacksApiClient.SOURCE, "POST /v2/contracts/call-read/" + info.contractAddress() + "/"
                + info.contractName() + "/" + FUNCTION + "?tip=" + tipHex + " (u" + cycle + ")",
                "expected (ok uint) or a uint, got " + answer.describe());
    }
}
