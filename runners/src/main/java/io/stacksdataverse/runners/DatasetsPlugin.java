package io.stacksdataverse.runners;

import io.stacksdataverse.runners.chain.addressgrowth.AddressGrowthTask;
import io.stacksdataverse.runners.chain.activeaddresses.DailyActiveAddressesTask;
import io.stacksdataverse.runners.chain.dailytxs.DailyTxsTask;
import io.stacksdataverse.runners.chain.microblocks.MicroblocksPerDayTask;
import io.stacksdataverse.runners.balances.NonzeroBalancesTask;
import io.stacksdataverse.runners.balances.WalletBalancesTask;
import io.stacksdataverse.runners.chain.sanity.SanityCheckTask;
import io.stacksdataverse.runners.chain.txsperblock.TxsPerBlockTask;
import io.stacksdataverse.runners.chain.whales.WhaleMovementsTask;
import io.stacksdataverse.runners.market.MarketCapsTask;
import io.stacksdataverse.runners.market.MarketIndicatorsTask;
import io.stacksdataverse.runners.mining.MiningLast100Task;
import io.stacksdataverse.runners.mining.MiningMostSuccessfulTask;
import io.stacksdataverse.runners.mining.MiningRiskRewardTask;
import io.stacksdataverse.runners.nft.NftTopTradedTask;
import io.stacksdataverse.runners.nft.NftVolumeTask;
import io.stacksdataverse.runners.nft.NftFastestGrowingTask;
import io.stacksdataverse.runners.nft.NftTopByHoldersTask;
import io.stacksdataverse.runners.prices.PriceOverTimeTask;
import io.stacksdataverse.runners.social.LunarMetricsTask;
import io.stacksdataverse.runners.stacking.PoxSnapshotTask;
import io.stacksdataverse.runners.stacking.StxStackedOverTimeTask;
import io.stacksdataverse.runners.stacking.PoolNames;
import io.stacksdataverse.runners.stacking.PoolsTask;
import io.stacksdataverse.runners.stacking.StackingRewardsTask;
import io.stacksdataverse.runners.mempool.MempoolOverTimeTask;
import io.stacksdataverse.runners.nft.NftInExistenceTask;
import io.stacksdataverse.runners.nft.NftTopMintedTask;
import io.stacksdataverse.runners.spot.SpotStatsTask;
import io.stacksdataverse.runners.prices.StxPriceHistoryTask;
import io.stacksdataverse.spi.DataversePlugin;
import io.stacksdataverse.spi.Setting;
import io.stacksdataverse.spi.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog's datasets, composed from the extractor plugins' clients. Their clients are bound
 * by the extractor plugins; this plugin only names the tasks.
 */
public final class DatasetsPlugin implements DataversePlugin {

    @Override
    public String name() {
        return "datasets";
    }

    @Override
    public List<Setting> settings() {
        List<Setting> all = new ArrayList<>(DatasetSettings.DECLARED);
        all.add(PoolNames.DECLARED);
        return List.copyOf(all);
    }

    @Override
    public List<Class<? extends Task>> tasks() {
        return List.of(StxPriceHistoryTask.class, PriceOverTimeTask.class, SanityCheckTask.class, DailyTxsTask.class,
                DailyActiveAddressesTask.class, AddressGrowthTask.class,
                MicroblocksPerDayTask.class, TxsPerBlockTask.class, WhaleMovementsTask.class,
                WalletBalancesTask.class, NonzeroBalancesTask.class, MarketIndicatorsTask.class, MarketCapsTask.class,
                LunarMetricsTask.class, MiningLast100Task.class, MiningRiskRewardTask.class, MiningMostSuccessfulTask.class,
                PoxSnapshotTask.class, StxStackedOverTimeTask.class, SpotStatsTask.class,
                StackingRewardsTask.class, MempoolOverTimeTask.class, PoolsTask.class,
                NftVolumeTask.class, NftTopTradedTask.class, NftFastestGrowingTask.class, NftTopByHoldersTask.class,
                NftInExistenceTask.class, NftTopMintedTask.class);
    }
}
