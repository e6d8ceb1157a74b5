package io.stacksdataverse.runners.nft;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseStateException;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.nft.NftTradeQueries;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.transform.nft.NftCollection;
import io.stacksdataverse.transform.nft.NftTopTraded;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Catalog #39, {@code nft/top_by_tradevol_last100.json.gz}: the ten collections with the largest NFT
 * trade volume (#37's trade rule) in the "last 100" window, i.e. the canonical blocks ≤ H(E) whose
 * {@code burn_block_height} lies in [h(E) − 99, h(E)]; each trade counts for the collection of its
 * first NFT transfer. The window is read from the chain in one query (a few thousand blocks at most).
 * Half-hourly, latest-only.
 */
public final class NftTopTradedTask extends DatasetTask {
    public static final String ID = "nft_top_traded_last100";
    /** The window's Bitcoin blocks (§3 Nakamoto: "last100" counts burn blocks). */
    static final long BURN_BLOCKS = 100;
    private final ChainDatabase database;

    @Inject
    public NftTopTradedTask(Optional<StacksDb> database) {
        super(ID, ScheduleGroup.HALF_HOURLY, true);
        this.database = requires(new ChainDatabase(database));
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: H(E) and h(E), then the candidate trades of the window.
        StacksDb db = database.get();
        BlockRef cut = ChainCursor.open(db, ID)
                .requireCutoff(ctx.intervalEnd(), ": the chain is empty or the API has not synced to " + ctx.intervalEnd());
        long h = cut.burnBlockHeight();
        List<NftTradeQueries.Candidate> candidates = NftTradeQueries.open(db, ID)
                .candidatesByBurnHeight(h - BURN_BLOCKS + 1, h, cut.height());

        // Transform: the trade rule, the collection of each trade, the ranking.
        List<NftTopTraded.Trade> trades = new ArrayList<>();
        for (NftTradeQueries.Candidate c : candidates) {
            long volume = NftTrades.volume(c);
            if (volume > 0) {
                trades.add(new NftTopTraded.Trade(collectionOf(db, c), volume));
            }
        }
        // Load: the fixed key.
        return TaskResult.builder()
                .outputs(ctx.publisher().publish(DatasetPaths.NFT_TOP_TRADED_LAST100, ctx.publisher().json(NftTopTraded.top(trades))))
                .value("cutoff_height", cut.height())
                .value("burn_heights", (h - BURN_BLOCKS + 1) + ".." + h)
                .value("trades", trades.size())
                .build();
    }

    /** The trade's collection; a malformed {@code asset_identifier} is a permanent failure naming the row. */
    private static NftCollection collectionOf(StacksDb db, NftTradeQueries.Candidate c) throws StacksDatabaseStateException {
        try {
            return NftCollection.ofAsset(c.assetIdentifier());
        } catch (NftCollection.MalformedAssetIdentifier e) {
            throw new StacksDatabaseStateException(NftTrades.describeNftRow(ID, c) + " of " + StacksDb.SOURCE + " " + db.describe()
                    + ": " + e.getMessage());
        }
    }
}
