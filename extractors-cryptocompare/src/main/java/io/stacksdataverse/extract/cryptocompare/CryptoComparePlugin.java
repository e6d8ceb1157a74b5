package io.stacksdataverse.extract.cryptocompare;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.DataversePlugin;

/** Contributes the {@link CryptoCompareClient}, configured from {@code CRYPTOCOMPARE_*}. */
public final class CryptoComparePlugin implements DataversePlugin {

    @Override
    public String name() {
        return "cryptocompare";
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
