package io.stacksdataverse.extract.stacks;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.extract.stacks.db.StacksDbSettings;
import io.stacksdataverse.spi.DataversePlugin;
import io.stacksdataverse.spi.Setting;
import java.util.ArrayList;
import java.util.List;

/**
 * Contributes the {@link StacksApiClient} (REST, {@code STACKS_API_*}) and, when
 * {@code STACKS_DB_URL} is set, the read-only connection to the API's database.
 */
public final class StacksApiPlugin implements DataversePlugin {

    @Override
    public String name() {
        return "stacks-api";
    }

    @Override
    public List<Setting> settings() {
        List<Setting> all = new ArrayList<>(StacksApiClient.HTTP_SOURCE.settings());
        all.addAll(StacksDbSettings.DECLARED);
        return all;
    }

    @Override
    public Module module() {
        return new AbstractModule() {
            @Provides
            @Singleton
            StacksApiClient client(Config config) {
                return StacksApiClient.fromConfig(config);
            }

            /** The API's database, when {@code STACKS_DB_URL} is set; the chain tasks are disabled without it. */
            @Provides
            @Singleton
            java.util.Optional<io.stacksdataverse.extract.stacks.db.StacksDb> database(Config config) {
                return io.stacksdataverse.extract.stacks.db.StacksDb.fromConfig(config);
            }
        };
    }
}
