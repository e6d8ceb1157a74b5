package io.stacksdataverse.runners.nft;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.DayReads;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseStateException;
import io.stacksdataverse.extract.stacks.db.nft.NftTradeQueries;
import io.stacksdataverse.loaders.warehouse.nft.NftTradeTable;
import io.stacksdataverse.loaders.warehouse.nft.NftTradeTable.Progress;
import io.stacksdataverse.runners.chain.IncrementalDailySeries;
import io.stacksdataverse.transform.UtcDays;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Keeps the warehouse's trade table ({@link NftTradeTable}) up to a cutoff block, incrementally: the
 * table holds every trade of the canonical blocks of a height range that starts at the first block
 * that can carry a Bitcoin time of the window. A run
 * <ul>
 *   <li>with no state, a full rebuild, or a window that starts below the table: rebuilds it;</li>
 *   <li>when the block the newest run stopped at is still canonical: reads only the blocks above it;</li>
 *   <li>when it is not (a reorganisation): checks that the fork lies inside the margin (the blocks of
 *       the {@value IncrementalDailySeries#MARGIN_DAYS} days before that run's interval end, as the
 *       daily series do), drops the rows above the fork and reads from there; a deeper fork fails
 *       and asks for {@code --full}.</li>
 * </ul>
 * Rows below the window are dropped; rows above the cutoff (left by a run for a later interval) are
 * dropped and read again by the next newer run. Table and progress change in one transaction.
 */
final class NftTradeLedger {
    /** How many parents the fork search walks at most (as the daily series). */
    static final int MAX_FORK_DEPTH = 100_000;

    private final String dataset;
    private final ChainCursor cursor;
    private final NftTradeQueries chain;
    private final NftTradeTable table;

    NftTradeLedger(String dataset, ChainCursor cursor, NftTradeQueries chain, NftTradeTable table) {
        this.dataset = dataset;
        this.cursor = cursor;
        this.chain = chain;
        this.table = table;
    }

    /** What a run did: how it read ({@code rebuild}, {@code new blocks}, {@code reorg}), the heights read, the trades added. */
    record Outcome(String mode, long fromHeight, long toHeight, int tradesAdded) {
    }

    /**
     * Brings the table to cutoff {@code cut} of the interval ending at {@code intervalEnd}, covering
     * the blocks whose Bitcoin time can be at or after {@code windowStart}.
     */
    Outcome update(BlockRef cut, long intervalEnd, long windowStart, boolean fullRebuild) throws SQLException, StacksDatabaseException {
        // A block's Bitcoin time is at most two hours after its own time, so earlier blocks cannot be in the window.
        long neededLow = Math.min(cursor.firstCanonicalHeightAtOrAfter(windowStart - DayReads.BITCOIN_TIME_AHEAD)
                .orElse(cut.height() + 1), cut.height() + 1);
        Optional<Progress> stored = fullRebuild ? Optional.empty() : table.progress();
        boolean clear = true;
        String mode = "rebuild";
        long keepUpTo = neededLow - 1;
        if (stored.isPresent()) {
            // The stored block is checked first: a reorganisation deeper than the margin fails even when the table is rebuilt anyway.
            Progress p = stored.get();
            boolean stillCanonical = cursor.isCanonical(p.lastIndexBlockHash()).orElseThrow(() -> notKnown(p));
            long valid = stillCanonical ? p.lastHeight() : forkInsideMargin(p);
            clear = p.lowHeight() > neededLow;
            if (!clear) {
                mode = stillCanonical ? "new blocks" : "reorg";
                keepUpTo = Math.min(valid, cut.height());
            }
        }
        long above = Math.max(keepUpTo, neededLow - 1);
        List<NftTradeTable.Trade> trades = new ArrayList<>();
        for (NftTradeQueries.Candidate c : chain.candidatesByHeight(above, cut.height())) {
            long volume = NftTrades.volume(c);
            if (volume > 0) {
                trades.add(new NftTradeTable.Trade(c.txId(), c.indexBlockHash(), c.blockHeight(), c.burnBlockTime(), volume));
            }
        }
        table.apply(new NftTradeTable.Update(clear, keepUpTo, trades,
                new Progress(neededLow, cut.height(), cut.indexBlockHash(), intervalEnd)));
        return new Outcome(mode, above + 1, cut.height(), trades.size());
    }

    /** The fork height of a reorganisation that orphaned the stored block, if it lies inside the margin; else a failure. */
    private long forkInsideMargin(Progress p) throws StacksDatabaseException {
        OptionalLong fork = cursor.forkHeight(p.lastIndexBlockHash(), MAX_FORK_DEPTH);
        long marginStart = p.lastIntervalEnd() - IncrementalDailySeries.MARGIN_DAYS * UtcDays.DAY_SECONDS;
        long firstInMargin = cursor.firstCanonicalHeightAtOrAfter(marginStart).orElse(Long.MAX_VALUE);
        if (fork.isEmpty() || fork.getAsLong() + 1 < firstInMargin) {
            throw new StacksDatabaseStateException(dataset + ": the chain reorganised deeper than the " + IncrementalDailySeries.MARGIN_DAYS
                    + "-day margin: " + describe(p) + ", where the run for the interval ending at " + p.lastIntervalEnd()
                    + " stopped, is no longer canonical and the fork is at height " + (fork.isEmpty() ? "unknown" : fork.getAsLong())
                    + ", before the margin's first block " + firstInMargin + "; run with --full");
        }
        return fork.getAsLong();
    }

    private StacksDatabaseStateException notKnown(Progress p) {
        return new StacksDatabaseStateException(dataset + ": " + describe(p) + ", where the newest run stopped, is not in the"
                + " Stacks API database any more (was the database rebuilt?); run with --full");
    }

    private static String describe(Progress p) {
        return "block " + p.lastHeight() + " (0x" + HexFormat.of().formatHex(p.lastIndexBlockHash()) + ")";
    }
}
