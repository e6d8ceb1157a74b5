package io.stacksdataverse.runners.mempool;

import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.mempool.MempoolQueries;
import io.stacksdataverse.loaders.warehouse.IntervalProbes;
import io.stacksdataverse.runners.interval.RunProbes;
import io.stacksdataverse.spi.TaskContext;
import java.util.NavigableMap;
import java.util.OptionalLong;

/**
 * The mempool state of catalogs #30 and #44: one snapshot of {@code chain_tip.mempool_tx_count}
 * per interval end E, taken by whichever of the two tasks runs first in the current interval and
 * read back by the other (a hand-off through the warehouse, not a read of a published file).
 */
public final class MempoolSnapshots {
    private MempoolSnapshots() {
    }

    /** The snapshot of E: stored, or taken now when the run serves the current interval; empty otherwise. */
    public static OptionalLong atInterval(TaskContext ctx, StacksDb db, String dataset) throws Exception {
        return RunProbes.probe(ctx, IntervalProbes.MEMPOOL_TX_COUNT, () -> MempoolQueries.open(db, dataset).txCount());
    }

    /** Every stored snapshot with E in {@code (fromExclusive, toInclusive]}, by E ascending. */
    public static NavigableMap<Long, Long> range(TaskContext ctx, long fromExclusive, long toInclusive) throws Exception {
        return new IntervalProbes(ctx.warehouse().dataSource()).range(IntervalProbes.MEMPOOL_TX_COUNT, fromExclusive, toInclusive);
    }
}
