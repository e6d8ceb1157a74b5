package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stacksdataverse.extract.cryptocompare.CryptoCompareStandIn;
import io.stacksdataverse.extract.stacks.StacksApiStandIn;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.loaders.warehouse.StxPriceTable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dataverse dag daily --date 2024-06-01} on embedded defaults (embedded PostgreSQL and a
 * local folder under DATAVERSE_HOME) against local stand-ins of CryptoCompare and the Stacks API.
 */
class DailyDagEndToEndIT {
    private static final String CC_KEY = "cc-e2e-secret-7f3a9c";
    private static final String STACKS_KEY = "hiro-e2e-secret-41d2";
    private static final ObjectMapper JSON = new ObjectMapper();

    @StartStop
    private final MockWebServer ccServer = new MockWebServer();
    @StartStop
    private final MockWebServer stacksServer = new MockWebServer();
    @TempDir
    Path home;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("DATAVERSE_HOME", home.toString());
        env.put("CRYPTOCOMPARE_API_URL", ccServer.url("/").toString());
        env.put("CRYPTOCOMPARE_API_KEY", CC_KEY);
        env.put("STACKS_API_URL", stacksServer.url("/").toString());
        env.put("STACKS_API_KEY", STACKS_KEY);
        env.put("DATAVERSE_TASK_RETRIES", "0");
        env.put("DATAVERSE_POLLING_INTERVAL", "PT0.2S");
        env.put("CRYPTOCOMPARE_RATE_LIMIT_PER_SECOND", "1000");
        env.put("STACKS_RATE_LIMIT_PER_SECOND", "1000");
        return env;
    }

    private Map<String, byte[]> snapshot(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static long hourly(CryptoCompareStandIn cc) {
        return cc.requests().stream().filter(r -> r.getUrl().encodedPath().endsWith("/data/v2/histohour")).count();
    }

    private static String gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void publishesThePriceFilesFillsTheTableKeepsRawAndARerunChangesNothing() throws Exception {
        CryptoCompareStandIn cc = new CryptoCompareStandIn();
        StacksApiStandIn stacks = new StacksApiStandIn(556_946);
        ccServer.setDispatcher(cc);
        stacksServer.setDispatcher(stacks);

        CliHarness.Result first = CliHarness.run(env(), getClass().getClassLoader(), "dag", "daily", "--date", "2024-06-01");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).contains("ok      stx_price_history").contains("ok      price_over_time")
                .contains("ok      sanity_check").contains("price_over_time/latest_7d.json.gz");

        Path blobs = home.resolve("blobs");
        for (String window : List.of("7d", "30d", "90d")) {
            Path file = blobs.resolve("price_over_time/latest_" + window + ".json.gz");
            assertThat(file).exists();
            JsonNode json = JSON.readTree(gunzip(Files.readAllBytes(file)));
            int days = Integer.parseInt(window.replace("d", ""));
            assertThat(json.size()).isEqualTo(days * 24);
            assertThat(json.fieldNames().next()).isEqualTo(Long.toString(1_717_200_000L - (days - 1) * 86_400L));
        }
        assertThat(gunzip(Files.readAllBytes(blobs.resolve("sanity_check.json.gz")))).isEqualTo("{\"maxblock\":556946}");
        assertThat(snapshot(blobs).keySet())
                .anyMatch(k -> k.startsWith("raw/cryptocompare/data_v2_histohour/2024-06-01/") && k.endsWith(".json.gz"))
                .anyMatch(k -> k.startsWith("raw/stacks-api/extended/2024-06-01/") && k.endsWith(".json.gz"));
        assertThat(home.resolve("postgres")).as("the embedded database keeps its data under DATAVERSE_HOME").isDirectory();
        assertThat(hourly(cc)).isEqualTo(2);
        assertThat(cc.requests().size()).as("and one histoday call for the 180-day market datasets").isEqualTo(3);
        assertThat(cc.requests()).allSatisfy(r -> assertThat(r.getHeaders().get("Authorization")).isEqualTo("Apikey " + CC_KEY));

        Map<String, byte[]> before = snapshot(blobs);
        CliHarness.Result second = CliHarness.run(env(), getClass().getClassLoader(), "dag", "daily", "--date", "2024-06-01");
        assertThat(second.exitCode()).as(second.all()).isZero();
        Map<String, byte[]> after = snapshot(blobs);
        assertThat(after.keySet()).as("no object added or removed, raw zone included").isEqualTo(before.keySet());
        for (String key : before.keySet()) {
            assertThat(after.get(key)).as("object " + key + " is unchanged").isEqualTo(before.get(key));
        }
        assertThat(hourly(cc)).as("the second run fetches no hourly price").isEqualTo(2);

        try (Host host = Host.start(io.stacksdataverse.spi.LayeredConfig.ofMap(env()))) {
            assertThat(PostgresWarehouse.dsl(host.warehouse()).fetchCount(StxPriceTable.TABLE)).isEqualTo(2160);
        }

        CliHarness.Result rerunOne = CliHarness.run(env(), getClass().getClassLoader(), "run", "price_over_time", "--date", "2024-06-01");
        assertThat(rerunOne.exitCode()).as(rerunOne.all()).isZero();
        assertThat(rerunOne.out()).contains("ok      price_over_time")
                .contains("-> " + blobs.resolve("price_over_time/latest_30d.json.gz").toUri());
        assertThat(snapshot(blobs).get("price_over_time/latest_30d.json.gz")).isEqualTo(before.get("price_over_time/latest_30d.json.gz"));

        assertThat(first.err()).as("the log lines are captured too").contains("cryptocompare GET http://")
                .contains("stacks-api GET http://");
        String everything = first.all() + second.all() + rerunOne.all();
        assertThat(everything).doesNotContain(CC_KEY).doesNotContain(STACKS_KEY);
        for (Map.Entry<String, byte[]> f : after.entrySet()) {
            assertThat(f.getKey()).doesNotContain(CC_KEY).doesNotContain(STACKS_KEY);
            String content = f.getKey().endsWith(".gz") ? gunzip(f.getValue()) : new String(f.getValue(), StandardCharsets.UTF_8);
            assertThat(content).as(f.getKey()).doesNotContain(CC_KEY).doesNotContain(STACKS_KEY);
        }
    }

    @Test
    void aTruncatedPayloadFailsTheDagNamingTheTaskAndSourceAndKeepsPublishedFiles() throws Exception {
        CryptoCompareStandIn cc = new CryptoCompareStandIn();
        ccServer.setDispatcher(cc);
        stacksServer.setDispatcher(new StacksApiStandIn(556_946));
        assertThat(CliHarness.run(env(), getClass().getClassLoader(), "dag", "daily", "--date", "2024-06-01").exitCode()).isZero();
        Map<String, byte[]> before = snapshot(home.resolve("blobs"));

        cc.thenAnswerFor("/data/v2/histohour", () -> new MockResponse.Builder().code(200)
                .body("{\"Response\":\"Success\",\"Message\":\"\",\"Data\":{\"Aggregated\":false,\"Data\":[{\"time\":1717286400,\"high\":0.3").build());
        stacksServer.setDispatcher(new StacksApiStandIn(556_990));
        CliHarness.Result failed = CliHarness.run(env(), getClass().getClassLoader(), "dag", "daily", "--date", "2024-06-02");

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.out()).contains("FAILED  stx_price_history: cryptocompare: GET http://")
                .contains("/data/v2/histohour?fsym=STX&limit=23&toTs=1717369200&tsym=USD: malformed JSON")
                .contains("skipped price_over_time: upstream stx_price_history failed")
                .contains("ok      sanity_check");
        assertThat(failed.err()).contains("failed tasks: stx_price_history");
        assertThat(failed.all()).doesNotContain(CC_KEY);
        Map<String, byte[]> after = snapshot(home.resolve("blobs"));
        for (String key : List.of("price_over_time/latest_7d.json.gz", "price_over_time/latest_30d.json.gz",
                "price_over_time/latest_90d.json.gz")) {
            assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
        }
    }

    @Test
    void withTheStacksDatabaseTheChainTasksRunTooAndARerunChangesNothing() throws Exception {
        ccServer.setDispatcher(new CryptoCompareStandIn());
        stacksServer.setDispatcher(new StacksApiStandIn(556_946));
        io.stacksdataverse.extract.stacks.db.ChainBuilder chain = io.stacksdataverse.extract.stacks.db.ChainBuilder.create(
                io.stacksdataverse.loaders.testing.TestPostgres.newDatabase());
        long t = 1_717_200_000L; // 2024-06-01
        chain.block("b1", "g", 1, t - 86_400 + 60, t - 86_400 + 60, 10, true)
                .tx("x1", "b1", 1, t - 86_400 + 60, 0, true, true, "SPA", 1_000)
                .stxEvent("x1", "b1", 1, 0, 2, 20_000_000_000L, null, "SPA", true, true)
                .ftBalance("SPA", 19_999_999_000L)
                .block("b2", "b1", 2, t + 60, t + 60, 11, true)
                .tx("x2", "b2", 2, t + 60, 0, true, true, "SPA", 0)
                .tip(2);
        String chainUrl;
        try (java.sql.Connection c = chain.dataSource().getConnection()) {
            chainUrl = c.getMetaData().getURL();
        }
        Map<String, String> env = env();
        env.put("STACKS_DB_URL", chainUrl);
        env.put("STACKS_DB_USER", "postgres");

        CliHarness.Result first = CliHarness.run(env, getClass().getClassLoader(), "dag", "daily", "--date", "2024-06-01");
        assertThat(first.exitCode()).as(first.all()).isZero();
        for (String task : List.of("stx_price_history", "price_over_time", "sanity_check", "daily_txs", "address_growth",
                "daily_active_addresses", "wallet_balances", "nonzero_balances_over_time", "microblocks_per_day", "whale_movements")) {
            assertThat(first.out()).contains("ok      " + task);
        }
        Path blobs = home.resolve("blobs");
        assertThat(gunzip(Files.readAllBytes(blobs.resolve("wallet_balances_raw/latest.json.gz"))))
                .isEqualTo("{\"whale_balances\":[19999.999],\"nonzero_bals\":1}");
        assertThat(gunzip(Files.readAllBytes(blobs.resolve("sanity_check.json.gz")))).isEqualTo("{\"maxblock\":2}");
        Map<String, byte[]> before = snapshot(blobs);
        long rowsBefore;
        try (Host host = Host.start(io.stacksdataverse.spi.LayeredConfig.ofMap(env))) {
            rowsBefore = warehouseRows(host);
        }

        CliHarness.Result second = CliHarness.run(env, getClass().getClassLoader(), "dag", "daily", "--date", "2024-06-01");
        assertThat(second.exitCode()).as(second.all()).isZero();
        Map<String, byte[]> after = snapshot(blobs);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((k, v) -> assertThat(after.get(k)).as(k).isEqualTo(v));
        try (Host host = Host.start(io.stacksdataverse.spi.LayeredConfig.ofMap(env))) {
            assertThat(warehouseRows(host)).as("a re-run adds no warehouse row").isEqualTo(rowsBefore);
        }
    }

    private static long warehouseRows(Host host) {
        return PostgresWarehouse.dsl(host.warehouse()).fetchOne(
                "SELECT (SELECT count(*) FROM stx_historical_prices) + (SELECT count(*) FROM whale_historical_stx_balances)"
                        + " + (SELECT count(*) FROM chain_daily_values) + (SELECT count(*) FROM chain_principals)").get(0, Long.class);
    }
}
