package io.stacksdataverse.runners.mining;

import io.stacksdataverse.extract.stacks.db.mining.MiningQueries;
import io.stacksdataverse.loaders.warehouse.CommittedSatsCheckpoints;
import io.stacksdataverse.loaders.warehouse.CommittedSatsCheckpoints.Checkpoint;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Catalog #32's all-time committed total up to h(E), incremental: the newest checkpoint at least
 * {@code settledDepth} burn blocks below h(E), plus the heights above it. Reorgs reach only heights
 * above that depth, so the sum equals a full one; a run stores a new checkpoint once the settled
 * height has moved {@code settledDepth} past the one it used. A full rebuild sums everything and
 * replaces the checkpoints.
 */
public final class CommittedTotal {
    /** A day of Bitcoin blocks: deeper than any reorg of the burn chain, and a day's worth of heights per run at most twice. */
    public static final long SETTLED_DEPTH = 144;

    private final MiningQueries chain;
    private final CommittedSatsCheckpoints checkpoints;
    private final long settledDepth;

    CommittedTotal(MiningQueries chain, CommittedSatsCheckpoints checkpoints, long settledDepth) {
        this.chain = chain;
        this.checkpoints = checkpoints;
        this.settledDepth = settledDepth;
    }

    /** Σ over the canonical burn heights ≤ {@code burnHeight} of their payouts and one burn, in sats. */
    long upTo(long burnHeight, boolean fullRebuild) throws SQLException {
        long settled = burnHeight - settledDepth;
        Optional<Checkpoint> from = fullRebuild ? Optional.empty() : checkpoints.newestAtOrBelow(settled);
        long base = from.map(Checkpoint::totalSats).orElse(0L);
        long fromHeight = from.map(Checkpoint::burnHeight).orElse(-1L);
        MiningQueries.CommittedSats sums = chain.committedSats(fromHeight, settled, burnHeight);
        if (settled < 0) {
            return sums.all(); // a chain younger than the depth: nothing is settled yet
        }
        if (fullRebuild) {
            checkpoints.replaceAll(new Checkpoint(settled, sums.upToSettled()));
        } else if (settled - fromHeight >= settledDepth) {
            checkpoints.keep(new Checkpoint(settled, base + sums.upToSettled()));
        }
        return base + sums.all();
    }
}
