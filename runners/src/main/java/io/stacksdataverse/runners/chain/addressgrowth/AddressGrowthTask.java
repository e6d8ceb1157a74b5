package io.stacksdataverse.runners.chain.addressgrowth;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.ChainSnapshot;
import io.stacksdataverse.extract.stacks.db.DayReads;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.chain.PrincipalQueries;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.runners.chain.IncrementalDailySeries;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.transform.DailySeries;
import io.stacksdataverse.transform.UtcDays;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Catalog #2, {@code addx_growth/{D}.json.gz} (copied to {@code latest} by the newest run):
 * {@code {"<t(d)>": n}} for d = S0…D, n = distinct principals that have been sender or recipient
 * of a canonical STX event in blocks up to the end of day d (up to H_D); dense, even+last.
 *
 * <p>State: {@link FirstSeenTable} (principal → first day, and the new principals per day), with
 * the cutoff block of the newest run ({@link IncrementalDailySeries} says which blocks a run reads).
 * A daily run reads the few thousand principals of the new blocks into memory and adds those the
 * state does not know; any other run streams the principals it reads into the state.
 */
public final class AddressGrowthTask extends DatasetTask {
    public static final String ID = "address_growth";
    /** Below this many principals a daily run looks them up in one statement; from it on, in one per processor (at most 4). */
    public static final int PARALLEL_LOOKUP_MIN = 2_000;
    private static final int LOOKUP_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private final ChainDatabase database;

    private final int parallelLookupMin;

    @Inject
    public AddressGrowthTask(Optional<StacksDb> database) {
        this(database, PARALLEL_LOOKUP_MIN);
    }

    /** @param parallelLookupMin from how many principals a daily run looks them up in parallel slices */
    public AddressGrowthTask(Optional<StacksDb> database, int parallelLookupMin) {
        super(ID, ScheduleGroup.DAILY, false);
        this.database = requires(new ChainDatabase(database));
        this.parallelLookupMin = parallelLookupMin;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: where the run stands on the chain, and the principals of the blocks it reads.
        StacksDb db = database.get();
        PrincipalQueries principals = PrincipalQueries.open(db, ID);
        IncrementalDailySeries.Start start = IncrementalDailySeries.start(ctx, ChainCursor.open(db, ID), ID);
        IncrementalDailySeries.Plan plan = start.plan();
        LocalDate d = ctx.executionDate();
        BlockRef cut = start.cut();
        FirstSeenTable state = new FirstSeenTable(ctx.warehouse(), ID);
        FirstSeenTable.Update update;
        if (plan.mode() == IncrementalDailySeries.Mode.NEW_BLOCKS && isShort(start.snapshot())) {
            PrincipalQueries.NewPrincipals fresh = start.snapshot().firstNewDay().isEmpty()
                    ? new PrincipalQueries.NewPrincipals(new String[0], new int[0])
                    : principals.principalsOfNewBlocks(plan.aboveHeight(), cut.height(), UtcDays.S0);
            // Load the state: the new principals, and the new ones per day from the earliest day among them.
            update = state.addDaily(fresh, d, start.reached(d), fresh.size() < parallelLookupMin ? 1 : LOOKUP_THREADS);
        } else {
            long fromTime = plan.from().equals(IncrementalDailySeries.FIRST_DAY) ? 0 : UtcDays.t(plan.from());
            // The state takes every event up to H_D, even one whose Bitcoin time lies after D (a block stamped
            // before midnight may carry a Bitcoin time of the next day): the next run reads only the blocks
            // above H_D, so it would never see that event again. Days after D are kept, not published.
            // A backfill, which leaves the state alone, takes the days up to D only.
            long end = plan.newest() ? Integer.MAX_VALUE : UtcDays.t(d.plusDays(1));
            // Load the state: the principals stream from the chain into it.
            update = state.merge(plan, d, start.reached(d), sink -> {
                if (plan.mode() == IncrementalDailySeries.Mode.NEW_BLOCKS) {
                    principals.principalsOfBlocks(plan.aboveHeight(), cut.height(), end, UtcDays.S0, sink);
                } else {
                    principals.firstSeenPrincipals(fromTime, end, cut.height(), UtcDays.S0, sink);
                }
            });
        }
        return publish(ctx, d, update.newPerDay(), cut, update.from().isAfter(d) ? "none" : update.from() + ".." + d,
                update.principalsRead());
    }

    /** Whether the blocks above the stored cutoff span at most a few days (the usual daily run). */
    private static boolean isShort(ChainSnapshot s) {
        return s.firstNewDay().isEmpty()
                || s.lastNewDay().getAsLong() - s.firstNewDay().getAsLong() < DayReads.SHORT_READ_DAYS * 86_400L;
    }

    private static TaskResult publish(TaskContext ctx, LocalDate d, NavigableMap<LocalDate, Long> newPerDay, BlockRef cut,
                                      String recomputed, long streamed) throws java.io.IOException {
        // Transform: cumulative from S0, downsampled even+last. Load: the dated key, and latest for the newest run.
        byte[] encoded = ctx.publisher().jsonObject(
                DailySeries.denseCumulativeEvenPlusLast(newPerDay, IncrementalDailySeries.FIRST_DAY, d));
        return TaskResult.builder()
                .outputs(ctx.publisher().publish(DatasetPaths.ADDRESS_GROWTH, encoded))
                .value("cutoff_height", cut.height())
                .value("recomputed", recomputed)
                .value("principals_streamed", streamed)
                .value("principals_total", newPerDay.values().stream().mapToLong(Long::longValue).sum())
                .build();
    }
}
