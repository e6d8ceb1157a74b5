package io.stacksdataverse.host;

import io.stacksdataverse.loaders.blob.StoreSettings;
import io.stacksdataverse.spi.DataversePlugin;
import io.stacksdataverse.spi.Setting;
import java.util.ArrayList;
import java.util.List;

/** The host's own settings; with the stores' and every plugin's, they are all that {@code dataverse config} lists. */
public final class HostSettings {
    private HostSettings() {
    }

    public static final List<Setting> DECLARED = List.of(
            Setting.of("DATAVERSE_HOME", "dataverse-data", "folder of the embedded database and of the default blob store"),
            Setting.optional("DATAVERSE_DB_URL", "embedded PostgreSQL in `$DATAVERSE_HOME/postgres`",
                    "warehouse, `jdbc:postgresql://host:5432/db`"),
            Setting.optional("DATAVERSE_DB_USER", "–", "warehouse user"),
            Setting.secret("DATAVERSE_DB_PASSWORD", "–", "warehouse password"),
            Setting.of("DATAVERSE_WAREHOUSE_STATEMENT_TIMEOUT", "PT30M",
                    "longest one statement may run on the warehouse (PostgreSQL `statement_timeout`); `0`: none"),
            Setting.of("DATAVERSE_TASK_RETRIES", "2", "retries of a failed task under `serve`"),
            Setting.of("DATAVERSE_DAG_RETRIES", "0", "retries of a failed task in a `dag` run by hand"),
            Setting.of("DATAVERSE_TASK_TIMEOUT", "PT1H", "longest a task may run: past it, it is interrupted and fails, to be"
                    + " retried; `DATAVERSE_TASK_TIMEOUT_<TASK_ID>` (the id in upper case, e.g. `DATAVERSE_TASK_TIMEOUT_WALLET_BALANCES`)"
                    + " sets it for one task; `0`: no limit"),
            Setting.of("DATAVERSE_RETRY_DELAY", "PT5M", "wait before the first retry; it doubles for each further one"),
            Setting.of("DATAVERSE_RETRY_MAX_DELAY", "PT1H", "longest wait before a retry"),
            Setting.of("DATAVERSE_RETRY_JITTER", "0.2", "each wait is spread by up to ± this fraction"),
            Setting.of("DATAVERSE_CATCH_UP", "all", "after an outage, `serve` runs every missed daily date (`all`, at most"
                    + " `DATAVERSE_CATCH_UP_DAYS`), only the newest (`last`) or none of them (`none`)"),
            Setting.of("DATAVERSE_CATCH_UP_DAYS", "3", "most missed daily dates that `all` catches up"),
            Setting.of("DATAVERSE_DAILY_CRON", "0 0 0 * * *",
                    "when `serve` starts the daily group (six fields, seconds first, UTC); it serves the day before"),
            Setting.of("DATAVERSE_HALFHOURLY_CRON", "0 0,30 * * * *", "when `serve` starts the half-hourly group"),
            Setting.optional("DATAVERSE_DISABLED_TASKS", "none",
                    "task ids, separated by commas, turned off: listed as disabled and skipped; an unknown id is an error"),
            Setting.of("DATAVERSE_SCHEDULER_THREADS", "2", "tasks run at once"),
            Setting.of("DATAVERSE_POLLING_INTERVAL", "PT2S", "db-scheduler polling"),
            Setting.of("DATAVERSE_HEARTBEAT_INTERVAL", "PT1M",
                    "a host silent for six of these is dead and its executions run elsewhere"),
            Setting.of("DATAVERSE_SHUTDOWN_WAIT", "PT1M", "on SIGTERM, how long running tasks get to end (interrupted at"
                    + " half) before they are released to another host; give the container runtime a longer stop grace period"),
            Setting.of("DATAVERSE_DAG_TIMEOUT", "PT3H", "how long `dag` waits for its run"),
            Setting.secret("DATAVERSE_ALERT_WEBHOOK_URL", "no alerts", "Slack-compatible webhook (`{\"text\": …}`) told when"
                    + " a task fails for the last time and when a task's data goes stale; a secret, never printed"),
            Setting.of("DATAVERSE_STALE_CHECK_CRON", "0 15,45 * * * *",
                    "when `serve` checks freshness for the stale alerts (only with a webhook)"),
            Setting.of("DATAVERSE_STALE_GRACE", "PT3H",
                    "how long after the daily run for D starts `status` still counts a daily task fresh without D"),
            Setting.optional("DATAVERSE_CDN_DISTRIBUTION_ID", "no invalidation",
                    "CloudFront distribution whose cache is invalidated after each run"),
            Setting.optional("DATAVERSE_CDN_PATH_PREFIX", "the prefix of an `s3://bucket/prefix` blob store, else none",
                    "put before each key in the invalidation paths; `/` for none (when the distribution's origin path is already the prefix)"),
            Setting.of("DATAVERSE_CDN_MAX_PATHS", "100", "more changed keys than this are invalidated as one wildcard"),
            Setting.secret("DATAVERSE_CDN_ACCESS_KEY_ID", "the `DATAVERSE_S3_*` keys, else the AWS default chain",
                    "credentials for CloudFront (with the secret key)"),
            Setting.secret("DATAVERSE_CDN_SECRET_ACCESS_KEY", "the `DATAVERSE_S3_*` keys, else the AWS default chain",
                    "credentials for CloudFront (with the key id)"),
            Setting.optional("DATAVERSE_CDN_ENDPOINT", "CloudFront's", "another endpoint (a stand-in)"),
            Setting.of("DATAVERSE_LOG_FORMAT", "plain", "`plain` log lines, or `json` (one JSON object a line); a task's lines carry"
                    + " its `run_id`, `task_id` and `logical_date`"));

    /** The host's, the stores' and then each plugin's settings, in that order (the README table's order). */
    public static List<Setting> all(List<DataversePlugin> plugins) {
        List<Setting> all = new ArrayList<>(DECLARED);
        all.addAll(StoreSettings.DECLARED);
        plugins.forEach(p -> all.addAll(p.settings()));
        return all;
    }

    /** The configuration table of the README, one row per setting. */
    public static String markdownTable(List<Setting> settings) {
        StringBuilder table = new StringBuilder("| name | default | meaning |\n|---|---|---|\n");
        for (Setting s : settings) {
            table.append("| `").append(s.name()).append("` | ").append(s.defaultShown()).append(" | ")
                    .append(s.meaning()).append(s.secret() ? " (secret)" : "").append(" |\n");
        }
        return table.toString();
    }
}
