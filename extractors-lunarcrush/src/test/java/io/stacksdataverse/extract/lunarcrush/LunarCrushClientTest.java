package io.stacksdataverse.extract.lunarcrush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stacksdataverse.extract.http.RetryPolicy;
import io.stacksdataverse.extract.http.SourceException;
import io.stacksdataverse.extract.http.SourceHttpClient;
import io.stacksdataverse.spi.LayeredConfig;
import io.stacksdataverse.spi.RawExchange;
import io.stacksdataverse.spi.RawRecorder;
import io.stacksdataverse.spi.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class LunarCrushClientTest {
    private static final String KEY = "lc-key-abcdef";
    private static final long START = 1_747_353_600L;
    private static final long END = 1_749_945_600L + 86_400L;

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private static String fixture(String name) throws IOException {
        try (InputStream in = LunarCrushClientTest.class.getResourceAsStream("/fixtures/lunarcrush/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private LunarCrushClient client() {
        return new LunarCrushClient(SourceHttpClient.builder("lunarcrush")
                .baseUrl(server.url("/api4/public").toString())
                .apiKey(new Secret(KEY))
                .authHeader("Authorization", k -> "Bearer " + k)
                .permitsPerSecond(1_000_000)
                .retryPolicy(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .build());
    }

    private void answer(String body) {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build());
    }

    /** The fixture's one point with {@code replacement} in place of {@code "galaxy_score": 65}. */
    private static String seriesWithGalaxy(String replacement) throws IOException {
        String fixture = fixture("coin-time-series-v2.json");
        assertThat(fixture).contains("\"galaxy_score\": 65,");
        return fixture.replace("\"galaxy_score\": 65,", replacement);
    }

    private CoinTimeSeries series() throws SourceException {
        return client().coinTimeSeries(RawRecorder.discarding(), "STX", "day", START, END);
    }

    @Test
    void readsTheRecordedCoinPayloadWithABearerKey() throws Exception {
        answer(fixture("coin-v1.json"));
        JsonNode coin = client().coin(RawRecorder.discarding(), "STX");
        assertThat(coin.path("symbol").asText()).isEqualTo("ETH");
        assertThat(coin.path("galaxy_score").asDouble()).isEqualTo(65.8);
        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api4/public/coins/STX/v1");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.getUrl().toString()).doesNotContain(KEY);
    }

    @Test
    void readsTheRecordedCoinMetricsExactly() throws Exception {
        answer(fixture("coin-v1.json"));
        CoinMetrics metrics = client().coinMetrics(RawRecorder.discarding(), "STX");
        assertThat(metrics.galaxyScore()).isEqualTo(new BigDecimal("65.8"));
        assertThat(metrics.altRank()).isEqualTo(476L);
        assertThat(metrics.http().request()).startsWith("GET http://").endsWith("/api4/public/coins/STX/v1");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void readsTheRecordedTimeSeriesPayload() throws Exception {
        answer(fixture("coin-time-series-v2.json"));
        List<RawExchange> kept = new ArrayList<>();
        CoinTimeSeries series = client().coinTimeSeries(exchange -> {
            kept.add(exchange);
            return "raw-key";
        }, "STX", "day", START, END);
        assertThat(series.points()).containsExactly(new CoinTimePoint(1_749_945_600L, new BigDecimal("65"), 332L));
        assertThat(series.request()).contains("/api4/public/coins/STX/time-series/v2?bucket=day&end=" + END + "&start=" + START);

        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api4/public/coins/STX/time-series/v2");
        assertThat(request.getUrl().queryParameter("bucket")).isEqualTo("day");
        assertThat(request.getUrl().queryParameter("start")).isEqualTo(Long.toString(START));
        assertThat(request.getUrl().queryParameter("end")).isEqualTo(Long.toString(END));
        assertThat(request.getUrl().queryParameter("interval")).isNull();
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.getUrl().toString()).as("the key travels only in the header").doesNotContain(KEY);
        assertThat(kept).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("lunarcrush");
            assertThat(e.redactedUrl()).doesNotContain(KEY);
            assertThat(new String(e.body(), StandardCharsets.UTF_8)).isEqualTo(fixture("coin-time-series-v2.json"));
        });
    }

    @Test
    void keepsAnAbsentOrNullMetricAsNullAndAWholeDecimalRank() throws Exception {
        answer(seriesWithGalaxy("\"galaxy_score\": null,").replace("\"alt_rank\": 332,", "\"alt_rank\": 332.0,"));
        assertThat(series().points()).containsExactly(new CoinTimePoint(1_749_945_600L, null, 332L));

        answer(seriesWithGalaxy("\"galaxy_score\": 65.123456789012345678901,").replace("\"alt_rank\": 332,", ""));
        CoinTimePoint point = series().points().get(0);
        assertThat(point.galaxyScore().toPlainString()).as("the source's decimal, not a double").isEqualTo("65.123456789012345678901");
        assertThat(point.altRank()).isNull();
    }

    @Test
    void anErrorBodyNamesTheRequest() throws Exception {
        answer(fixture("error-searches-delete.json"));
        assertThatThrownBy(() -> client().coin(RawRecorder.discarding(), "NOPE"))
                .hasMessageContaining("lunarcrush: GET http://")
                .hasMessageContaining("/api4/public/coins/NOPE/v1")
                .hasMessageContaining("That item does not exist")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void anErrorBodyOfTheTimeSeriesNamesTheRequest() throws Exception {
        answer(fixture("error-searches-delete.json"));
        assertThatThrownBy(this::series).isInstanceOf(SourceException.class)
                .hasMessageContaining("lunarcrush: GET http://")
                .hasMessageContaining("/api4/public/coins/STX/time-series/v2?bucket=day")
                .hasMessageContaining("LunarCrush answered an error: Error: That item does not exist")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void rejectsAMissingOrNonArrayData() throws Exception {
        answer("{\"config\": {}}");
        assertThatThrownBy(this::series).hasMessageContaining("/coins/STX/time-series/v2")
                .hasMessageContaining("expected 'data' to be an array, got no 'data'");
        answer("{\"data\": {\"time\": 1749945600}}");
        assertThatThrownBy(this::series).hasMessageContaining("expected 'data' to be an array, got {\"time\":1749945600}");
        answer("{\"data\": []}");
        assertThat(series().points()).as("an empty series is a valid answer; its user decides").isEmpty();
    }

    @Test
    void rejectsAPointWithoutAnIntegerTime() throws Exception {
        String fixture = fixture("coin-time-series-v2.json");
        answer(fixture.replace("\"time\": 1749945600,", ""));
        assertThatThrownBy(this::series).hasMessageContaining("data[0] has no integer 'time' (got nothing)");
        answer(fixture.replace("\"time\": 1749945600,", "\"time\": \"1749945600\","));
        assertThatThrownBy(this::series).hasMessageContaining("data[0] has no integer 'time' (got \"1749945600\")");
        answer(fixture.replace("\"time\": 1749945600,", "\"time\": 1749945600.5,"));
        assertThatThrownBy(this::series).hasMessageContaining("data[0] has no integer 'time' (got 1749945600.5)");
        answer("{\"data\": [42]}");
        assertThatThrownBy(this::series).hasMessageContaining("data[0] is not an object: 42");
    }

    @Test
    void rejectsAMetricOfTheWrongType() throws Exception {
        answer(seriesWithGalaxy("\"galaxy_score\": \"65\","));
        assertThatThrownBy(this::series).isInstanceOf(SourceException.class)
                .hasMessageContaining("lunarcrush: GET http://")
                .hasMessageContaining("data[0] (time 1749945600): 'galaxy_score' is not a number: \"65\"");
        String fixture = fixture("coin-time-series-v2.json");
        answer(fixture.replace("\"alt_rank\": 332,", "\"alt_rank\": true,"));
        assertThatThrownBy(this::series).hasMessageContaining("'alt_rank' is not a number: true");
        answer(fixture.replace("\"alt_rank\": 332,", "\"alt_rank\": 332.5,"));
        assertThatThrownBy(this::series).hasMessageContaining("'alt_rank' is not a whole number: 332.5");
        answer(fixture("coin-v1.json").replace("\"alt_rank\": 476,", "\"alt_rank\": \"476\","));
        assertThatThrownBy(() -> client().coinMetrics(RawRecorder.discarding(), "STX"))
                .hasMessageContaining("/api4/public/coins/STX/v1")
                .hasMessageContaining("data: 'alt_rank' is not a number: \"476\"");
    }

    @Test
    void rejectsARepeatedTime() throws Exception {
        answer("{\"data\": [{\"time\": 1749945600, \"alt_rank\": 1}, {\"time\": 1749945600, \"alt_rank\": 2}]}");
        assertThatThrownBy(this::series).hasMessageContaining("data[1] repeats time 1749945600");
    }

    @Test
    void isUnconfiguredWithoutAKey() {
        assertThat(LunarCrushClient.fromConfig(LayeredConfig.ofMap(Map.of())).isConfigured()).isFalse();
        assertThat(LunarCrushClient.fromConfig(LayeredConfig.ofMap(Map.of("LUNARCRUSH_API_KEY", "abcd1234"))).isConfigured()).isTrue();
    }
}
