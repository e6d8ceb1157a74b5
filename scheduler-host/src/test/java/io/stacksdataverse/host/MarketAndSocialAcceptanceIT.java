package io.stacksdataverse.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stacksdataverse.extract.cryptocompare.CryptoCompareStandIn;
import io.stacksdataverse.extract.stacks.StacksApiStandIn;
import io.stacksdataverse.extract.stacks.db.ChainBuilder;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.paths.DatasetPaths;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalog #13–20 end to end: {@code ./dataverse dag daily --date D} against local stand-ins of
 * CryptoCompare, LunarCrush, the Stacks API and its database publishes the eight market and social
 * datasets; without a LunarCrush key the two lunar datasets are disabled and the run is green; and
 * {@code ./dataverse replay} rebuilds the same bytes from the raw zone with every source gone.
 */
class MarketAndSocialAcceptanceIT {
    private static final LocalDate D = LocalDate.of(2024, 6, 1);
    private static final String CC_KEY = "cc-accept-secret-90ab";
    private static final String LC_KEY = "lc-accept-secret-17cd";
    private static final String DB_PASSWORD = "stacks-db-secret-3344";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<DatasetPath> EIGHT = List.of(DatasetPaths.VOLUMES_180D, DatasetPaths.MARKET_CAPS_180D,
            DatasetPaths.FINANCIAL_INDICATORS_CSV, DatasetPaths.RSI, DatasetPaths.RVI, DatasetPaths.EMA,
            DatasetPaths.LUNAR_SPOT, DatasetPaths.LUNAR_HISTORY);

    private final MockWebServer ccServer = new MockWebServer();
    private final MockWebServer lcServer = new MockWebServer();
    private final MockWebServer stacksServer = new MockWebServer();
    private final LunarCrushStandIn lunar = new LunarCrushStandIn();
    private final CryptoCompareStandIn cc = new CryptoCompareStandIn();
    @TempDir
    Path dir;

    @AfterEach
    void stopServers() throws IOException {
        ccServer.close();
        lcServer.close();
        stacksServer.close();
    }

    private Map<String, String> env(boolean lunarKey) throws Exception {
        Map<String, String> env = LocalHostEnv.at(dir);
        env.put("CRYPTOCOMPARE_API_URL", ccServer.url("/").toString());
        env.put("CRYPTOCOMPARE_API_KEY", CC_KEY);
        env.put("CRYPTOCOMPARE_RATE_LIMIT_PER_SECOND", "1000");
        env.put("LUNARCRUSH_API_URL", lcServer.url("/api4/public").toString());
        if (lunarKey) {
            env.put("LUNARCRUSH_API_KEY", LC_KEY);
        }
        env.put("LUNARCRUSH_RATE_LIMIT_PER_SECOND", "1000");
        env.put("STACKS_API_URL", stacksServer.url("/").toString());
        env.put("STACKS_RATE_LIMIT_PER_SECOND", "1000");
        env.put("STACKS_DB_URL", chain());
        env.put("STACKS_DB_USER", "postgres");
        env.put("STACKS_DB_PASSWORD", DB_PASSWORD);
        return env;
    }

    private void startSources() throws IOException {
        ccServer.setDispatcher(cc);
        lcServer.setDispatcher(lunar);
        stacksServer.setDispatcher(new StacksApiStandIn(556_946));
        ccServer.start();
        lcServer.start();
        stacksServer.start();
    }

