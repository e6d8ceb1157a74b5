package io.stacksdataverse.runners.chain;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainSnapshot;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseStateException;
import io.stacksdataverse.loaders.warehouse.ChainStateTable;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.transform.UtcDays;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jooq.DSLContext;

/**
 * A daily chain series kept incrementally: one value per UTC day in the warehouse, and the cutoff
 * block of the newest run. Each stored value is exact for its day under the cutoff it was computed
 * with. A run for D (cutoff H_D, the newest canonical block with {@code block_time < t(D+1)}):
 *
 * <ul>
 *   <li>with no state, or a full rebuild: computes every day from S0;</li>
 *   <li>when the block the newest run stopped at is still canonical, nothing at or below it has
 *       changed: the run reads only the blocks above it, up to H_D, and recomputes the days those
 *       blocks fall on (usually D alone; also an earlier day whose blocks arrived late);</li>
 *   <li>when that block is no longer canonical (a reorganisation): recomputes the days from the
 *       stored newest date minus the reorg margin (or from the earliest Bitcoin day of the blocks
 *       above the fork, if earlier), after checking that the fork lies inside the margin; if it does
 *       not, the run fails and asks for {@code --full};</li>
 *   <li>for a date older than the stored newest date (a backfill): recomputes D and its margin
 *       under D's own cutoff and leaves the state alone, so it publishes what was true at the end
 *       of D.</li>
 * </ul>
 * The new values and the progress are replaced in one transaction; the run returns the days S0…D.
 */
public final class IncrementalDailySeries {
    /** Days before the stored newest date that a run after a reorganisation recomputes; a backfill recomputes as many before D. */
    public static final int MARGIN_DAYS = 2;
    public static final LocalDate FIRST_DAY = UtcDays.dayOf(UtcDays.S0);

    /** The values of the days {@code [fromDay, toDayExclusive)} under a cutoff height, keyed by day start. */
    @FunctionalInterface
    public interface DaySource {
        Map<Long, Long> values(long fromDay, long toDayExclusive, long maxHeight);
    }

    /**
     * The series and the cutoff block it was computed under; {@code recomputed} names the days read
     * from the chain ("2024-06-01..2024-06-02", or "none").
     */
    public record Series(NavigableMap<LocalDate, Long> byDay, BlockRef cutoff, String recomputed) {
    }

    private IncrementalDailySeries() {
    }

    /** How a run reads the chain. */
    public enum Mode {
        /** every day from S0 */
        FROM_SCRATCH,
        /** the blocks above {@link Plan#aboveHeight()}: the days they fall on */
        NEW_BLOCKS,
        /** after a reorganisation: the days from {@link Plan#from()} on */
        MARGIN,
        /** a date older than the state: {@link Plan#from()}…D, the state untouched */
        BACKFILL
    }

    /** What a run recomputes. */
    public record Plan(Mode mode, LocalDate from, long aboveHeight) {
        /** Whether the run replaces the stored state (every mode but a backfill). */
        public boolean newest() {
            return mode != Mode.BACKFILL;
        }
    }

    /**
     * What a run starts from: its cutoff block, the stored progress (empty for a full rebuild or no
     * state), its plan, and the span of days of the blocks above the stored cutoff (for a plan that
     * reads new blocks). Two round trips: the progress from the warehouse, then one read of the chain.
     */
    public record Start(BlockRef cut, Optional<ChainStateTable.Progress> progress, Plan plan, ChainSnapshot snapshot) {
        public ChainStateTable.Progress reached(LocalDate d) {
            return new ChainStateTable.Progress(d, cut.height(), cut.indexBlockHash());
        }
    }

    public static Start start(TaskContext ctx, ChainCursor db, String dataset) throws StacksDatabaseException, SQLException {
        LocalDate d = ctx.executionDate();
        if (d.isBefore(FIRST_DAY)) {
            throw new IllegalArgumentException(dataset + " starts on " + FIRST_DAY + "; " + d + " is before it");
        }
        Optional<ChainStateTable.Progress> progress = ctx.fullRebuild() ? Optional.empty()
                : ChainStateTable.progress(ctx.warehouse().dataSource(), dataset);
        Instant end = Instant.ofEpochSecond(UtcDays.t(d.plusDays(1)));
        ChainSnapshot snapshot = db.snapshot(end, progress.map(ChainStateTable.Progress::lastIndexBlockHash).orElse(null),
                progress.map(ChainStateTable.Progress::lastHeight).orElse(-1L));
        BlockRef cut = snapshot.cutoff().orElseThrow(() -> noCutoff(db, d, end));
        return new Start(cut, progress, plan(db, dataset, d, progress, cut, snapshot), snapshot);
    }

