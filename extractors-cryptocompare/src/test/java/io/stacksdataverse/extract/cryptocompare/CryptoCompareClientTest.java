package io.stacksdataverse.extract.cryptocompare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.extract.http.RetryPolicy;
import io.stacksdataverse.extract.http.SourceException;
import io.stacksdataverse.extract.http.SourceHttpClient;
import io.stacksdataverse.spi.RawExchange;
import io.stacksdataverse.spi.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class CryptoCompareClientTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();
    private final List<RawExchange> raw = new ArrayList<>();

    private CryptoCompareClient client() {
        return new CryptoCompareClient(SourceHttpClient.builder("cryptocompare")
                .baseUrl(server.url("/").toString())
                .apiKey(new Secret("cc-test-key-0001"))
                .authHeader("Authorization", k -> "Apikey " + k)
                .retryableAnswer(CryptoCompareClient::isRateLimited)
                .permitsPerSecond(1_000_000)
                .retryPolicy(new RetryPolicy(2, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .build());
    }

    private String keep(RawExchange e) {
        raw.add(e);
        return "raw/" + raw.size();
    }

    @Test
    void parsesTheRecordedV2HistodayPayload() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200)
                .body(CryptoCompareStandIn.fixtureText("/fixtures/cryptocompare/histoday.json")).build());

        List<Candle> candles = client().histodayPage(this::keep, "BTC", "USD", 1654732800L, 31);

        assertThat(candles).hasSize(31);
        assertThat(candles.get(0)).isEqualTo(new Candle(1652140800L, 30076.9, 32625.41, 29836.19, 31013.12, 103840.6, 3244062170.09));
        assertThat(candles.get(30).time()).isEqualTo(1654732800L);
        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/data/v2/histoday");
        assertThat(request.getUrl().queryParameter("limit")).isEqualTo("30");
        assertThat(request.getUrl().queryParameter("toTs")).isEqualTo("1654732800");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Apikey cc-test-key-0001");
        assertThat(raw).hasSize(1);
    }

    @Test
    void parsesTheRecordedLegacyV1HistohourPayload() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200)
                .body(CryptoCompareStandIn.fixtureText("/fixtures/cryptocompare/histohour-v1-legacy.json")).build());

        List<Candle> candles = client().histohourPage(this::keep, "BTC", "USD", 1502481600L, 169);

        assertThat(candles).hasSize(169);
        assertThat(candles.get(0).time()).isEqualTo(1501876800L);
        assertThat(candles.get(0).close()).isEqualTo(2858.86);
        assertThat(candles).isSortedAccordingTo(java.util.Comparator.comparingLong(Candle::time));
    }

    @Test
    void anErrorAnsweredWithHttp200NamesTheRequestAndTheMessage() {
        server.enqueue(new MockResponse.Builder().code(200)
                .body(CryptoCompareStandIn.fixtureText("/fixtures/cryptocompare/error-no-data.json")).build());

        assertThatThrownBy(() -> client().histohourPage(this::keep, "STX", "USD", 1717200000L, 24))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("cryptocompare: GET http://")
                .hasMessageContaining("/data/v2/histohour?fsym=STX&limit=23&toTs=1717200000&tsym=USD")
                .hasMessageContaining("There is no data for any of the toSymbols USD")
                .hasMessageNotContaining("cc-test-key-0001");
        assertThat(raw).as("the error body is kept raw too").hasSize(1);
    }

    @Test
    void aCandleWithoutPriceIsMalformed() {
        server.enqueue(new MockResponse.Builder().code(200).body(
                "{\"Response\":\"Success\",\"Data\":{\"Data\":[{\"time\":1717200000,\"open\":1,\"high\":1,\"low\":1,\"volumefrom\":0,\"volumeto\":0}]}}").build());
        assertThatThrownBy(() -> client().histohourPage(this::keep, "STX", "USD", 1717200000L, 1))
                .hasMessageContaining("has no numeric 'close'");
    }

    @Test
    void pagesNinetyDaysOfHoursInTwoCallsOfAtMostTwoThousandHours() throws Exception {
        CryptoCompareStandIn standIn = new CryptoCompareStandIn().now(() -> Instant.parse("2024-06-02T00:05:00Z"));
        server.setDispatcher(standIn);
        long to = Instant.parse("2024-06-01T23:00:00Z").getEpochSecond();
        long from = Instant.parse("2024-03-04T00:00:00Z").getEpochSecond();

        List<Candle> candles = client().hourlyRange(this::keep, "STX", "USD", from, to);

        assertThat(candles).hasSize(90 * 24);
        assertThat(candles.get(0).time()).isEqualTo(from);
        assertThat(candles.get(candles.size() - 1).time()).isEqualTo(to);
        assertThat(standIn.requests()).hasSize(2);
        assertThat(standIn.requests().get(0).getUrl().queryParameter("limit")).isEqualTo("1999");
        assertThat(standIn.requests().get(1).getUrl().queryParameter("limit")).isEqualTo("159");
        assertThat(standIn.requests().get(1).getUrl().queryParameter("toTs")).isEqualTo(Long.toString(to - 2000 * 3600L));
        assertThat(candles.get(100).close()).isEqualTo(standIn.closeAt(candles.get(100).time(), 3600));
    }

    @Test
    void parsesTheRecordedPricemultifullPayload() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200)
                .body(CryptoCompareStandIn.fixtureText("/fixtures/cryptocompare/pricemultifull.json")).build());

        java.util.Map<String, java.util.Map<String, SpotQuote>> quotes = client().spotQuotes(this::keep, List.of("BTC"), List.of("USD", "EUR"));

        assertThat(quotes.get("BTC").get("USD")).isEqualTo(
                new SpotQuote("BTC", "USD", 59692.06, 1114993181949.22, 13203939884.314514, 18679087, 1618082612));
        assertThat(quotes.get("BTC").get("EUR").price()).isPositive();
        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/data/pricemultifull");
        assertThat(request.getUrl().queryParameter("fsyms")).isEqualTo("BTC");
        assertThat(request.getUrl().queryParameter("tsyms")).isEqualTo("USD,EUR");
        assertThat(request.getUrl().toString()).doesNotContain("cc-test-key-0001");
    }

    @Test
    void aPairMissingFromPricemultifullIsMalformed() {
        server.enqueue(new MockResponse.Builder().code(200)
                .body(CryptoCompareStandIn.fixtureText("/fixtures/cryptocompare/pricemultifull.json")).build());

        assertThatThrownBy(() -> client().spotQuotes(this::keep, List.of("BTC", "STX"), List.of("USD")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("cryptocompare: GET ")
                .hasMessageContaining("/data/pricemultifull?fsyms=BTC%2CSTX&tsyms=USD")
                .hasMessageContaining("no RAW.STX.USD");
    }

    @Test
    void pricemultifullErrorsAnsweredWithHttp200FailWithTheMessage() {
        server.enqueue(new MockResponse.Builder().code(200)
                .body(CryptoCompareStandIn.fixtureText("/fixtures/cryptocompare/error-no-data.json")).build());

        assertThatThrownBy(() -> client().spotQuotes(this::keep, List.of("STX"), List.of("USD")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("Response=Error: There is no data for any of the toSymbols USD");
    }

    @Test
    void theRateLimitHoldsAcrossConcurrentCallers() throws Exception {
        List<Long> arrivals = java.util.Collections.synchronizedList(new ArrayList<>());
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                arrivals.add(System.nanoTime());
                return new MockResponse.Builder().code(200)
                        .body(CryptoCompareStandIn.fixtureText("/fixtures/cryptocompare/histoday.json")).build();
            }
        });
        CryptoCompareClient limited = new CryptoCompareClient(SourceHttpClient.builder("cryptocompare")
                .baseUrl(server.url("/").toString()).permitsPerSecond(20)
                .retryPolicy(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO)).build());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                calls.add(pool.submit(() -> limited.histodayPage(e -> "", "BTC", "USD", 1654732800L, 31)));
            }
            for (java.util.concurrent.Future<?> f : calls) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<Long> sorted = new ArrayList<>(arrivals);
        java.util.Collections.sort(sorted);
        assertThat(sorted).hasSize(12);
        // 20 per second from four threads at once: request starts are at least 50 ms apart, so the
        // twelve arrive over at least 11 intervals (arrival jitter only lengthens a gap on average).
        assertThat(Duration.ofNanos(sorted.get(11) - sorted.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aRateLimitAnsweredWithHttp200IsRetriedAndOtherErrorsAreNot() throws Exception {
        String rateLimited = "{\"Response\":\"Error\",\"Message\":\"You are over your rate limit please upgrade your account!\","
                + "\"HasWarning\":false,\"Type\":99,\"RateLimit\":{\"calls_made\":{\"second\":21}},\"Data\":{}}";
        server.enqueue(new MockResponse.Builder().code(200).body(rateLimited).build());
        server.enqueue(new MockResponse.Builder().code(200)
                .body(CryptoCompareStandIn.fixtureText("/fixtures/cryptocompare/histoday.json")).build());

        List<Candle> candles = client().histodayPage(this::keep, "BTC", "USD", 1654732800L, 31);

        assertThat(candles).hasSize(31);
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(raw).as("the throttled answer is kept too").hasSize(2);
        assertThat(CryptoCompareClient.isRateLimited(rateLimited.getBytes())).isTrue();
        assertThat(CryptoCompareClient.isRateLimited(CryptoCompareStandIn.fixtureText("/fixtures/cryptocompare/error-no-data.json")
                .getBytes())).isFalse();
        assertThat(CryptoCompareClient.isRateLimited(CryptoCompareStandIn.fixtureText("/fixtures/cryptocompare/histoday.json")
                .getBytes())).isFalse();
    }
}
