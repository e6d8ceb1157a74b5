package io.stacksdataverse.host.bench;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.DayReads;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.nft.NftQueries;
import io.stacksdataverse.extract.stacks.db.stacking.PoolQueries;
import io.stacksdataverse.host.Host;
import io.stacksdataverse.runners.LocalRunner;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.runners.chain.IncrementalDailySeries;
import io.stacksdataverse.runners.nft.NftFastestGrowingTask;
import io.stacksdataverse.runners.nft.NftTopByHoldersTask;
import io.stacksdataverse.runners.stacking.PoolsTask;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.transform.UtcDays;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;

/**
 * The daily datasets that read the half-hourly tables (#24–27), on the same synthetic chain, for its
 * last day D: the latest run, the full build ({@code --full}), and the floor (the reads the task
 * makes, its cutoff H_D included, through its family's query class, without transforming, encoding
 * or writing). Only
 * {@code nft_top_by_holders} keeps a shortcut for the latest run (it starts from
 * {@code nft_custody}); the other two read the same rows either way.
 */
final class DailyNftAndPools {
    static final double MAX_FULL_TO_FLOOR = 1.5;

    /** One dataset's reads for D after its cutoff (the floor); {@code full} picks the full build's reads where they differ. */
    private interface Reads {
        void run(StacksDb db, BlockRef cut, boolean full) throws Exception;
    }

    private DailyNftAndPools() {
    }

    static void measure(PrintStream out, Host host, StacksDb db, HalfHourlyBench.BenchClock clock, LocalDate d, int runs)
            throws Exception {
        clock.set(Instant.ofEpochSecond(UtcDays.t(d.plusDays(1)) + 600));
        LocalRunner runner = host.runner();
        Map<String, Reads> reads = Map.of(
                PoolsTask.ID, (s, c, full) -> {
                    PoolQueries pools = PoolQueries.open(s, PoolsTask.ID);
                    pools.requireKnownEventNames(c.height());
                    pools.pools(c.height(), c.burnBlockHeight());
                },
                NftFastestGrowingTask.ID, (s, c, full) -> {
                    long previousDay = UtcDays.t(d.minusDays(1));
                    long low = ChainCursor.open(s, "bench").firstCanonicalHeightAtOrAfter(previousDay - DayReads.BITCOIN_TIME_AHEAD)
                            .orElse(c.height() + 1);
                    NftQueries.open(s, NftFastestGrowingTask.ID).mintsOfTwoDays(previousDay, low, c.height());
                },
                NftTopByHoldersTask.ID, (s, c, full) -> {
                    NftQueries nft = NftQueries.open(s, NftTopByHoldersTask.ID);
                    if (full) {
                        nft.holdersPerCollection(c.height());
                    } else {
                        nft.holdersPerCollectionFromCustody(c.height());
                    }
                });
        out.println();
        out.printf("%-24s %9s %9s %9s %9s %10s%n", "daily dataset (D)", "run (s)", "floor (s)", "full (s)", "floor (s)", "full/floor");
        boolean within = true;
        for (String id : new String[] {PoolsTask.ID, NftFastestGrowingTask.ID, NftTopByHoldersTask.ID}) {
            Task task = host.graph().task(id);
            Reads r = reads.get(id);
            double run = median(runs, () -> check(runner.runOne(task, d, true, false, Map.of())));
            double runFloor = median(runs, () -> r.run(db, cutoff(db, id, d), false));
            double full = median(runs, () -> check(runner.runOne(task, d, true, true, Map.of())));
            double fullFloor = median(runs, () -> r.run(db, cutoff(db, id, d), true));
            out.printf(Locale.ROOT, "%-24s %9.4f %9.4f %9.4f %9.4f %10.2f%n", id, run, runFloor, full, fullFloor, full / fullFloor);
            within &= full <= MAX_FULL_TO_FLOOR * fullFloor;
        }
        out.printf(Locale.ROOT, "%s every daily full build within %.1fx its floor%n", within ? "PASS" : "FAIL", MAX_FULL_TO_FLOOR);
    }

    /** H_D, which every run of the task looks up first: part of its reads. */
    private static BlockRef cutoff(StacksDb db, String dataset, LocalDate d) throws Exception {
        return IncrementalDailySeries.cutoff(ChainCursor.open(db, dataset), d);
    }

    /** The median of {@code runs} timed runs, after one untimed. */
    private static double median(int runs, ChainBench.Work work) throws Exception {
        work.run();
        return ChainBench.median(runs, () -> { }, work);
    }

    private static void check(TaskOutcome o) {
        if (o.status() != TaskOutcome.Status.SUCCEEDED) {
            throw new IllegalStateException("bench task " + o.taskId() + " " + o.status() + ": " + o.message());
        }
    }
}
