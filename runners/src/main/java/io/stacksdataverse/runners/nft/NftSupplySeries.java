package io.stacksdataverse.runners.nft;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseStateException;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.nft.NftSupplyQueries;
import io.stacksdataverse.loaders.warehouse.NftSupplyDays;
import io.stacksdataverse.loaders.warehouse.NftSupplyDays.Day;
import io.stacksdataverse.loaders.warehouse.NftSupplyDays.Progress;
import io.stacksdataverse.transform.UtcDays;
import io.stacksdataverse.transform.nft.NftSupply;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Catalog #42's days kept incrementally: value(d) = mints − burns in the canonical blocks up to the
 * day's boundary H(t(d) + 1800), stored with that boundary's height. A stored day stays exact while
 * every block up to its boundary is unchanged and no block above the verified height V is older than
 * the boundary; V is the newest run's cutoff when that block is still canonical, else the height
 * where the chain forked from it (a reorganisation). A run recomputes from the first day that fails
 * either test, or only the days after the stored ones. A fork that changes a day more than
 * {@link #MARGIN_DAYS} before the stored newest day fails the run and asks for {@code --full}.
 */
final class NftSupplySeries {
    static final int MARGIN_DAYS = 2;
    private static final LocalDate S0 = UtcDays.dayOf(UtcDays.S0);
    /** Deepest parent walk looking for the fork (as the daily series). */
    private static final int FORK_WALK = 100_000;

    /** The days S0 (or the chain's first day)…D and what was read from the chain ("2024-06-01..2024-06-03", or "none"). */
    record Series(NavigableMap<LocalDate, Day> byDay, String recomputed) {
    }

    private final String dataset;
    private final ChainCursor cursor;
    private final NftSupplyQueries chain;
    private final NftSupplyDays state;

    NftSupplySeries(String dataset, ChainCursor cursor, NftSupplyQueries chain, NftSupplyDays state) {
        this.dataset = dataset;
        this.cursor = cursor;
        this.chain = chain;
        this.state = state;
    }

    /**
     * The days up to {@code d} under the cutoff {@code cut} = H(E). A run for the stored newest day or
     * later stores what it recomputed; an older one (a backfill) leaves the state alone.
     */
    Series upTo(LocalDate d, BlockRef cut, boolean full) throws SQLException, StacksDatabaseException {
        Optional<Progress> progress = full ? Optional.empty() : state.progress();
        Optional<LocalDate> firstStored = progress.isEmpty() ? Optional.empty() : state.firstDay();
        if (progress.isEmpty() || firstStored.isEmpty()) {
            LocalDate first = firstDay();
            NavigableMap<LocalDate, Day> days = compute(first, d, -1, 0, cut);
            state.replaceFrom(null, days, reached(d, cut));
            return new Series(days, span(first, d));
        }
        Progress p = progress.get();
        LocalDate first = firstStored.get();
        long verified = verifiedHeight(p);
        LocalDate from = p.lastDay().plusDays(1);
        Optional<LocalDate> changedByFork = state.firstDayWithBoundaryAbove(verified);
        if (changedByFork.isPresent()) {
            requireInsideMargin(p, verified, changedByFork.get());
            from = min(from, changedByFork.get());
        }
        // A block above V older than a boundary (indexed late) moves that boundary and the later ones.
        OptionalLong oldest = chain.oldestBlockTimeBetween(verified, cut.height());
        if (oldest.isPresent()) {
            from = min(from, UtcDays.dayOf(oldest.getAsLong() - NftSupplyQueries.BOUNDARY_OFFSET).plusDays(1));
        }
        from = max(from, first);
        NavigableMap<LocalDate, Day> before = from.isAfter(first) ? state.read(first, from.minusDays(1)) : new TreeMap<>();
        Map.Entry<LocalDate, Day> base = before.lastEntry();
        long baseHeight = base == null || base.getValue().boundaryHeight() == null ? -1 : base.getValue().boundaryHeight();
        NavigableMap<LocalDate, Day> fresh = compute(from, d, baseHeight, base == null ? 0 : base.getValue().supply(), cut);
        if (!d.isBefore(p.lastDay())) {
            state.replaceFrom(from, fresh, reached(d, cut));
        }
        NavigableMap<LocalDate, Day> byDay = new TreeMap<>(before.headMap(d, true));
        byDay.putAll(fresh);
        return new Series(byDay, span(from, d));
    }

    /** The first day of the series: S0, or the UTC day of the first canonical block if later. */
    private LocalDate firstDay() {
        OptionalLong chainStart = cursor.firstBlockDay();
        return chainStart.isEmpty() ? S0 : max(S0, UtcDays.dayOf(chainStart.getAsLong()));
    }

    /** The days [from, to] from the chain, the supply starting at {@code baseSupply} above {@code baseHeight}. */
    private NavigableMap<LocalDate, Day> compute(LocalDate from, LocalDate to, long baseHeight, long baseSupply, BlockRef cut)
            throws StacksDatabaseStateException {
        NavigableMap<LocalDate, Day> out = new TreeMap<>();
        if (from.isAfter(to)) {
            return out;
        }
        List<NftSupply.DayChange> changes = chain.dayChanges(UtcDays.t(from), UtcDays.t(to), baseHeight, cut.height()).stream()
                .map(c -> new NftSupply.DayChange(c.dayStart(), c.boundaryHeight(), c.change()))
                .collect(Collectors.toList());
        for (NftSupply.DaySupply s : NftSupply.running(baseSupply, changes)) {
            out.put(UtcDays.dayOf(s.dayStart()), new Day(s.boundaryHeight(), s.supply()));
        }
        return out;
    }

    /** V: the newest run's cutoff if still canonical, else the height of the fork from it. */
    private long verifiedHeight(Progress p) throws StacksDatabaseException {
        Optional<Boolean> canonical = cursor.isCanonical(p.lastIndexBlockHash());
        if (canonical.isEmpty()) {
            throw new StacksDatabaseStateException(dataset + ": " + describe(p) + ", where the run for " + p.lastDay()
                    + " stopped, is not in " + StacksDb.SOURCE + " " + cursor.db().describe()
                    + " any more (was the database rebuilt?); run with --full");
        }
        if (canonical.get()) {
            return p.lastHeight();
        }
        OptionalLong fork = cursor.forkHeight(p.lastIndexBlockHash(), FORK_WALK);
        if (fork.isEmpty()) {
            throw new StacksDatabaseStateException(dataset + ": the chain reorganised: " + describe(p) + ", where the run for "
                    + p.lastDay() + " stopped, is no longer canonical and no canonical ancestor lies within " + FORK_WALK
                    + " blocks; run with --full");
        }
        return fork.getAsLong();
    }

    private void requireInsideMargin(Progress p, long fork, LocalDate firstChanged) throws StacksDatabaseStateException {
        LocalDate marginStart = p.lastDay().minusDays(MARGIN_DAYS);
        if (firstChanged.isBefore(marginStart)) {
            throw new StacksDatabaseStateException(dataset + ": the chain reorganised deeper than the " + MARGIN_DAYS + "-day margin: "
                    + describe(p) + ", where the run for " + p.lastDay() + " stopped, is no longer canonical and the fork is at height "
                    + fork + ", below the boundary of " + firstChanged + ", before the margin's first day " + marginStart
                    + "; run with --full");
        }
    }

    private static Progress reached(LocalDate d, BlockRef cut) {
        return new Progress(d, cut.height(), cut.indexBlockHash());
    }

    private static String describe(Progress p) {
        return "block " + p.lastHeight() + " (0x" + HexFormat.of().formatHex(p.lastIndexBlockHash()) + ")";
    }

    private static String span(LocalDate from, LocalDate to) {
        return from.isAfter(to) ? "none" : from + ".." + to;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
