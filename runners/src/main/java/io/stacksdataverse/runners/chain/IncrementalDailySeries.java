package io.stacksdataverse.runners.chain;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.StacksDatabase;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.loaders.warehouse.ChainStateTable;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.transform.UtcDays;
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
final class IncrementalDailySeries {
    /** Days before the stored newest date that a run after a reorganisation recomputes; a backfill recomputes as many before D. */
    static final int MARGIN_DAYS = 2;
    static final LocalDate FIRST_DAY = UtcDays.dayOf(UtcDays.S0);

    /** The values of the days {@code [fromDay, toDayExclusive)} under a cutoff height, keyed by day start. */
    @FunctionalInterface
    interface DaySource {
        Map<Long, Long> values(long fromDay, long toDayExclusive, long maxHeight);
    }

    /**
     * The series and the cutoff block it was computed under; {@code recomputed} names the days read
     * from the chain ("2024-06-01..2024-06-02", or "none").
     */
    record Series(NavigableMap<LocalDate, Long> byDay, BlockRef cutoff, String recomputed) {
    }

    private IncrementalDailySeries() {
    }

    /** How a run reads the chain. */
    enum Mode {
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
    record Plan(Mode mode, LocalDate from, long aboveHeight) {
        /** Whether the run replaces the stored state (every mode but a backfill). */
        boolean newest() {
            return mode != Mode.BACKFILL;
        }
    }

    static Plan plan(StacksDatabase db, String dataset, LocalDate d, Optional<ChainStateTable.Progress> progress, BlockRef cut)
            throws StacksDatabaseException {
        if (progress.isEmpty()) {
            return new Plan(Mode.FROM_SCRATCH, FIRST_DAY, -1);
        }
        ChainStateTable.Progress p = progress.get();
        if (d.isBefore(p.lastDay())) {
            return new Plan(Mode.BACKFILL, max(FIRST_DAY, d.minusDays(MARGIN_DAYS)), -1);
        }
        if (isStillCanonical(db, dataset, p) && cut.height() >= p.lastHeight()) {
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

    static BlockRef cutoff(StacksDatabase db, LocalDate d) throws StacksDatabaseException {
        Instant end = Instant.ofEpochSecond(UtcDays.t(d.plusDays(1)));
        return db.cutoff(end).orElseThrow(() -> new StacksDatabaseException(StacksDatabase.SOURCE + " " + db.describe()
                + " has no canonical block before " + end + ": the chain is empty or the API has not synced to " + d));
    }

    static Series build(TaskContext ctx, StacksDatabase db, String dataset, DaySource source) throws StacksDatabaseException {
        LocalDate d = ctx.executionDate();
        if (d.isBefore(FIRST_DAY)) {
            throw new IllegalArgumentException(dataset + " starts on " + FIRST_DAY + "; " + d + " is before it");
        }
        BlockRef cut = cutoff(db, d);
        DSLContext wh = PostgresWarehouse.dsl(ctx.warehouse());
        Optional<ChainStateTable.Progress> progress = ctx.fullRebuild() ? Optional.empty() : ChainStateTable.progress(wh, dataset);
        Plan plan = plan(db, dataset, d, progress, cut);
        ChainStateTable.Progress reached = new ChainStateTable.Progress(d, cut.height(), cut.indexBlockHash());

        // The days to recompute, [from, to], empty when from is after to.
        LocalDate from = plan.from();
        LocalDate to = d;
        if (plan.mode() == Mode.NEW_BLOCKS) {
            NavigableSet<Long> touched = db.daysOfBlocks(plan.aboveHeight(), cut.height());
            from = touched.isEmpty() ? d.plusDays(1) : max(FIRST_DAY, UtcDays.dayOf(touched.first()));
            to = touched.isEmpty() ? d : UtcDays.dayOf(touched.last());
        }
        NavigableMap<LocalDate, Long> fresh = new TreeMap<>();
        if (!from.isAfter(to)) {
            source.values(UtcDays.t(from), UtcDays.t(to.plusDays(1)), cut.height())
                    .forEach((dayStart, value) -> fresh.put(UtcDays.dayOf(dayStart), value));
        }
        NavigableMap<LocalDate, Long> byDay;
        if (plan.newest()) {
            if (plan.mode() == Mode.NEW_BLOCKS) {
                ChainStateTable.replaceRange(wh, dataset, from, to, fresh, reached);
            } else {
                ChainStateTable.replaceFrom(wh, dataset, from, fresh, reached);
            }
            byDay = ChainStateTable.read(wh, dataset, FIRST_DAY, d);
        } else {
            byDay = ChainStateTable.read(wh, dataset, FIRST_DAY, from.minusDays(1));
            byDay.putAll(fresh);
        }
        return new Series(byDay, cut, from.isAfter(to) ? "none" : from + ".." + to);
    }

    /** Whether the block where the newest run stopped is still canonical; fails when the database no longer has it. */
    static boolean isStillCanonical(StacksDatabase db, String dataset, ChainStateTable.Progress p) throws StacksDatabaseException {
        return db.isCanonical(p.lastIndexBlockHash()).orElseThrow(() -> new StacksDatabaseException(dataset + ": " + describe(p)
                + ", where the run for " + p.lastDay() + " stopped, is not in " + StacksDatabase.SOURCE + " " + db.describe()
                + " any more (was the database rebuilt?); run with --full"));
    }

    private static String describe(ChainStateTable.Progress p) {
        return "block " + p.lastHeight() + " (0x" + HexFormat.of().formatHex(p.lastIndexBlockHash()) + ")";
    }

    /**
     * After a reorganisation (the stored block is no longer canonical): fails unless the chain forked
     * at or after the first block the margin recomputes; returns the height of the fork.
     */
    static long checkForkInsideMargin(StacksDatabase db, String dataset, ChainStateTable.Progress p, LocalDate from)
            throws StacksDatabaseException {
        OptionalLong fork = db.forkHeight(p.lastIndexBlockHash(), 100_000);
        long firstRecomputed = db.firstCanonicalHeightAtOrAfter(UtcDays.t(from)).orElse(Long.MAX_VALUE);
        if (fork.isEmpty() || fork.getAsLong() + 1 < firstRecomputed) {
            throw new StacksDatabaseException(dataset + ": the chain reorganised deeper than the " + MARGIN_DAYS + "-day margin: "
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
