package io.stacksdataverse.runners.nft;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.DayReads;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.nft.NftQueries;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetSettings;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.runners.chain.IncrementalDailySeries;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.transform.UtcDays;
import io.stacksdataverse.transform.nft.FastestGrowing;
import io.stacksdataverse.transform.nft.NftCollection;
import io.stacksdataverse.transform.nft.NftRanking;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Catalog #26, {@code nft/fastest_growing.json.gz}: the 10 collections whose canonical mints grew
 * most from D−1 to D (days by the block's {@code burn_block_time}, blocks up to H_D), as
 * {@code {"<contract name>": {"value": percent, "contract": "<deployer>"}}}. Two days of mints are
 * read in one grouped query on every run, so no state is kept. Daily, latest-only.
 */
public final class NftFastestGrowingTask extends DatasetTask {
    public static final String ID = "nft_fastest_growing";
    private final ChainDatabase database;
    private final int minPreviousMints;

    @Inject
    public NftFastestGrowingTask(Optional<StacksDb> database, Config config) {
        this(database, DatasetSettings.read(config).nftGrowthMinPreviousMints());
    }

    public NftFastestGrowingTask(Optional<StacksDb> database, int minPreviousMints) {
        super(ID, ScheduleGroup.DAILY, true);
        this.database = requires(new ChainDatabase(database));
        this.minPreviousMints = minPreviousMints;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: H_D, then the mints of D−1 and D per asset up to it.
        StacksDb db = database.get();
        ChainCursor cursor = ChainCursor.open(db, ID);
        BlockRef cut = IncrementalDailySeries.cutoff(cursor, ctx.executionDate());
        NftQueries nft = NftQueries.open(db, ID);
        long previousDay = UtcDays.t(ctx.executionDate().minusDays(1));
        // A block of D−1 has its own time at most two hours before its Bitcoin time: no earlier block is read.
        long lowHeight = cursor.firstCanonicalHeightAtOrAfter(previousDay - DayReads.BITCOIN_TIME_AHEAD).orElse(cut.height() + 1);
        List<FastestGrowing.AssetMints> mints = nft.mintsOfTwoDays(previousDay, lowHeight, cut.height()).stream()
                .map(m -> new FastestGrowing.AssetMints(m.assetIdentifier(), m.previous(), m.current())).toList();

        // Transform: per collection, growth ranked, top 10 with unique names.
        List<NftRanking.Ranked> top;
        try {
            top = FastestGrowing.top(mints, minPreviousMints);
        } catch (NftCollection.MalformedAssetIdentifier e) {
            throw MalformedRows.error(ID, e, nft.firstEvent(e.assetIdentifier(), lowHeight, cut.height(), true));
        }

        // Load: the fixed key, encoded whole before it is written.
        return TaskResult.builder()
                .outputs(ctx.publisher().publish(DatasetPaths.NFT_FASTEST_GROWING, ctx.publisher().json(NftRanking.json(top))))
                .value("collections", top.size())
                .value("cutoff_height", cut.height())
                .build();
    }
}
