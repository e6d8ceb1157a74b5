package io.stacksdataverse.extract.lunarcrush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stacksdataverse.extract.http.RetryPolicy;
import io.stacksdataverse.extract.http.SourceHttpClient;
import io.stacksdataverse.spi.LayeredConfig;
import io.stacksdataverse.spi.RawRecorder;
import io.stacksdataverse.spi.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class LunarCrushClientTest {
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
                .apiKey(new Secret("lc-key-abcdef"))
                .authHeader("Authorization", k -> "Bearer " + k)
                .permitsPerSecond(1_000_000)
                .retryPolicy(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .build());
    }

    @Test
    void readsTheRecordedCoinPayloadWithABearerKey() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(fixture("coin-v1.json")).build());
        JsonNode coin = client().coin(RawRecorder.discarding(), "STX");
        assertThat(coin.path("symbol").asText()).isEqualTo("ETH");
        assertThat(coin.path("galaxy_score").asDouble()).isEqualTo(65.8);
        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api4/public/coins/STX/v1");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer lc-key-abcdef");
    }

    @Test
    void readsTheRecordedTimeSeriesPayload() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(fixture("coin-time-series-v2.json")).build());
        JsonNode data = client().coinTimeSeries(RawRecorder.discarding(), "STX", "hour", "1w");
        assertThat(data.isArray()).isTrue();
        assertThat(data.get(0).path("time").asLong()).isEqualTo(1749945600L);
        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().queryParameter("bucket")).isEqualTo("hour");
        assertThat(request.getUrl().queryParameter("interval")).isEqualTo("1w");
    }

    @Test
    void anErrorBodyNamesTheRequest() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(fixture("error-searches-delete.json")).build());
        assertThatThrownBy(() -> client().coin(RawRecorder.discarding(), "NOPE"))
                .hasMessageContaining("lunarcrush: GET http://")
                .hasMessageContaining("/api4/public/coins/NOPE/v1")
                .hasMessageContaining("That item does not exist")
                .hasMessageNotContaining("lc-key-abcdef");
    }

    @Test
    void isUnconfiguredWithoutAKey() {
        assertThat(LunarCrushClient.fromConfig(LayeredConfig.ofMap(Map.of())).isConfigured()).isFalse();
        assertThat(LunarCrushClient.fromConfig(LayeredConfig.ofMap(Map.of("LUNARCRUSH_API_KEY", "abcd1234"))).isConfigured()).isTrue();
    }
}
