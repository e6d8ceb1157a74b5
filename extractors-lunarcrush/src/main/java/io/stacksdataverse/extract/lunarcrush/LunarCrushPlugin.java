package io.stacksdataverse.extract.lunarcrush;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.extract.http.HttpSourceSettings;
import io.stacksdataverse.spi.DataversePlugin;
import io.stacksdataverse.spi.Setting;
import java.util.List;

/** Contributes the {@link LunarCrushClient}, configured from {@code LUNARCRUSH_*}. */
public final class LunarCrushPlugin implements DataversePlugin {
    /** LunarCrush as an HTTP source: its settings and defaults. */
    public static final HttpSourceSettings.Source HTTP_SOURCE = new HttpSourceSettings.Source(LunarCrushClient.SOURCE,
            "LUNARCRUSH", LunarCrushClient.DEFAULT_BASE_URL, 0.15, "LunarCrush API (social metrics)",
            "the LunarCrush tasks are disabled", "sent as `Authorization: Bearer …`");

    @Override
    public String name() {
        return "lunarcrush";
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
            LunarCrushClient client(Config config) {
                return LunarCrushClient.fromConfig(config);
            }
        };
    }
}
