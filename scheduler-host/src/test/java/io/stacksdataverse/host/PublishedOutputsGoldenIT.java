package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.extract.cryptocompare.CryptoCompareStandIn;
import io.stacksdataverse.extract.stacks.StacksApiStandIn;
import io.stacksdataverse.host.bench.SyntheticChain;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.transform.UtcDays;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte-for-byte guard of everything the daily group publishes: the daily DAG for D against
 * stand-ins of every source and a synthetic chain, the incremental run for D+1, the same date with
 * {@code --full}, and a replay of the replayable tasks. The SHA-256 of every published object and
 * of every dataset table of the warehouse is compared with {@code golden/published-outputs.txt},
 * recorded before the package redesign; a change of behaviour shows as a changed line. To record
 * anew after an intended change: {@code -Dgolden.record=true} (then review the diff).
 */
class PublishedOutputsGoldenIT {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/published-outputs.txt");
    /** Day 10 of the synthetic chain, which starts on S0 = 2021-01-14. */
    private static final LocalDate D = UtcDays.dayOf(UtcDays.S0).plusDays(10);
    /** Host bookkeeping (run logs, attempts, scheduler rows, migrations) holds wall-clock times: not a published output. */
    private static final List<String> NOT_OUTPUTS = List.of("dataverse_%", "scheduled_tasks", "schema_migrations%");

    @StartStop
    private final MockWebServer ccServer = new MockWebServer();
    @StartStop
    private final MockWebServer lcServer = new MockWebServer();
    @StartStop
    private final MockWebServer stacksServer = new MockWebServer();
    @TempDir
    Path dir;

    @Test
    void theDailyGroupPublishesTheRecordedBytes() throws Exception {
        // Candles close at the stand-in's "now", fixed so that every run sees the same history.
        Instant frozen = D.plusDays(5).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        ccServer.setDispatcher(new CryptoCompareStandIn().now(() -> frozen));
        lcServer.setDispatcher(new MarketAndSocialAcceptanceIT.LunarCrushStandIn());
        stacksServer.setDispatcher(new StacksApiStandIn(1_900));
        DataSource chainDb = TestPostgres.newDatabase();
        SyntheticChain chain = new SyntheticChain(chainDb, new SyntheticChain.Settings(12, 4, 400, 1));
        chain.create();
        String chainUrl;
        try (Connection c = chainDb.getConnection()) {
            chainUrl = c.getMetaData().getURL();
        }
        String warehouseUrl = TestPostgres.newDatabaseUrl();
        Map<String, String> env = new HashMap<>();
        env.put("DATAVERSE_DB_URL", warehouseUrl);
        env.put("DATAVERSE_BLOB_STORE", "file:" + dir.resolve("blobs"));
        env.put("DATAVERSE_HOME", dir.toString());
        env.put("DATAVERSE_POLLING_INTERVAL", "PT0.1S");
        env.put("DATAVERSE_TASK_RETRIES", "0");
        env.put("CRYPTOCOMPARE_API_URL", ccServer.url("/").toString());
        env.put("CRYPTOCOMPARE_API_KEY", "golden-cc-key");
        env.put("CRYPTOCOMPARE_RATE_LIMIT_PER_SECOND", "1000");
        env.put("LUNARCRUSH_API_URL", lcServer.url("/api4/public").toString());
        env.put("LUNARCRUSH_API_KEY", "golden-lc-key");
        env.put("LUNARCRUSH_RATE_LIMIT_PER_SECOND", "1000");
        env.put("STACKS_API_URL", stacksServer.url("/").toString());
        env.put("STACKS_RATE_LIMIT_PER_SECOND", "1000");
        env.put("STACKS_DB_URL", chainUrl);
        env.put("STACKS_DB_USER", "postgres");

        List<String> lines = new ArrayList<>();
        run(env, "dag", "daily", "--date", D.toString());
        record(lines, "dag " + D, env);

        chain.appendDay(12);
        run(env, "dag", "daily", "--date", D.plusDays(1).toString());
        record(lines, "dag " + D.plusDays(1), env);

        run(env, "dag", "daily", "--date", D.plusDays(1).toString(), "--full");
        record(lines, "dag --full " + D.plusDays(1), env);

        Map<String, String> offline = new HashMap<>(env);
        offline.remove("STACKS_DB_URL");
        offline.remove("LUNARCRUSH_API_KEY");
        offline.remove("CRYPTOCOMPARE_API_URL");
        offline.remove("LUNARCRUSH_API_URL");
        for (String key : List.of("vols/latest_180d.json.gz", "caps/latest_180d.json.gz", "financial_indicators/latest.csv.gz",
                "financial_indicators/rsi_latest.json.gz", "financial_indicators/rvi_latest.json.gz",
                "financial_indicators/ema_latest.json.gz", "lunar/spot.json.gz", "lunar/hist.json.gz")) {
            Files.delete(dir.resolve("blobs").resolve(key));
        }
        for (String task : List.of("market_indicators", "market_caps", "lunar_metrics")) {
            run(offline, "replay", task, "--date", D.plusDays(1).toString());
        }
        record(lines, "replay " + D.plusDays(1), env);

        String actual = String.join("\n", lines) + "\n";
        if (Boolean.getBoolean("golden.record")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, actual);
        }
        assertThat(actual).as("published objects and warehouse rows, against " + GOLDEN)
                .isEqualTo(Files.readString(GOLDEN));
    }

    private void run(Map<String, String> env, String... args) {
        CliHarness.Result result = CliHarness.run(env, getClass().getClassLoader(), args);
        assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result.all()).isZero();
    }

    /** One line per published object (raw zone and result blobs excepted) and per dataset table. */
    private void record(List<String> lines, String stage, Map<String, String> env) throws Exception {
        Path blobs = dir.resolve("blobs");
        try (Stream<Path> walk = Files.walk(blobs)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                String key = blobs.relativize(p).toString().replace('\\', '/');
                if (key.startsWith("raw/") || key.startsWith("dataverse-results/") || key.contains("/.")) {
                    continue;
                }
                lines.add(stage + " | " + key + " | " + sha256(Files.readAllBytes(p)));
            }
        }
        try (Connection c = DriverManager.getConnection(env.get("DATAVERSE_DB_URL"), "postgres", "");
                Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            StringBuilder sql = new StringBuilder("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                    + " AND table_type = 'BASE TABLE'");
            for (String pattern : NOT_OUTPUTS) {
                sql.append(" AND table_name NOT LIKE '").append(pattern.replace("_", "\\_")).append("'");
            }
            try (ResultSet rs = st.executeQuery(sql + " ORDER BY table_name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                // Bookkeeping stamps (updated_at, checked_at: when a row was written) are wall-clock times, not outputs.
                List<String> columns = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
                        + " AND table_name = '" + table + "' AND NOT (data_type LIKE 'timestamp%' AND column_name LIKE '%\\_at')"
                        + " ORDER BY ordinal_position")) {
                    while (rs.next()) {
                        columns.add("\"" + rs.getString(1) + "\"");
                    }
                }
                String row = "ROW(" + String.join(", ", columns) + ")::text";
                try (ResultSet rs = st.executeQuery("SELECT count(*), coalesce(string_agg(" + row + ", E'\\n' ORDER BY " + row
                        + " COLLATE \"C\"), '') FROM \"" + table + "\" t")) {
                    rs.next();
                    lines.add(stage + " | table " + table + " | " + rs.getLong(1) + " rows | "
                            + sha256(rs.getString(2).getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
