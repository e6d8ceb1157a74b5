package io.stacksdataverse.extract.stacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.extract.http.RetryPolicy;
import io.stacksdataverse.extract.http.SourceException;
import io.stacksdataverse.extract.http.SourceHttpClient;
import io.stacksdataverse.spi.RawRecorder;
import io.stacksdataverse.spi.Secret;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class StacksApiClientTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();

    private StacksApiClient client() {
        return new StacksApiClient(SourceHttpClient.builder("stacks-api")
                .baseUrl(server.url("/").toString())
                .apiKey(new Secret("hiro-key-123456"))
                .authHeader("x-api-key", k -> k)
                .permitsPerSecond(1_000_000)
                .retryPolicy(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .build());
    }

    @Test
    void readsTheDatabaseTipFromTheRecordedStatusPayload() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200)
                .body(StacksApiStandIn.fixtureText("/fixtures/stacks-api/extended-status.json")).build());

        ApiStatus status = client().status(RawRecorder.discarding());

        assertThat(status.status()).isEqualTo("ready");
        assertThat(status.serverVersion()).startsWith("stacks-blockchain-api v8.3.0");
        assertThat(status.chainTip()).contains(new ChainTip(556946L,
                "0x3b6c7e1b0e7d2a2bd56c6b1f1d3f0c5b1c1a6f3e8f7b3c4d2e1f0a9b8c7d6e5f",
                "0x70526983b920b31d5e0d65750033a4dc2f328f31a3ffeb1f8780bfb164d50502", 882262L));
        assertThat(server.takeRequest().getHeaders().get("x-api-key")).isEqualTo("hiro-key-123456");
    }

    @Test
    void anEmptyDatabaseHasNoTip() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"server_version\":\"v8\",\"status\":\"ready\"}").build());
        assertThat(client().status(RawRecorder.discarding()).chainTip()).isEmpty();
    }

    @Test
    void aNonNumericHeightIsMalformed() {
        server.enqueue(new MockResponse.Builder().code(200)
                .body("{\"status\":\"ready\",\"chain_tip\":{\"block_height\":\"12a\",\"burn_block_height\":1}}").build());
        assertThatThrownBy(() -> client().status(RawRecorder.discarding()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("stacks-api: GET http://")
                .hasMessageContaining("/extended")
                .hasMessageContaining("chain_tip.block_height is not a non-negative integer");
    }

    @Test
    void notFoundIsReportedWithTheBody() {
        server.setDispatcher(new StacksApiStandIn(1));
        assertThatThrownBy(() -> client().http().get(RawRecorder.discarding(), "/extended/v1/tx/0x00", java.util.Map.of()))
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("No matching transaction found");
    }
}
