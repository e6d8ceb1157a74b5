package io.stacksdataverse.extract.lunarcrush;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.DataversePlugin;
import io.stacksdataverse.spi.Setting;
import java.util.List;

/** Contributes the {@link LunarCrushClient}, configured from {@code LUNARCRUSH_*}. */
public final class LunarCrushPlugin implements DataversePlugin {

    @Override
    public String name() {
        return "lunarcrush";
    }

    @Override
    public List<Setting> settings() {
        return LunarCrushClient.HTTP_SOURCE.settings();
    }

    @Override
    public Module module() {
        return new AbstractModule() {
            @Provides
            @Singleton
            LunarCrushClient client(Config config) {
                return LunarCrushClient.fromConfig(config);
            }
        };
    }
}