    public static Plan plan(ChainCursor db, String dataset, LocalDate d, Optional<ChainStateTable.Progress> progress, BlockRef cut,
                     ChainSnapshot snapshot) throws StacksDatabaseException {
        if (progress.isEmpty()) {
            return new Plan(Mode.FROM_SCRATCH, FIRST_DAY, -1);
        }
        ChainStateTable.Progress p = progress.get();
        if (d.isBefore(p.lastDay())) {
            return new Plan(Mode.BACKFILL, max(FIRST_DAY, d.minusDays(MARGIN_DAYS)), -1);
        }
        boolean stillCanonical = snapshot.lastStillCanonical().orElseThrow(() -> notKnown(db, dataset, p));
        if (stillCanonical && cut.height() >= p.lastHeight()) {
            return new Plan(Mode.NEW_BLOCKS, FIRST_DAY, p.lastHeight());
        }
        LocalDate from = max(FIRST_DAY, p.lastDay().minusDays(MARGIN_DAYS));
        long fork = checkForkInsideMargin(db, dataset, p, from);
        // A block above the fork may carry a Bitcoin time of a day before the margin: recompute from there.
        NavigableSet<Long> changedDays = db.daysOfBlocks(fork, cut.height());
        if (!changedDays.isEmpty()) {
            from = max(FIRST_DAY, min(from, UtcDays.dayOf(changedDays.first())));
        }
        return new Plan(Mode.MARGIN, from, -1);
    }

    public static BlockRef cutoff(ChainCursor db, LocalDate d) throws StacksDatabaseException {
        Instant end = Instant.ofEpochSecond(UtcDays.t(d.plusDays(1)));
        return db.cutoff(end).orElseThrow(() -> noCutoff(db, d, end));
    }

    private static StacksDatabaseException noCutoff(ChainCursor db, LocalDate d, Instant end) {
        return new StacksDatabaseException(StacksDb.SOURCE + " " + db.db().describe() + " has no canonical block before " + end
                + ": the chain is empty or the API has not synced to " + d);
    }

    public static Series build(TaskContext ctx, ChainCursor db, String dataset, DaySource source)
            throws StacksDatabaseException, SQLException {
        LocalDate d = ctx.executionDate();
        Start start = start(ctx, db, dataset);
        Plan plan = start.plan();
        BlockRef cut = start.cut();

        // The days to recompute, [from, to], empty when from is after to.
        LocalDate from = plan.from();
        LocalDate to = d;
        if (plan.mode() == Mode.NEW_BLOCKS) {
            ChainSnapshot s = start.snapshot();
            from = s.firstNewDay().isEmpty() ? d.plusDays(1) : max(FIRST_DAY, UtcDays.dayOf(s.firstNewDay().getAsLong()));
            to = s.lastNewDay().isEmpty() ? d : UtcDays.dayOf(s.lastNewDay().getAsLong());
        }
        NavigableMap<LocalDate, Long> fresh = new TreeMap<>();
        if (!from.isAfter(to)) {
            source.values(UtcDays.t(from), UtcDays.t(to.plusDays(1)), cut.height())
                    .forEach((dayStart, value) -> fresh.put(UtcDays.dayOf(dayStart), value));
        }
        NavigableMap<LocalDate, Long> byDay;
        if (plan.newest()) {
            LocalDate rangeEnd = plan.mode() == Mode.NEW_BLOCKS ? to : ChainStateTable.OPEN_END;
            // (An empty range, from after to, replaces nothing and records the progress.)
            byDay = ChainStateTable.replaceRangeAndRead(ctx.warehouse().dataSource(), dataset, from, rangeEnd, fresh,
                    start.reached(d), FIRST_DAY, d);
        } else {
            DSLContext wh = PostgresWarehouse.dsl(ctx.warehouse());
            byDay = ChainStateTable.read(wh, dataset, FIRST_DAY, from.minusDays(1));
            byDay.putAll(fresh);
        }
        return new Series(byDay, cut, from.isAfter(to) ? "none" : from + ".." + to);
    }

    /** The block where the newest run stopped is not in the database any more. */
    private static StacksDatabaseException notKnown(ChainCursor db, String dataset, ChainStateTable.Progress p) {
        return new StacksDatabaseStateException(dataset + ": " + describe(p) + ", where the run for " + p.lastDay() + " stopped, is not in "
                + StacksDb.SOURCE + " " + db.db().describe() + " any more (was the database rebuilt?); run with --full");
    }

    private static String describe(ChainStateTable.Progress p) {
        return "block " + p.lastHeight() + " (0x" + HexFormat.of().formatHex(p.lastIndexBlockHash()) + ")";
    }

    /**
     * After a reorganisation (the stored block is no longer canonical): fails unless the chain forked
     * at or after the first block the margin recomputes; returns the height of the fork.
     */
    public static long checkForkInsideMargin(ChainCursor db, String dataset, ChainStateTable.Progress p, LocalDate from)
            throws StacksDatabaseException {
        OptionalLong fork = db.forkHeight(p.lastIndexBlockHash(), 100_000);
        long firstRecomputed = db.firstCanonicalHeightAtOrAfter(UtcDays.t(from)).orElse(Long.MAX_VALUE);
        if (fork.isEmpty() || fork.getAsLong() + 1 < firstRecomputed) {
            throw new StacksDatabaseStateException(dataset + ": the chain reorganised deeper than the " + MARGIN_DAYS + "-day margin: "
                    + describe(p) + ", where the run for " + p.lastDay() + " stopped, is no longer canonical and the fork is at height "
                    + (fork.isEmpty() ? "unknown" : fork.getAsLong()) + ", before the first recomputed block " + firstRecomputed
                    + "; run with --full");
        }
        return fork.getAsLong();
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
