package io.stacksdataverse.host;

import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.LayeredConfig;
import java.nio.file.Path;
import java.util.Map;

/** The host's configuration: environment over {@code dataverse.properties} over these defaults. */
public final class HostConfig {
    private HostConfig() {
    }

    public static Config fromEnvironment(Map<String, String> environment) {
        return LayeredConfig.fromEnvironment(environment, Map.of());
    }

    /** {@code DATAVERSE_HOME}: the folder of the embedded database and the default blob store. */
    public static Path home(Config config) {
        return Path.of(config.get("DATAVERSE_HOME", "dataverse-data")).toAbsolutePath();
    }
}
