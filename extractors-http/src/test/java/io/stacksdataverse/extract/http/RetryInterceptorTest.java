package io.stacksdataverse.extract.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.spi.Backoff;
import io.stacksdataverse.spi.RawExchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class RetryInterceptorTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final List<Duration> sleeps = new ArrayList<>();
    private final List<RawExchange> raw = new ArrayList<>();

    private SourceHttpClient.Builder client(int maxAttempts) {
        return SourceHttpClient.builder("cryptocompare")
                .baseUrl(server.url("/").toString())
                .permitsPerSecond(1_000_000)
                .retryPolicy(new RetryPolicy(maxAttempts, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(60)))
                .sleeper(d -> {
                    if (d.toMillis() > 1) {
                        sleeps.add(d);
                    }
                })
                .random(new Random(1))
                .clock(Clock.fixed(Instant.parse("2024-06-02T00:00:00Z"), ZoneOffset.UTC));
    }

    private String record(RawExchange exchange) {
        raw.add(exchange);
        return "raw/key/" + raw.size();
    }

    @Test
    void a429WithRetryAfterInSecondsIsWaitedForAndRetried() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3").body("slow down").build());
        server.enqueue(new MockResponse.Builder().code(200).body("{\"ok\":true}").build());

        HttpResult result = client(3).build().get(this::record, "/data", Map.of());

        assertThat(new String(result.body())).isEqualTo("{\"ok\":true}");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
        assertThat(raw.stream().map(RawExchange::status)).containsExactly(429, 200);
        assertThat(result.rawKey()).isEqualTo("raw/key/2");
    }

    @Test
    void a429WithRetryAfterAsAnHttpDateIsWaitedForUntilThatDate() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "Sun, 02 Jun 2024 00:00:12 GMT").build());
        server.enqueue(new MockResponse.Builder().code(200).body("[]").build());

        client(2).build().get(this::record, "/data", Map.of());

        assertThat(sleeps).containsExactly(Duration.ofSeconds(12));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void withoutRetryAfterTheWaitsAreThoseOfTheOneBackoff() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().code(503).body("busy").build());
        }
        server.enqueue(new MockResponse.Builder().code(200).body("[]").build());

        client(4).build().get(this::record, "/data", Map.of());

        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), Backoff.Jitter.EQUAL);
        Random same = new Random(1);
        assertThat(sleeps).containsExactly(backoff.delayAfter(1, same.nextDouble()), backoff.delayAfter(2, same.nextDouble()),
                backoff.delayAfter(3, same.nextDouble()));
    }

    @Test
    void aThrottledAnswerWithStatus200IsRetriedAndTheLaterAnswerReturned() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"Response\":\"Error\",\"Type\":99}").build());
        server.enqueue(new MockResponse.Builder().code(200).body("{\"Response\":\"Success\"}").build());

        HttpResult result = client(3).retryableAnswer(b -> new String(b).contains("\"Type\":99")).build()
                .get(this::record, "/data", Map.of());

        assertThat(new String(result.body())).isEqualTo("{\"Response\":\"Success\"}");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(raw).hasSize(2);
    }

    @Test
    void aBodyThatBreaksOffIsRetriedAndOnlyTheWholeAnswerIsKept() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(new Buffer().write(new byte[512 * 1024]))
                .onResponseBody(new SocketEffect.CloseSocket()).build());
        server.enqueue(new MockResponse.Builder().code(200).body("[1]").build());

        HttpResult result = client(2).build().get(this::record, "/data", Map.of());

        assertThat(new String(result.body())).isEqualTo("[1]");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(raw).as("the broken answer was never handed to the raw zone").hasSize(1);
        assertThat(new String(raw.get(0).body())).isEqualTo("[1]");
        assertThat(sleeps).hasSize(1);
    }
}
