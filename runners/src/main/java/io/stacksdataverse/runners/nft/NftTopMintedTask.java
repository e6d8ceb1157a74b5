package io.stacksdataverse.runners.nft;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.nft.NftMintQueries;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.spi.PermanentTaskException;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.transform.nft.NftCollection;
import io.stacksdataverse.transform.nft.TopMinted;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;

/**
 * Catalog #40, {@code nft/top_by_mints_last100.json.gz}: the canonical NFT mints per collection
 * contract in the "last 100" window (canonical blocks ≤ H(E) whose burn height lies in
 * [h(E) − 99, h(E)], every block of a tenure included), the top 10 by mints, then contract id, with
 * unique names: {@code {"<contract name>": {"value": n, "contract": "<deployer>"}}}. Half-hourly,
 * latest-only.
 */
public final class NftTopMintedTask extends DatasetTask {
    public static final String ID = "nft_top_minted_last100";
    /** Bitcoin blocks in the window ("last 100", §3 Nakamoto). */
    static final int BURN_BLOCKS = 100;
    private final ChainDatabase database;

    @Inject
    public NftTopMintedTask(Optional<StacksDb> database) {
        super(ID, ScheduleGroup.HALF_HOURLY, true);
        this.database = requires(new ChainDatabase(database));
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: H(E), h(E) and the window's mints per asset.
        StacksDb db = database.get();
        BlockRef tip = ChainCursor.open(db, ID).requireCutoff(ctx.intervalEnd(), "");
        long to = tip.burnBlockHeight();
        long from = to - (BURN_BLOCKS - 1);
        NftMintQueries mints = NftMintQueries.open(db, ID);
        Map<String, Long> byAsset = mints.mintsByAsset(tip.height(), from, to);

        // Transform: per contract, ranked, unique names; a malformed identifier fails naming its first row.
        Map<String, Map<String, Object>> top;
        try {
            top = TopMinted.top(byAsset, TopMinted.TOP);
        } catch (NftCollection.MalformedAssetIdentifier e) {
            throw new PermanentTaskException(ID + ": " + StacksDb.SOURCE + " " + db.describe() + ": nft_events row "
                    + mints.firstMint(e.assetIdentifier(), tip.height(), from, to) + ": " + e.getMessage(), e);
        }

        // Load: the fixed key.
        return TaskResult.builder()
                .outputs(ctx.publisher().publish(DatasetPaths.NFT_TOP_MINTED_LAST100, ctx.publisher().json(top)))
                .value("cutoff_height", tip.height())
                .value("from_burn_height", from)
                .value("to_burn_height", to)
                .value("collections", top.size())
                .build();
    }
}
