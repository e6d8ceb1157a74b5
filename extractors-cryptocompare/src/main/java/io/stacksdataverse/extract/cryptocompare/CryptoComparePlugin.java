package io.stacksdataverse.extract.cryptocompare;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.extract.http.HttpSourceSettings;
import io.stacksdataverse.spi.DataversePlugin;
import io.stacksdataverse.spi.Setting;
import java.util.List;

/** Contributes the {@link CryptoCompareClient}, configured from {@code CRYPTOCOMPARE_*}. */
public final class CryptoComparePlugin implements DataversePlugin {
    /** CryptoCompare as an HTTP source: its settings and defaults. */
    public static final HttpSourceSettings.Source HTTP_SOURCE = new HttpSourceSettings.Source(CryptoCompareClient.SOURCE,
            "CRYPTOCOMPARE", CryptoCompareClient.DEFAULT_BASE_URL, 5, "CryptoCompare API (prices, candles)",
            "– (optional)", "sent as `Authorization: Apikey …`");

    @Override
    public String name() {
        return "cryptocompare";
    }

    @Override
    public List<Setting> settings() {
        return HTTP_SOURCE.settings();
    }

    @Override
    public Module module() {
        return new AbstractModule() {
            @Provides
            @Singleton
            CryptoCompareClient client(Config config) {
                return CryptoCompareClient.fromConfig(config);
            }
        };
    }
}
