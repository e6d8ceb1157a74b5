package io.stacksdataverse.extract.stacks;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.DataversePlugin;

/** Contributes the {@link StacksApiClient}, configured from {@code STACKS_API_*}. */
public final class StacksApiPlugin implements DataversePlugin {

    @Override
    public String name() {
        return "stacks-api";
    }

    @Override
    public Module module() {
        return new AbstractModule() {
            @Provides
            @Singleton
            StacksApiClient client(Config config) {
                return StacksApiClient.fromConfig(config);
            }
        };
    }
}
