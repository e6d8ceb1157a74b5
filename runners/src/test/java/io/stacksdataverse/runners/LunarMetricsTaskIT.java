package io.stacksdataverse.runners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stacksdataverse.extract.http.RetryPolicy;
import io.stacksdataverse.extract.http.SourceHttpClient;
import io.stacksdataverse.extract.lunarcrush.LunarCrushClient;
import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.raw.BlobRawStore;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.social.LunarMetricsTask;
import io.stacksdataverse.spi.LayeredConfig;
import io.stacksdataverse.spi.Secret;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.transform.UtcDays;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lunar_metrics} (catalog #19–20) against a stand-in of LunarCrush v4 that answers in the
 * recorded payloads' shape: every time-series point is the fixture's point with its
 * {@code time}, {@code galaxy_score} and {@code alt_rank} changed.
 */
class LunarMetricsTaskIT {
    private static final String KEY = "lc-secret-key-77";
    private static final LocalDate D = LocalDate.of(2024, 6, 1);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-03T00:10:00Z"), ZoneOffset.UTC);
    private static final long DAY = UtcDays.DAY_SECONDS;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPOT = DatasetPaths.LUNAR_SPOT.latestKey();
    private static final String HIST = DatasetPaths.LUNAR_HISTORY.latestKey();

    @StartStop
    private final MockWebServer server = new MockWebServer();
    @TempDir
    Path dir;

    private final LunarStandIn lunar = new LunarStandIn();
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    private LocalBlobStore blobs;
    private PostgresWarehouse warehouse;

    @BeforeEach
    void setUp() {
        server.setDispatcher(lunar);
        blobs = new LocalBlobStore(dir.resolve("blobs"), false);
        warehouse = TestPostgres.newWarehouse();
        lunar.series = days(D.minusDays(34), D);
    }

    // ---- the stand-in and its data ----

    private static String fixture(String name) {
        try (InputStream in = LunarMetricsTaskIT.class.getResourceAsStream("/fixtures/lunarcrush/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One day of the test series: its time, galaxy score as a decimal string, alt rank; nulls allowed. */
    private record Day(long time, String galaxy, Long rank) {
    }

    /** Daily points from {@code first} to {@code last}, with varied decimals, two nulls and no trailing zeros. */
    private static List<Day> days(LocalDate first, LocalDate last) {
        List<Day> days = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            long k = day.toEpochDay() - D.toEpochDay() + 40;
            String galaxy = (40 + k) + switch ((int) (k % 4)) {
                case 0 -> "";
                case 1 -> ".5";
                case 2 -> ".25";
                default -> ".125";
            };
            Long rank = 300 + (k * 37) % 61;
            if (day.equals(D.minusDays(10))) {
                rank = null;
            }
            if (day.equals(D.minusDays(20))) {
                galaxy = null;
            }
            days.add(new Day(UtcDays.t(day), galaxy, rank));
        }
        return days;
    }

    /** The fixture document with {@code data} made of the fixture's point, varied per day. */
    private static String seriesBody(List<Day> days) {
        try {
            ObjectNode doc = (ObjectNode) JSON.readTree(fixture("coin-time-series-v2.json"));
            ObjectNode template = (ObjectNode) doc.get("data").get(0);
            ArrayNode data = JSON.createArrayNode();
            for (Day day : days) {
                ObjectNode p = template.deepCopy();
                p.put("time", day.time());
                if (day.galaxy() == null) {
                    p.putNull("galaxy_score");
                } else {
                    p.put("galaxy_score", new BigDecimal(day.galaxy()));
                }
                if (day.rank() == null) {
                    p.putNull("alt_rank");
                } else {
                    p.put("alt_rank", day.rank());
                }
                data.add(p);
            }
            doc.set("data", data);
            return JSON.writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json; charset=utf-8").body(body).build();
    }

    /** LunarCrush v4 for {@code MockWebServer}: scripted answers first, else the series and the recorded coin. */
    private static final class LunarStandIn extends Dispatcher {
        final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
        final Deque<MockResponse> scripted = new ArrayDeque<>();
        volatile List<Day> series;

        void thenAnswer(MockResponse... answers) {
            synchronized (scripted) {
                scripted.addAll(List.of(answers));
            }
        }

        List<String> paths(String suffix) {
            synchronized (requests) {
                return requests.stream().map(r -> r.getUrl().encodedPath()).filter(p -> p.endsWith(suffix)).toList();
            }
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            synchronized (scripted) {
                if (!scripted.isEmpty()) {
                    return scripted.poll();
                }
            }
            String path = request.getUrl().encodedPath();
            if (!("Bearer " + KEY).equals(request.getHeaders().get("Authorization"))) {
                return json(401, "{\"error\": \"Unauthorized\"}");
            }
            if (path.endsWith("/time-series/v2")) {
                return json(200, seriesBody(series));
            }
            if (path.endsWith("/v1")) {
                return json(200, fixture("coin-v1.json"));
            }
            return json(404, fixture("error-searches-delete.json"));
        }
    }

    // ---- running ----

    private SourceHttpClient.Builder http() {
        return SourceHttpClient.builder("lunarcrush")
                .baseUrl(server.url("/api4/public").toString())
                .authHeader("Authorization", k -> "Bearer " + k)
                .permitsPerSecond(1_000_000)
                .retryPolicy(new RetryPolicy(3, Duration.ZERO, Duration.ZERO, Duration.ofMinutes(2)))
                .sleeper(sleeps::add);
    }

    private LunarMetricsTask task() {
        return new LunarMetricsTask(new LunarCrushClient(http().apiKey(new Secret(KEY)).build()), "STX");
    }

    private LocalRunner runner(Task task) {
        return LocalRunner.builder(new TaskGraph(List.of(task))).blobs(blobs).raw(new BlobRawStore(blobs))
                .warehouse(warehouse).clock(CLOCK).build();
    }

    private TaskOutcome run(Task task, LocalDate date) {
        return runner(task).runOne(task, date, true, false, Map.of());
    }

    private String decoded(String key) throws IOException {
        byte[] gz = blobs.get(key).orElseThrow(() -> new AssertionError("nothing published at " + key));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---- what the files must hold, computed independently ----

    private static String number(Object v) {
        return v == null ? "null" : v.toString();
    }

    private static List<Day> window(List<Day> days, LocalDate d) {
        long from = UtcDays.t(d.minusDays(29));
        long to = UtcDays.t(d.plusDays(1));
        return days.stream().filter(x -> x.time() >= from && x.time() < to).toList();
    }

    private static String expectedHistory(List<Day> window) {
        StringJoiner j = new StringJoiner(",", "{", "}");
        window.forEach(x -> j.add("\"" + x.time() + "\":{\"galaxy\":" + number(x.galaxy()) + ",\"alt_rank\":" + number(x.rank()) + "}"));
        return j.toString();
    }

    /** Half-up mean of the non-null ranks in integer arithmetic: ⌊(2·sum + n) / 2n⌋. */
    private static Long expectedMean(List<Day> window) {
        long sum = 0;
        long n = 0;
        for (Day x : window) {
            if (x.rank() != null) {
                sum += x.rank();
                n++;
            }
        }
        return n == 0 ? null : (2 * sum + n) / (2 * n);
    }

    private static String expectedSpot(Object galaxy, Long rank, Long mean) {
        return "{\"galaxy\":" + number(galaxy) + ",\"alt_rank\":" + number(rank) + ",\"alt_rank_30d\":" + number(mean) + "}";
    }

    /** The key is in no message, no raw-zone key or object, no published object, no URL. */
    private void assertKeyNowhere(TaskOutcome... outcomes) throws IOException {
        for (TaskOutcome o : outcomes) {
            assertThat(o.message()).doesNotContain(KEY);
            o.result().ifPresent(r -> assertThat(r.toString()).doesNotContain(KEY));
        }
        for (String key : blobs.list("")) {
            assertThat(key).doesNotContain(KEY);
            byte[] bytes = blobs.get(key).orElseThrow();
            String text = key.endsWith(".gz")
                    ? new String(new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes(), StandardCharsets.UTF_8)
                    : new String(bytes, StandardCharsets.UTF_8);
            assertThat(text).as(key).doesNotContain(KEY);
        }
        synchronized (lunar.requests) {
            for (RecordedRequest r : lunar.requests) {
                assertThat(r.getUrl().toString()).doesNotContain(KEY);
            }
        }
    }

    // ---- a normal run ----

    @Test
    void publishesTheThirtyDaysAndTheSpotOfTheDayDPointWithOneCall() throws Exception {
        TaskOutcome outcome = run(task(), D);

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        List<Day> window = window(lunar.series, D);
        assertThat(window).hasSize(30);
        Day last = window.get(29);
        assertThat(last.time()).isEqualTo(UtcDays.t(D));
        assertThat(decoded(HIST)).isEqualTo(expectedHistory(window));
        assertThat(decoded(HIST)).contains("\"" + UtcDays.t(D.minusDays(20)) + "\":{\"galaxy\":null,")
                .contains("\"" + UtcDays.t(D.minusDays(10)) + "\":{\"galaxy\":" + window.get(19).galaxy() + ",\"alt_rank\":null}")
                .doesNotContain(".0,").doesNotContain(".0}");
        assertThat(decoded(SPOT)).isEqualTo(expectedSpot(last.galaxy(), last.rank(), expectedMean(window)));
        assertThat(JSON.readTree(decoded(SPOT)).get("alt_rank_30d").isIntegralNumber()).isTrue();
        assertThat(JSON.readTree(decoded(SPOT)).get("alt_rank").isIntegralNumber()).isTrue();

        assertThat(lunar.requests).hasSize(1);
        RecordedRequest request = lunar.requests.get(0);
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api4/public/coins/STX/time-series/v2");
        assertThat(request.getUrl().queryParameter("bucket")).isEqualTo("day");
        assertThat(request.getUrl().queryParameter("start")).isEqualTo(Long.toString(UtcDays.t(D.minusDays(29))));
        assertThat(request.getUrl().queryParameter("end")).isEqualTo(Long.toString(UtcDays.t(D.plusDays(1))));
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(lunar.paths("/v1")).as("the day-D point is complete: no run-time call").isEmpty();

        TaskResult result = outcome.result().orElseThrow();
        assertThat(result.longValue("points")).isEqualTo(30);
        assertThat(result.dateValue("spot_day")).isEqualTo(D);
        assertThat(result.booleanValue("spot_from_v1")).isFalse();
        assertThat(result.longValue("last_point")).isEqualTo(UtcDays.t(D));
        assertThat(result.outputs()).containsExactly(blobs.describe(SPOT), blobs.describe(HIST));
        assertThat(outcome.publishedKeys()).as("both fixed keys are public").containsExactly(HIST, SPOT);
        assertThat(blobs.list("raw/lunarcrush/")).as("the answer is kept raw").anyMatch(k -> k.contains("/2024-06-01/"));
        assertKeyNowhere(outcome);
    }

    @Test
    void aRerunForTheSameDatePublishesTheSameBytes() throws Exception {
        TaskOutcome first = run(task(), D);
        byte[] spot = blobs.get(SPOT).orElseThrow();
        byte[] hist = blobs.get(HIST).orElseThrow();

        TaskOutcome again = run(task(), D);
        assertThat(again.status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(blobs.get(SPOT).orElseThrow()).isEqualTo(spot);
        assertThat(blobs.get(HIST).orElseThrow()).isEqualTo(hist);
        assertThat(again.publishedKeys()).as("nothing changed, nothing rewritten").isEmpty();
        assertThat(again.result()).isEqualTo(first.result());
    }

    @Test
    void aMissingDayDPointTakesTheSpotFromTheCoinEndpoint() throws Exception {
        lunar.series = days(D.minusDays(34), D.minusDays(1));
        TaskOutcome outcome = run(task(), D);

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        List<Day> window = window(lunar.series, D);
        assertThat(window).hasSize(29);
        assertThat(decoded(HIST)).isEqualTo(expectedHistory(window));
        // coin-v1.json: "galaxy_score": 65.8, "alt_rank": 476
        assertThat(decoded(SPOT)).isEqualTo(expectedSpot("65.8", 476L, expectedMean(window)));
        assertThat(lunar.paths("/v1")).containsExactly("/api4/public/coins/STX/v1");
        assertThat(outcome.result().orElseThrow().booleanValue("spot_from_v1")).isTrue();
        assertThat(outcome.result().orElseThrow().booleanValue("spot_has_day_point")).isFalse();
        assertKeyNowhere(outcome);
    }

    @Test
    void aNullFieldOfTheDayDPointComesFromTheCoinEndpoint() throws Exception {
        List<Day> series = new ArrayList<>(days(D.minusDays(34), D));
        Day last = series.remove(series.size() - 1);
        series.add(new Day(last.time(), null, last.rank()));
        lunar.series = series;
        TaskOutcome outcome = run(task(), D);

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(decoded(HIST)).endsWith("\"" + last.time() + "\":{\"galaxy\":null,\"alt_rank\":" + last.rank() + "}}");
        assertThat(decoded(SPOT)).isEqualTo(expectedSpot("65.8", last.rank(), expectedMean(window(series, D))));
        assertThat(lunar.paths("/v1")).hasSize(1);
    }

    @Test
    void theCoinComesFromTheConfiguration() {
        LunarCrushClient client = new LunarCrushClient(http().apiKey(new Secret(KEY)).build());
        LunarMetricsTask task = new LunarMetricsTask(client, LayeredConfig.ofMap(Map.of("LUNARCRUSH_COIN", "BTC")));
        assertThat(task.id()).isEqualTo("lunar_metrics");
        assertThat(task.latestOnly()).isTrue();
        assertThat(task.upstream()).isEmpty();
        assertThat(run(task, D).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(lunar.paths("")).containsExactly("/api4/public/coins/BTC/time-series/v2");
    }

    @Test
    void aDateThatHasNotEndedIsRefusedWithoutACall() {
        TaskOutcome outcome = run(task(), D.plusDays(2));
        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(outcome.message()).contains("execution date 2024-06-03 has not ended yet")
                .contains("newest complete date is 2024-06-02");
        assertThat(lunar.requests).isEmpty();
    }

    @Test
    void isDisabledWithoutAKeyAndSkipsABackfill() throws Exception {
        LunarMetricsTask keyless = new LunarMetricsTask(new LunarCrushClient(http().build()), "STX");
        assertThat(keyless.disabledReason()).contains("LUNARCRUSH_API_KEY is not set");
        TaskOutcome skipped = runner(keyless).run(List.of(LunarMetricsTask.ID), D, true, false, Map.of())
                .get(LunarMetricsTask.ID);
        assertThat(skipped.status()).isEqualTo(TaskOutcome.Status.SKIPPED);
        assertThat(skipped.message()).contains("LUNARCRUSH_API_KEY is not set");
        assertThat(new LunarMetricsTask(LunarCrushClient.fromConfig(LayeredConfig.ofMap(Map.of())),
                LayeredConfig.ofMap(Map.of())).disabledReason()).contains("LUNARCRUSH_API_KEY is not set");
        assertThat(task().disabledReason()).isEmpty();

        TaskOutcome backfill = runner(task()).run(List.of(LunarMetricsTask.ID), D, false, false, Map.of())
                .get(LunarMetricsTask.ID);
        assertThat(backfill.status()).isEqualTo(TaskOutcome.Status.SKIPPED);
        assertThat(backfill.message()).contains("latest-only");
        assertThat(lunar.requests).isEmpty();
        assertThat(blobs.list("")).isEmpty();
    }

    @Test
    void aReplayRebuildsTheSameBytesFromTheRawZoneAlone() throws Exception {
        lunar.series = days(D.minusDays(34), D.minusDays(1));
        assertThat(run(task(), D).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        byte[] spot = blobs.get(SPOT).orElseThrow();
        byte[] hist = blobs.get(HIST).orElseThrow();
        Files.delete(blobs.path(SPOT));
        Files.delete(blobs.path(HIST));
        int requests = lunar.requests.size();
        assertThat(requests).as("the series and the coin").isEqualTo(2);

        LunarMetricsTask task = task();
        assertThat(task.replayable()).isTrue();
        LocalRunner replay = LocalRunner.builder(new TaskGraph(List.of(task))).blobs(blobs).raw(new BlobRawStore(blobs))
                .warehouse(warehouse).clock(CLOCK).replay(true).build();
        TaskOutcome replayed = replay.runOne(task, D, true, false, Map.of());
        assertThat(replayed.status()).as(replayed.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(lunar.requests).as("no request goes out").hasSize(requests);
        assertThat(blobs.get(SPOT).orElseThrow()).isEqualTo(spot);
        assertThat(blobs.get(HIST).orElseThrow()).isEqualTo(hist);
    }

    // ---- bad answers: each fails naming the source and the request, and leaves the files alone ----

    /** Publishes D, then runs D+1 against {@code answers}; returns the failed outcome after the common checks. */
    private TaskOutcome failsForTheNextDayLeavingFilesAlone(LunarMetricsTask task, MockResponse... answers) throws Exception {
        TaskOutcome good = run(task(), D);
        assertThat(good.status()).as(good.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        byte[] spot = blobs.get(SPOT).orElseThrow();
        byte[] hist = blobs.get(HIST).orElseThrow();

        lunar.thenAnswer(answers);
        TaskOutcome bad = run(task, D.plusDays(1));
        assertThat(bad.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(bad.message()).contains("lunarcrush: GET http://")
                .contains("/api4/public/coins/STX/time-series/v2?bucket=day&end=" + UtcDays.t(D.plusDays(2))
                        + "&start=" + UtcDays.t(D.minusDays(28)));
        assertThat(bad.publishedKeys()).isEmpty();
        assertThat(blobs.get(SPOT).orElseThrow()).isEqualTo(spot);
        assertThat(blobs.get(HIST).orElseThrow()).isEqualTo(hist);
        assertThat(lunar.paths("/v1")).as("no run-time call after a bad series").isEmpty();
        assertKeyNowhere(good, bad);
        return bad;
    }

    @Test
    void aTruncatedAnswerFails() throws Exception {
        String body = seriesBody(days(D.minusDays(28), D.plusDays(1)));
        TaskOutcome bad = failsForTheNextDayLeavingFilesAlone(task(), json(200, body.substring(0, body.length() / 2)));
        assertThat(bad.message()).contains("malformed JSON");
        assertThat(blobs.list("raw/lunarcrush/")).as("the bad answer is kept raw").anyMatch(k -> k.contains("/2024-06-02/"));
    }

    @Test
    void anErrorBodyFails() throws Exception {
        TaskOutcome bad = failsForTheNextDayLeavingFilesAlone(task(), json(200, fixture("error-searches-delete.json")));
        assertThat(bad.message()).contains("LunarCrush answered an error: Error: That item does not exist");
    }

    @Test
    void anEmptySeriesFails() throws Exception {
        TaskOutcome bad = failsForTheNextDayLeavingFilesAlone(task(), json(200, seriesBody(List.of())));
        assertThat(bad.message()).contains("no point in the 30 days 2024-05-04..2024-06-02").contains("0 points in all");
    }

    @Test
    void aSeriesWithNoPointInTheWindowFails() throws Exception {
        TaskOutcome bad = failsForTheNextDayLeavingFilesAlone(task(),
                json(200, seriesBody(days(D.minusDays(40), D.minusDays(29)))));
        assertThat(bad.message()).contains("no point in the 30 days").contains("12 points in all");
    }

    @Test
    void aShortOrGappySeriesFailsSoItNeverReplacesTheHistory() throws Exception {
        List<Day> shortSeries = days(D.minusDays(20), D.plusDays(1));
        TaskOutcome bad = failsForTheNextDayLeavingFilesAlone(task(), json(200, seriesBody(shortSeries)));
        assertThat(bad.message()).contains("no daily point for 8 of the 29 days before " + D.plusDays(1)
                + ", the first of them included: " + D.minusDays(28));

        List<Day> gappy = new ArrayList<>(days(D.minusDays(28), D.plusDays(1)));
        gappy.remove(20);
        gappy.remove(10);
        gappy.remove(5);
        lunar.thenAnswer(json(200, seriesBody(gappy)));
        TaskOutcome worse = run(task(), D.plusDays(1));
        assertThat(worse.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(worse.message()).contains("no daily point for 3 of the 29 days before " + D.plusDays(1));
    }

    @Test
    void aSingleMissingDayIsPublishedAsAGap() throws Exception {
        List<Day> series = new ArrayList<>(days(D.minusDays(34), D));
        Day gone = series.remove(20);
        lunar.series = series;
        TaskOutcome outcome = run(task(), D);

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(outcome.result().orElseThrow().longValue("days_missing")).isEqualTo(1);
        assertThat(decoded(HIST)).doesNotContain("\"" + gone.time() + "\"");
        assertThat(window(series, D)).hasSize(29);
        assertThat(decoded(HIST)).isEqualTo(expectedHistory(window(series, D)));
    }

    @Test
    void aGalaxyScoreThatIsAStringFails() throws Exception {
        String body = seriesBody(days(D.minusDays(28), D.plusDays(1)));
        String galaxy = "\"galaxy_score\":" + days(D.plusDays(1), D.plusDays(1)).get(0).galaxy();
        assertThat(body).contains(galaxy);
        TaskOutcome bad = failsForTheNextDayLeavingFilesAlone(task(),
                json(200, body.replace(galaxy, "\"galaxy_score\":\"high\"")));
        assertThat(bad.message()).contains("data[29] (time " + UtcDays.t(D.plusDays(1)) + "): 'galaxy_score' is not a number: \"high\"");
    }

    @Test
    void anUnauthorizedAnswerFailsWithoutRetrying() throws Exception {
        TaskOutcome bad = failsForTheNextDayLeavingFilesAlone(task(), json(401, "{\"error\": \"Unauthorized\"}"));
        assertThat(bad.message()).contains("HTTP 401");
        assertThat(lunar.paths("/time-series/v2")).as("one good call, one refused").hasSize(2);
    }

    @Test
    void aBurstOf5xxBeyondTheAttemptsFails() throws Exception {
        TaskOutcome bad = failsForTheNextDayLeavingFilesAlone(task(), json(503, "busy"), json(502, "bad gateway"),
                json(503, "busy"));
        assertThat(bad.message()).contains("HTTP 503 after 3 attempts");
    }

    @Test
    void aTimeoutFails() throws Exception {
        LunarMetricsTask impatient = new LunarMetricsTask(new LunarCrushClient(http().apiKey(new Secret(KEY))
                .readTimeout(Duration.ofMillis(200)).callTimeout(Duration.ofMillis(400)).build()), "STX");
        MockResponse slow = new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS)
                .body(seriesBody(days(D.minusDays(28), D.plusDays(1)))).build();
        TaskOutcome bad = failsForTheNextDayLeavingFilesAlone(impatient, slow, slow, slow);
        assertThat(bad.message()).contains("failed after 3 attempts").contains("I/O error").containsIgnoringCase("time");
    }

    // ---- transient failures heal ----

    @Test
    void aRateLimitIsWaitedOutAsRetryAfterSays() throws Exception {
        lunar.thenAnswer(new MockResponse.Builder().code(429).addHeader("Retry-After", "1").body("slow down").build());
        TaskOutcome outcome = run(task(), D);
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(lunar.paths("/time-series/v2")).hasSize(2);
        assertThat(sleeps).as("the wait Retry-After asked for").contains(Duration.ofSeconds(1));
        assertThat(decoded(SPOT)).isEqualTo(expectedSpot(window(lunar.series, D).get(29).galaxy(),
                window(lunar.series, D).get(29).rank(), expectedMean(window(lunar.series, D))));
        assertKeyNowhere(outcome);
    }

    @Test
    void aBurstOf5xxThenSuccessSucceeds() throws Exception {
        lunar.thenAnswer(json(503, "busy"), json(502, "bad gateway"));
        TaskOutcome outcome = run(task(), D);
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(lunar.paths("/time-series/v2")).hasSize(3);
        assertThat(decoded(HIST)).isEqualTo(expectedHistory(window(lunar.series, D)));
        assertThat(blobs.list("raw/lunarcrush/").stream().filter(k -> !k.endsWith(BlobRawStore.META_SUFFIX)))
                .as("the retried answers are kept raw too").hasSize(3);
    }
}