    @Test
    void theDailyDagPublishesTheEightDatasetsAndAReplayRebuildsThemWithEverySourceGone() throws Exception {
        startSources();
        Map<String, String> env = env(true);

        CliHarness.Result dag = CliHarness.run(env, getClass().getClassLoader(), "dag", "daily", "--date", D.toString());

        assertThat(dag.exitCode()).as(dag.all()).isZero();
        assertThat(dag.out()).contains("ok      market_indicators").contains("ok      market_caps").contains("ok      lunar_metrics");
        Map<String, byte[]> published = new TreeMap<>();
        for (DatasetPath p : EIGHT) {
            Path file = dir.resolve("blobs").resolve(p.latestKey());
            assertThat(file).as(p.id()).exists();
            published.put(p.latestKey(), Files.readAllBytes(file));
        }
        JsonNode spot = JSON.readTree(gunzip(published.get(DatasetPaths.LUNAR_SPOT.latestKey())));
        assertThat(spot.fieldNames()).toIterable().containsExactly("galaxy", "alt_rank", "alt_rank_30d");
        assertThat(spot.get("alt_rank").isIntegralNumber()).isTrue();
        assertThat(JSON.readTree(gunzip(published.get(DatasetPaths.LUNAR_HISTORY.latestKey()))).size()).isEqualTo(30);
        assertThat(JSON.readTree(gunzip(published.get(DatasetPaths.VOLUMES_180D.latestKey()))).size()).isEqualTo(181);
        assertThat(gunzip(published.get(DatasetPaths.FINANCIAL_INDICATORS_CSV.latestKey())).split("\n")).hasSize(182);
        assertThat(lunar.requests()).allSatisfy(r -> assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + LC_KEY));
        assertThat(cc.requests().stream().filter(r -> r.getUrl().encodedPath().endsWith("/data/v2/histoday")))
                .as("the host's two market tasks share one histoday call per run").hasSize(1);

        // Every source gone: no CryptoCompare, no LunarCrush, no Stacks API, no Stacks API database setting, and
        // the sources' URL settings back to their defaults (a replay sends nothing anywhere).
        ccServer.close();
        lcServer.close();
        stacksServer.close();
        for (DatasetPath p : EIGHT) {
            Files.delete(dir.resolve("blobs").resolve(p.latestKey()));
        }
        Map<String, String> offline = new HashMap<>(env);
        offline.remove("STACKS_DB_URL");
        offline.remove("LUNARCRUSH_API_KEY");
        offline.remove("CRYPTOCOMPARE_API_URL");
        offline.remove("LUNARCRUSH_API_URL");
        List<CliHarness.Result> replays = new ArrayList<>();
        for (String task : List.of("market_indicators", "market_caps", "lunar_metrics")) {
            CliHarness.Result replay = CliHarness.run(offline, getClass().getClassLoader(), "replay", task, "--date", D.toString());
            assertThat(replay.exitCode()).as(replay.all()).isZero();
            assertThat(replay.err()).contains("replayed from raw");
            replays.add(replay);
        }
        for (DatasetPath p : EIGHT) {
            assertThat(Files.readAllBytes(dir.resolve("blobs").resolve(p.latestKey()))).as(p.id() + " replayed byte for byte")
                    .isEqualTo(published.get(p.latestKey()));
        }
        assertThat(replays.get(1).err()).contains("note: task market_caps is disabled here");

        CliHarness.Result chainTask = CliHarness.run(env, getClass().getClassLoader(), "replay", "daily_txs", "--date", D.toString());
        assertThat(chainTask.exitCode()).isEqualTo(1);
        assertThat(chainTask.err()).contains("task daily_txs cannot be replayed");

