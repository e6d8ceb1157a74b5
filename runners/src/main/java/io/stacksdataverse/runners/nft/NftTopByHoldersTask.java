package io.stacksdataverse.runners.nft;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.nft.NftQueries;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.runners.chain.IncrementalDailySeries;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.transform.nft.NftCollection;
import io.stacksdataverse.transform.nft.NftRanking;
import io.stacksdataverse.transform.nft.TopByHolders;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Catalog #27, {@code nft/top_by_holders.json.gz}: the 10 collections with the most distinct owners
 * at the end of D, as {@code {"<contract name>": {"value": holders, "contract": "<deployer>"}}}. The
 * owner of a token is the recipient of its latest canonical event in blocks up to H_D (none after a
 * burn); every collection is considered. Daily and ungated, as in the original: a catch-up date
 * computes as of its own H_D, but only the latest run writes the fixed key, which holds the newest
 * view (an older date would replace it with an older one). The latest run starts from
 * {@code nft_custody} and recomputes from {@code nft_events} only the tokens whose custody row is
 * above H_D or orphaned; a catch-up date, far below the tip, and {@code --full} read
 * {@code nft_events} alone. Both give the same bytes.
 */
public final class NftTopByHoldersTask extends DatasetTask {
    public static final String ID = "nft_top_by_holders";
    private final ChainDatabase database;

    @Inject
    public NftTopByHoldersTask(Optional<StacksDb> database) {
        super(ID, ScheduleGroup.DAILY, false);
        this.database = requires(new ChainDatabase(database));
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: H_D, then the distinct owners per collection contract as of it.
        StacksDb db = database.get();
        BlockRef cut = IncrementalDailySeries.cutoff(ChainCursor.open(db, ID), ctx.executionDate());
        NftQueries nft = NftQueries.open(db, ID);
        boolean fromCustody = ctx.isLatest() && !ctx.fullRebuild();
        List<NftQueries.CollectionHolders> read = fromCustody ? nft.holdersPerCollectionFromCustody(cut.height())
                : nft.holdersPerCollection(cut.height());
        List<TopByHolders.CollectionHolders> holders = read.stream()
                .map(c -> new TopByHolders.CollectionHolders(c.assetIdentifiers(), c.holders())).toList();

        // Transform: ranked by holders, top 10 with unique names.
        List<NftRanking.Ranked> top;
        try {
            top = TopByHolders.top(holders);
        } catch (NftCollection.MalformedAssetIdentifier e) {
            throw MalformedRows.error(ID, e, nft.firstEvent(e.assetIdentifier(), 0, cut.height(), false));
        }

        // Load: the fixed key, encoded whole before it is written, by the latest run only.
        byte[] encoded = ctx.publisher().json(NftRanking.json(top));
        return TaskResult.builder()
                .outputs(ctx.isLatest() ? ctx.publisher().publish(DatasetPaths.NFT_TOP_BY_HOLDERS, encoded) : List.of())
                .value("collections", holders.size())
                .value("ranked", top.size())
                .value("source", fromCustody ? "nft_custody" : "nft_events")
                .value("cutoff_height", cut.height())
                .build();
    }
}
