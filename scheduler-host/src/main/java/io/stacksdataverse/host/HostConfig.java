package io.stacksdataverse.host;

import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.DataversePlugin;
import io.stacksdataverse.spi.LayeredConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The host's configuration: environment over {@code dataverse.properties} over these defaults. */
public final class HostConfig {
    private HostConfig() {
    }

    /** The configuration with the declared settings of the host, the stores and {@code plugins}. */
    public static Config fromEnvironment(Map<String, String> environment, List<DataversePlugin> plugins) {
        return LayeredConfig.fromEnvironment(environment, HostSettings.all(plugins));
    }

    /** {@code DATAVERSE_WAREHOUSE_STATEMENT_TIMEOUT}: longest one warehouse statement may run; zero for no limit. */
    public static java.time.Duration warehouseStatementTimeout(Config config) {
        java.time.Duration d = config.getDuration("DATAVERSE_WAREHOUSE_STATEMENT_TIMEOUT", java.time.Duration.ofMinutes(30));
        if (d.isNegative()) {
            throw new IllegalArgumentException("DATAVERSE_WAREHOUSE_STATEMENT_TIMEOUT must not be negative (0 for no limit), got " + d);
        }
        return d;
    }

    /** {@code DATAVERSE_HOME}: the folder of the embedded database and the default blob store. */
    public static Path home(Config config) {
        return Path.of(config.get("DATAVERSE_HOME", "dataverse-data")).toAbsolutePath();
    }
}
