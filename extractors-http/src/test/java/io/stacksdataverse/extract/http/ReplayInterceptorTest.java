package io.stacksdataverse.extract.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.raw.BlobRawStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayInterceptorTest {
    private static final LocalDate D = LocalDate.of(2024, 6, 1);

    @StartStop
    private final MockWebServer server = new MockWebServer();

    @TempDir
    Path temp;

    /** Every call the clients start, the replayed ones included: a replay must start none that reach the network. */
    private final List<String> connections = new ArrayList<>();

    private SourceHttpClient client() {
        OkHttpClient counting = SharedHttp.base().newBuilder().eventListener(new EventListener() {
            @Override
            public void connectionAcquired(Call call, okhttp3.Connection connection) {
                connections.add(call.request().url().toString());
            }
        }).build();
        return SourceHttpClient.builder("lunarcrush")
                .baseUrl(server.url("/api4/public").toString())
                .permitsPerSecond(1_000_000)
                .retryPolicy(new RetryPolicy(3, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(60)))
                .sleeper(d -> { })
                .baseClient(counting)
                .build();
    }

    @Test
    void aReplayServesTheRecordedBodyWithoutAnyNetworkCall() throws Exception {
        BlobRawStore raw = new BlobRawStore(new LocalBlobStore(temp.resolve("blobs")));
        server.enqueue(new MockResponse.Builder().code(502).body("bad gateway").build());
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"data\":{\"galaxy_score\":61.5}}").build());
        List<String> used = new ArrayList<>();
        SourceHttpClient.JsonResult live = client().getJson(new UsedKeys(raw.recorder(D), used), "/coins/STX/v1", Map.of());
        assertThat(raw.list("raw/")).hasSize(2);
        int requests = server.getRequestCount();
        int calls = connections.size();

        List<String> replayUsed = new ArrayList<>();
        SourceHttpClient.JsonResult replayed = client().getJson(new UsedKeys(raw.replayer(D), replayUsed), "/coins/STX/v1",
                Map.of());

        assertThat(replayed.http().body()).isEqualTo(live.http().body());
        assertThat(replayed.json()).isEqualTo(live.json());
        assertThat(replayed.http().rawKey()).isEqualTo(live.http().rawKey());
        assertThat(replayUsed).containsExactly(live.http().rawKey()).isEqualTo(used);
        assertThat(server.getRequestCount()).isEqualTo(requests);
        assertThat(connections).as("no connection was opened").hasSize(calls);
    }

    @Test
    void aRequestTheRawZoneHasNoAnswerForFailsAndSendsNothing() {
        BlobRawStore raw = new BlobRawStore(new LocalBlobStore(temp.resolve("blobs")));
        assertThatThrownBy(() -> client().getJson(raw.replayer(D), "/coins/BTC/v1", Map.of()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("lunarcrush: GET http://")
                .hasMessageContaining("the raw zone keeps no answer to this request");
        assertThat(server.getRequestCount()).isZero();
        assertThat(connections).isEmpty();
    }

    /** Passes everything to {@code inner}, noting the keys the client says it used. */
    private record UsedKeys(io.stacksdataverse.spi.RawRecorder inner, List<String> used)
            implements io.stacksdataverse.spi.RawRecorder {
        @Override
        public String record(io.stacksdataverse.spi.RawExchange exchange) throws java.io.IOException {
            return inner.record(exchange);
        }

        @Override
        public io.stacksdataverse.spi.RawBodyWriter open(io.stacksdataverse.spi.RawExchange head) throws java.io.IOException {
            return inner.open(head);
        }

        @Override
        public boolean replaying() {
            return inner.replaying();
        }

        @Override
        public java.util.Optional<io.stacksdataverse.spi.RawRecord> replay(String source, String endpoint, String method,
                                                                         String redactedUrl) throws java.io.IOException {
            return inner.replay(source, endpoint, method, redactedUrl);
        }

        @Override
        public void used(String rawKey) {
            used.add(rawKey);
        }
    }
}
