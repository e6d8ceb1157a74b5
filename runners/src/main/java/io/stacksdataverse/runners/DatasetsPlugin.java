package io.stacksdataverse.runners;

import io.stacksdataverse.runners.chain.AddressGrowthTask;
import io.stacksdataverse.runners.chain.DailyActiveAddressesTask;
import io.stacksdataverse.runners.chain.DailyTxsTask;
import io.stacksdataverse.runners.chain.MicroblocksPerDayTask;
import io.stacksdataverse.runners.chain.NonzeroBalancesTask;
import io.stacksdataverse.runners.chain.WalletBalancesTask;
import io.stacksdataverse.runners.chain.SanityCheckTask;
import io.stacksdataverse.runners.chain.TxsPerBlockTask;
import io.stacksdataverse.runners.chain.WhaleMovementsTask;
import io.stacksdataverse.runners.market.MarketCapsTask;
import io.stacksdataverse.runners.market.MarketIndicatorsTask;
import io.stacksdataverse.runners.prices.PriceOverTimeTask;
import io.stacksdataverse.runners.social.LunarMetricsTask;
import io.stacksdataverse.runners.prices.StxPriceHistoryTask;
import io.stacksdataverse.spi.DataversePlugin;
import io.stacksdataverse.spi.Task;
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
    public List<io.stacksdataverse.spi.Setting> settings() {
        return DatasetSettings.DECLARED;
    }

    @Override
    public List<Class<? extends Task>> tasks() {
        return List.of(StxPriceHistoryTask.class, PriceOverTimeTask.class, SanityCheckTask.class, DailyTxsTask.class,
                DailyActiveAddressesTask.class, AddressGrowthTask.class,
                MicroblocksPerDayTask.class, TxsPerBlockTask.class, WhaleMovementsTask.class,
                WalletBalancesTask.class, NonzeroBalancesTask.class, MarketIndicatorsTask.class, MarketCapsTask.class,
                LunarMetricsTask.class);
    }
}
