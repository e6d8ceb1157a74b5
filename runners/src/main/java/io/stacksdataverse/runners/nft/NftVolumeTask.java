package io.stacksdataverse.runners.nft;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.nft.NftTradeQueries;
import io.stacksdataverse.loaders.warehouse.nft.NftTradeTable;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetSettings;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.spi.Visibility;
import io.stacksdataverse.transform.UtcDays;
import io.stacksdataverse.transform.nft.NftVolumeSeries;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Catalogs #37 and #38, {@code nft/stx_tradingvol_per_block.json.gz} and
 * {@code nft/stx_tradingvol_per_day.json.gz}: the STX volume of NFT trades (#37's trade rule) in
 * blocks ≤ H(E) with {@code burn_block_time} ≥ t(D − days + 1) (NFT_VOLUME_WINDOW_DAYS), per block
 * height and per UTC day, positive values only, keys ascending. The trades are kept in the
 * warehouse by block height ({@link NftTradeLedger}), so a run reads only the new blocks.
 * Half-hourly, latest-only.
 */
public final class NftVolumeTask extends DatasetTask {
    public static final String ID = "nft_volume";
    private final ChainDatabase database;
    private final int windowDays;

    @Inject
    public NftVolumeTask(Optional<StacksDb> database, Config config) {
        this(database, DatasetSettings.read(config).nftVolumeWindowDays());
    }

    public NftVolumeTask(Optional<StacksDb> database, int windowDays) {
        super(ID, ScheduleGroup.HALF_HOURLY, true);
        this.database = requires(new ChainDatabase(database));
        this.windowDays = windowDays;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: H(E), then the trades of the blocks added since the newest run into the warehouse.
        StacksDb db = database.get();
        ChainCursor cursor = ChainCursor.open(db, ID);
        BlockRef cut = cursor.requireCutoff(ctx.intervalEnd(), ": the chain is empty or the API has not synced to " + ctx.intervalEnd());
        long windowStart = UtcDays.t(ctx.executionDate().minusDays(windowDays - 1L));
        NftTradeTable table = new NftTradeTable(ctx.warehouse().dataSource());
        NftTradeLedger.Outcome outcome = new NftTradeLedger(ID, cursor, NftTradeQueries.open(db, ID), table)
                .update(cut, ctx.intervalEnd().getEpochSecond(), windowStart, ctx.fullRebuild());
        List<NftVolumeSeries.BlockVolume> blocks = table.volumesPerBlock(cut.height(), windowStart).stream()
                .map(b -> new NftVolumeSeries.BlockVolume(b.blockHeight(), b.burnBlockTime(), b.volumeMicroStx()))
                .toList();

        // Transform, then load: both files encoded before either is written.
        Map<DatasetPath, byte[]> out = new LinkedHashMap<>();
        out.put(DatasetPaths.NFT_VOLUME_PER_BLOCK, ctx.publisher().json(NftVolumeSeries.perBlock(blocks)));
        out.put(DatasetPaths.NFT_VOLUME_PER_DAY, ctx.publisher().json(NftVolumeSeries.perDay(blocks)));
        return TaskResult.builder()
                .outputs(ctx.publisher().publishAll(out, Visibility.PUBLIC))
                .value("cutoff_height", cut.height())
                .value("read", outcome.mode() + (outcome.fromHeight() > outcome.toHeight() ? ": none"
                        : " " + outcome.fromHeight() + ".." + outcome.toHeight()))
                .value("trades_added", outcome.tradesAdded())
                .value("blocks_with_trades", blocks.size())
                .build();
    }
}