        // No secret in any log line, raw-zone key, published object or raw object.
        StringBuilder everything = new StringBuilder(dag.all());
        replays.forEach(r -> everything.append(r.all()));
        assertNoSecret(everything.toString(), "the command output and log lines");
        try (Stream<Path> walk = Files.walk(dir.resolve("blobs"))) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                String key = dir.resolve("blobs").relativize(f).toString();
                assertNoSecret(key, "blob key " + key);
                byte[] bytes = Files.readAllBytes(f);
                assertNoSecret(key.endsWith(".gz") ? gunzip(bytes) : new String(bytes, StandardCharsets.UTF_8), key);
            }
        }
        try (Stream<Path> raw = Files.walk(dir.resolve("blobs/raw"))) {
            assertThat(raw.map(Path::toString)).anyMatch(k -> k.contains("raw/lunarcrush/coins_stx_time_series_v2/2024-06-01/"))
                    .anyMatch(k -> k.contains("raw/cryptocompare/data_v2_histoday/2024-06-01/"))
                    .anyMatch(k -> k.contains("raw/stacks-db/stx_supply/2024-06-01/"));
        }
    }

    @Test
    void withoutALunarCrushKeyTheLunarDatasetsAreDisabledAndTheRunIsGreen() throws Exception {
        startSources();
        Map<String, String> env = env(false);

        CliHarness.Result list = CliHarness.run(env, getClass().getClassLoader(), "list");
        assertThat(list.out()).containsPattern("lunar_metrics .*disabled: LUNARCRUSH_API_KEY is not set");

        CliHarness.Result dag = CliHarness.run(env, getClass().getClassLoader(), "dag", "daily", "--date", D.toString());

        assertThat(dag.exitCode()).as(dag.all()).isZero();
        assertThat(dag.out()).contains("ok      market_indicators").contains("ok      market_caps");
        assertThat(dir.resolve("blobs").resolve(DatasetPaths.LUNAR_SPOT.latestKey())).doesNotExist();
        assertThat(dir.resolve("blobs").resolve(DatasetPaths.LUNAR_HISTORY.latestKey())).doesNotExist();
        assertThat(dir.resolve("blobs").resolve(DatasetPaths.FINANCIAL_INDICATORS_CSV.latestKey())).exists();
        assertThat(lunar.requests()).isEmpty();
    }

    private static void assertNoSecret(String text, String where) {
        assertThat(text).as(where).doesNotContain(CC_KEY).doesNotContain(LC_KEY).doesNotContain(DB_PASSWORD);
    }

    private static String gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A Stacks API database with a genesis mint, a block every six hours up to D+1 and a coinbase per block. */
    private static String chain() throws Exception {
        ChainBuilder chain = ChainBuilder.create(TestPostgres.newDatabase());
        long genesis = LocalDate.of(2023, 11, 1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        chain.block("b0", "none", 0, genesis, genesis, 800_000, true)
                .stxEvent("t0", "b0", 0, 0, 2, 1_300_000_000_000_000L, null, "SP0", true, true);
        int height = 0;
        String parent = "b0";
        for (LocalDate d = D.minusDays(5); !d.isAfter(D.plusDays(1)); d = d.plusDays(1)) {
            long midnight = d.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            for (int b = 0; b < 4; b++) {
                height++;
                String block = "b" + height;
                long time = midnight + b * 21_600L + 600;
                chain.block(block, parent, height, time, time, 800_000 + height, true)
                        .minerReward(block, parent, height, "SP" + (height % 5), 1_000_000_000L, 2_000, true);
                parent = block;
            }
        }
        chain.tip(height);
        try (java.sql.Connection c = chain.dataSource().getConnection()) {
            return c.getMetaData().getURL();
        }
    }

    /**
     * A stand-in of LunarCrush v4: {@code /coins/STX/time-series/v2?bucket=day} answers a point per
     * day of [start, end) in the shape of the recorded docs point, {@code /coins/STX/v1} the
     * recorded coin. Every request needs the bearer key.
     */
    static final class LunarCrushStandIn extends Dispatcher {
        private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());

        List<RecordedRequest> requests() {
            synchronized (requests) {
                return List.copyOf(requests);
            }
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            String auth = request.getHeaders().get("Authorization");
            if (auth == null || !auth.startsWith("Bearer ")) {
                return new MockResponse.Builder().code(401).body("{\"error\":\"Unauthorized\"}").build();
            }
            String path = request.getUrl().encodedPath();
            try {
                if (path.endsWith("/coins/STX/v1")) {
                    return ok(fixture("coin-v1.json").toString());
                }
                if (path.endsWith("/coins/STX/time-series/v2")) {
                    long start = Long.parseLong(request.getUrl().queryParameter("start"));
                    long end = Long.parseLong(request.getUrl().queryParameter("end"));
                    ObjectNode body = (ObjectNode) fixture("coin-time-series-v2.json");
                    ArrayNode data = (ArrayNode) body.get("data");
                    ObjectNode template = (ObjectNode) data.get(0);
                    data.removeAll();
                    for (long t = start; t < end; t += 86_400) {
                        ObjectNode p = template.deepCopy();
                        int day = (int) (t / 86_400);
                        p.put("time", t);
                        p.put("galaxy_score", 40 + day % 30);
                        p.put("alt_rank", 300 + (day * 7) % 90);
                        data.add(p);
                    }
                    return ok(body.toString());
                }
            } catch (IOException e) {
                return new MockResponse.Builder().code(500).body(String.valueOf(e)).build();
            }
            return new MockResponse.Builder().code(404).body("{\"error\":\"no route " + path + "\"}").build();
        }

        private static JsonNode fixture(String name) throws IOException {
            try (InputStream in = MarketAndSocialAcceptanceIT.class.getResourceAsStream("/fixtures/lunarcrush/" + name)) {
                return JSON.readTree(in);
            }
        }

        private static MockResponse ok(String body) {
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
        }
    }
}
