package io.stacksdataverse.host;

import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.LayeredConfig;
import java.nio.file.Path;
import java.util.Map;

/** The host's configuration: environment over {@code dataverse.properties} over these defaults. */
public final class HostConfig {
    private HostConfig() {
    }

    /**
     * The defaults, as {@code dataverse config} shows them. The code that reads a setting passes
     * the same default, so a setting absent from this map still has one.
     */
    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("DATAVERSE_HOME", "dataverse-data"),
            Map.entry("DATAVERSE_PUBLIC_ACL", "public-read"),
            Map.entry("DATAVERSE_S3_REGION", "us-east-1"),
            Map.entry("DATAVERSE_BLOB_GZIP_ENCODING", "false"),
            Map.entry("DATAVERSE_TASK_RETRIES", "2"),
            Map.entry("DATAVERSE_DAG_RETRIES", "0"),
            Map.entry("DATAVERSE_RETRY_DELAY", "PT5M"),
            Map.entry("DATAVERSE_RETRY_MAX_DELAY", "PT1H"),
            Map.entry("DATAVERSE_RETRY_JITTER", "0.2"),
            Map.entry("DATAVERSE_CATCH_UP", "all"),
            Map.entry("DATAVERSE_CATCH_UP_DAYS", "3"),
            Map.entry("DATAVERSE_DAILY_CRON", "0 0 0 * * *"),
            Map.entry("DATAVERSE_HALFHOURLY_CRON", "0 0,30 * * * *"),
            Map.entry("DATAVERSE_SCHEDULER_THREADS", "2"),
            Map.entry("DATAVERSE_POLLING_INTERVAL", "PT2S"),
            Map.entry("DATAVERSE_HEARTBEAT_INTERVAL", "PT1M"),
            Map.entry("DATAVERSE_DAG_TIMEOUT", "PT3H"),
            Map.entry("DATAVERSE_STALE_GRACE", "PT3H"),
            Map.entry("DATAVERSE_STALE_CHECK_CRON", "0 15,45 * * * *"),
            Map.entry("STACKS_API_URL", "https://api.hiro.so"),
            Map.entry("CRYPTOCOMPARE_API_URL", "https://min-api.cryptocompare.com"),
            Map.entry("LUNARCRUSH_API_URL", "https://lunarcrush.com/api4/public"),
            Map.entry("LUNARCRUSH_COIN", "STX"),
            Map.entry("STX_PRICE_SYMBOL", "STX"),
            Map.entry("STX_PRICE_QUOTE", "USD"));

    public static Config fromEnvironment(Map<String, String> environment) {
        return LayeredConfig.fromEnvironment(environment, DEFAULTS);
    }

    /** {@code DATAVERSE_HOME}: the folder of the embedded database and the default blob store. */
    public static Path home(Config config) {
        return Path.of(config.get("DATAVERSE_HOME", "dataverse-data")).toAbsolutePath();
    }
}
