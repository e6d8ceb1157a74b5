package io.stacksdataverse.extract.cryptocompare;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.DataversePlugin;
import io.stacksdataverse.spi.Setting;
import java.util.List;

/** Contributes the {@link CryptoCompareClient}, configured from {@code CRYPTOCOMPARE_*}. */
public final class CryptoComparePlugin implements DataversePlugin {

    @Override
    public String name() {
        return "cryptocompare";
    }

    @Override
    public List<Setting> settings() {
        return CryptoCompareClient.HTTP_SOURCE.settings();
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
