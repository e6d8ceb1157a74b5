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
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jooq.DSLContext;

/**
 * A daily chain series kept incrementally: one value per UTC day in the warehouse, and the cutoff
 * block of the newest run. A run for D reads the chain only for the days from the stored newest
 * date minus the reorg margin on, under the cutoff H_D (the newest canonical block with
 * {@code block_time < t(D+1)}), replaces those days and the progress in one transaction, and
 * returns the days S0…D. A full rebuild reads from S0 and gives the same values.
 *
 * <ul>
 *   <li>A backfill of a date older than the stored newest date recomputes its margin under its own
 *       cutoff and leaves the state alone, so it publishes what was true at the end of that date.</li>
 *   <li>If the block the newest run stopped at is no longer canonical and the chain forked before
 *       the recomputed margin, the run fails and asks for {@code --full}: the state would be wrong.</li>
 * </ul>
 */
final class IncrementalDailySeries {
    /** Days before D (and before the stored newest date) that every run recomputes. */
    static final int MARGIN_DAYS = 2;
    static final LocalDate FIRST_DAY = UtcDays.dayOf(UtcDays.S0);

    /** The values of the days {@code [fromDay, toDayExclusive)} under a cutoff height, keyed by day start. */
    @FunctionalInterface
    interface DaySource {
        Map<Long, Long> values(long fromDay, long toDayExclusive, long maxHeight);
    }

    /** The series and the cutoff block it was computed under. */
    record Series(NavigableMap<LocalDate, Long> byDay, BlockRef cutoff, LocalDate recomputedFrom) {
    }

    private IncrementalDailySeries() {
    }

    /** What a run recomputes: the days from {@code from} on; {@code newest} when it may replace the stored state. */
    record Plan(LocalDate from, boolean newest) {
    }

    /**
     * No state (or a full rebuild): everything from S0. A date at or after the stored newest date:
     * from the stored newest date minus the margin, after checking that no deeper reorganisation
     * happened. An older date (a backfill): its own margin, without touching the state.
     */
    static Plan plan(StacksDatabase db, String dataset, LocalDate d, Optional<ChainStateTable.Progress> progress, BlockRef cut)
            throws StacksDatabaseException {
        if (progress.isEmpty()) {
            return new Plan(FIRST_DAY, true);
        }
        if (!d.isBefore(progress.get().lastDay())) {
            LocalDate from = max(FIRST_DAY, progress.get().lastDay().minusDays(MARGIN_DAYS));
            checkNoDeepReorg(db, dataset, progress.get(), from, cut);
            return new Plan(from, true);
        }
        return new Plan(max(FIRST_DAY, d.minusDays(MARGIN_DAYS)), false);
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
        LocalDate from = plan.from();
        boolean newest = plan.newest();

        NavigableMap<LocalDate, Long> fresh = new TreeMap<>();
        source.values(UtcDays.t(from), UtcDays.t(d.plusDays(1)), cut.height())
                .forEach((dayStart, value) -> fresh.put(UtcDays.dayOf(dayStart), value));

        NavigableMap<LocalDate, Long> byDay;
        if (newest) {
            ChainStateTable.replaceFrom(wh, dataset, from, fresh, new ChainStateTable.Progress(d, cut.height(), cut.indexBlockHash()));
            byDay = ChainStateTable.read(wh, dataset, FIRST_DAY, d);
        } else {
            byDay = ChainStateTable.read(wh, dataset, FIRST_DAY, from.minusDays(1));
            byDay.putAll(fresh);
        }
        return new Series(byDay, cut, from);
    }

    static void checkNoDeepReorg(StacksDatabase db, String dataset, ChainStateTable.Progress p, LocalDate from,
                                         BlockRef cut) throws StacksDatabaseException {
        Optional<Boolean> canonical = db.isCanonical(p.lastIndexBlockHash());
        String block = "block " + p.lastHeight() + " (0x" + HexFormat.of().formatHex(p.lastIndexBlockHash()) + ")";
        if (canonical.isEmpty()) {
            throw new StacksDatabaseException(dataset + ": " + block + ", where the run for " + p.lastDay() + " stopped, is not in "
                    + StacksDatabase.SOURCE + " " + db.describe() + " any more (was the database rebuilt?); run with --full");
        }
        if (canonical.get()) {
            return; // everything up to the stored block still holds
        }
        OptionalLong fork = db.forkHeight(p.lastIndexBlockHash(), 100_000);
        long firstRecomputed = db.firstCanonicalHeightAtOrAfter(UtcDays.t(from)).orElse(Long.MAX_VALUE);
        if (fork.isEmpty() || fork.getAsLong() + 1 < firstRecomputed) {
            throw new StacksDatabaseException(dataset + ": the chain reorganised deeper than the " + MARGIN_DAYS + "-day margin: "
                    + block + ", where the run for " + p.lastDay() + " stopped, is no longer canonical and the fork is at height "
                    + (fork.isEmpty() ? "unknown" : fork.getAsLong()) + ", before the first recomputed block " + firstRecomputed
                    + "; run with --full");
        }
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
