package io.stacksdataverse.extract.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.spi.RawExchange;
import io.stacksdataverse.spi.Secret;
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
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class SourceHttpClientTest {
    private static final String KEY = "k3y-abcdef-123456";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final List<Duration> sleeps = new ArrayList<>();
    private final List<RawExchange> raw = new ArrayList<>();

    private SourceHttpClient client(int maxAttempts) {
        return SourceHttpClient.builder("cryptocompare")
                .baseUrl(server.url("/").toString())
                .apiKey(new Secret(KEY))
                .authHeader("Authorization", k -> "Apikey " + k)
                .permitsPerSecond(1_000_000)
                .retryPolicy(new RetryPolicy(maxAttempts, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(60)))
                .sleeper(d -> {
                    if (d.toMillis() > 1) {
                        sleeps.add(d);
                    }
                })
                .random(new Random(1))
                .clock(Clock.fixed(Instant.parse("2024-06-02T00:00:00Z"), ZoneOffset.UTC))
                .build();
    }

    private String record(RawExchange exchange) {
        raw.add(exchange);
        return "raw/key/" + raw.size();
    }

    @Test
    void sendsTheKeyAsHeaderKeepsTheRawBodyAndParsesJson() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"Response\":\"Success\",\"Data\":[1,2]}").build());
        SourceHttpClient.JsonResult result = client(3).getJson(this::record, "/data/v2/histohour",
                Map.of("fsym", "STX", "tsym", "USD"));

        assertThat(result.json().path("Data").size()).isEqualTo(2);
        RecordedRequest request = server.takeRequest();
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Apikey " + KEY);
        assertThat(request.getUrl().toString()).doesNotContain(KEY);
        assertThat(raw).hasSize(1);
        assertThat(raw.get(0).source()).isEqualTo("cryptocompare");
        assertThat(raw.get(0).endpoint()).isEqualTo("data_v2_histohour");
        assertThat(new String(raw.get(0).body())).isEqualTo("{\"Response\":\"Success\",\"Data\":[1,2]}");
        assertThat(result.http().rawKey()).isEqualTo("raw/key/1");
    }

    @Test
    void retriesServerErrorsWithBackoffAndHonoursRetryAfter() throws Exception {
        server.enqueue(new MockResponse.Builder().code(503).body("busy").build());
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7").body("slow down").build());
        server.enqueue(new MockResponse.Builder().code(200).body("[]").build());

        SourceHttpClient.JsonResult result = client(4).getJson(this::record, "x", Map.of());

        assertThat(result.json().isArray()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(sleeps.get(1)).isEqualTo(Duration.ofSeconds(7));
        assertThat(raw).as("every answer is kept, the retried ones too").hasSize(3);
        assertThat(raw.stream().map(RawExchange::status)).containsExactly(503, 429, 200);
    }

    @Test
    void retryAfterAsHttpDateIsHonoured() {
        SourceHttpClient c = client(2);
        assertThat(c.parseRetryAfter("Sun, 02 Jun 2024 00:00:30 GMT")).contains(Duration.ofSeconds(30));
        assertThat(c.parseRetryAfter("garbage")).isEmpty();
    }

    @Test
    void givesUpAfterTheLastAttemptNamingSourceRequestAndStatus() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().code(500).body("internal error").build());
        }
        assertThatThrownBy(() -> client(3).get(this::record, "/data/v2/histohour", Map.of("api_key", KEY, "fsym", "STX")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("cryptocompare")
                .hasMessageContaining("GET http://")
                .hasMessageContaining("/data/v2/histohour?api_key=%3Credacted%3E&fsym=STX")
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("internal error")
                .hasMessageNotContaining(KEY);
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(raw).hasSize(3);
        assertThat(raw).allSatisfy(e -> assertThat(e.redactedUrl()).doesNotContain(KEY));
    }

    @Test
    void redirectsAreNotFollowedSoTheKeyStaysWithTheSource() throws Exception {
        try (MockWebServer elsewhere = new MockWebServer()) {
            elsewhere.start();
            server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", elsewhere.url("/steal").toString()).build());
            assertThatThrownBy(() -> client(3).get(this::record, "/extended", Map.of()))
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("HTTP 302 redirect to " + elsewhere.url("/steal"))
                    .hasMessageContaining("redirects are not followed");
            assertThat(elsewhere.getRequestCount()).isZero();
        }
    }

    @Test
    void clientErrorsAreNotRetried() {
        server.enqueue(new MockResponse.Builder().code(404).body("{\"error\":\"not found\"}").build());
        assertThatThrownBy(() -> client(3).get(this::record, "/extended/v1/tx/0x01", Map.of()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("HTTP 404")
                .satisfies(e -> assertThat(((SourceException) e).status()).hasValue(404));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void disconnectsAreRetriedThenReported() {
        for (int i = 0; i < 2; i++) {
            server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
        }
        assertThatThrownBy(() -> client(2).get(this::record, "/extended", Map.of()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("failed after 2 attempts")
                .hasMessageContaining("I/O error");
        assertThat(raw).isEmpty();
    }

    @Test
    void truncatedJsonIsMalformedAndStillKeptRaw() {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"Response\":\"Success\",\"Data\":[{\"time\":1").build());
        assertThatThrownBy(() -> client(3).getJson(this::record, "/data/v2/histohour", Map.of("fsym", "STX")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("cryptocompare: GET http://")
                .hasMessageContaining("fsym=STX")
                .hasMessageContaining("malformed JSON");
        assertThat(raw).hasSize(1);
    }

    @Test
    void trailingGarbageAndEmptyBodiesAreMalformed() {
        server.enqueue(new MockResponse.Builder().code(200).body("{} {}").build());
        server.enqueue(new MockResponse.Builder().code(200).body("").build());
        assertThatThrownBy(() -> client(1).getJson(this::record, "a", Map.of())).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> client(1).getJson(this::record, "a", Map.of())).hasMessageContaining("empty body");
    }

    @Test
    void retryAfterLongerThanWeWaitFailsAtOnce() {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3600").build());
        assertThatThrownBy(() -> client(3).get(this::record, "a", Map.of()))
                .hasMessageContaining("Retry-After of 3600 s");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void baseUrlWithAPathIsKept() {
        SourceHttpClient c = SourceHttpClient.builder("lunarcrush").baseUrl("https://lunarcrush.com/api4/public").build();
        assertThat(c.url("/coins/STX/v1", Map.of()).toString()).isEqualTo("https://lunarcrush.com/api4/public/coins/STX/v1");
    }

    @Test
    void rateLimiterSpacesRequests() throws Exception {
        List<Duration> waits = new ArrayList<>();
        RateLimiter limiter = new RateLimiter(10, waits::add);
        limiter.acquire();
        limiter.acquire();
        limiter.acquire();
        assertThat(waits).as("the first request starts at once, the next two wait").hasSizeBetween(2, 3);
        assertThat(waits.get(waits.size() - 1)).isGreaterThan(Duration.ofMillis(150));
    }

    /** A replaying recorder over the exchanges this test kept: the newest successful answer to the same URL. */
    private io.stacksdataverse.spi.RawRecorder replaying() {
        return new io.stacksdataverse.spi.RawRecorder() {
            @Override
            public String record(RawExchange exchange) {
                throw new AssertionError("a replay records nothing");
            }

            @Override
            public boolean replaying() {
                return true;
            }

            @Override
            public java.util.Optional<io.stacksdataverse.spi.RawRecord> replay(String source, String endpoint, String method,
                                                                             String redactedUrl) {
                java.util.Optional<io.stacksdataverse.spi.RawRecord> found = java.util.Optional.empty();
                for (int i = 0; i < raw.size(); i++) {
                    RawExchange e = raw.get(i);
                    if (e.source().equals(source) && e.endpoint().equals(endpoint) && e.method().equals(method)
                            && e.redactedUrl().equals(redactedUrl) && e.status() / 100 == 2) {
                        found = java.util.Optional.of(new io.stacksdataverse.spi.RawRecord("raw/key/" + (i + 1), e));
                    }
                }
                return found;
            }
        };
    }

    @Test
    void aReplayAnswersFromTheRawZoneAndSendsNothing() throws Exception {
        server.enqueue(new MockResponse.Builder().code(503).body("busy").build());
        server.enqueue(new MockResponse.Builder().code(200).body("{\"Response\":\"Success\",\"Data\":[7]}").build());
        SourceHttpClient.JsonResult live = client(3).getJson(this::record, "/data/v2/histoday", java.util.Map.of("fsym", "STX"));
        assertThat(raw).hasSize(2);
        int requests = server.getRequestCount();

        SourceHttpClient.JsonResult replayed = client(3).getJson(replaying(), "/data/v2/histoday", java.util.Map.of("fsym", "STX"));

        assertThat(replayed.json()).isEqualTo(live.json());
        assertThat(replayed.http().rawKey()).isEqualTo("raw/key/2");
        assertThat(server.getRequestCount()).as("no request went out").isEqualTo(requests);
        assertThatThrownBy(() -> client(3).getJson(replaying(), "/data/v2/histoday", java.util.Map.of("fsym", "BTC")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("cryptocompare: GET http://")
                .hasMessageContaining("/data/v2/histoday?fsym=BTC")
                .hasMessageContaining("the raw zone keeps no answer to this request");
        assertThat(server.getRequestCount()).isEqualTo(requests);
    }
}
