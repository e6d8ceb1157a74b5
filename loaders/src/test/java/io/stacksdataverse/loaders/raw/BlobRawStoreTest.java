package io.stacksdataverse.loaders.raw;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.paths.RawKeys;
import io.stacksdataverse.spi.RawExchange;
import io.stacksdataverse.spi.Visibility;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobRawStoreTest {
    static final LocalDate D = LocalDate.of(2024, 3, 9);
    static final Instant RECEIVED = Instant.parse("2024-03-10T00:05:12.345Z");
    static final String HASHED_KEY = "raw/cryptocompare/data_v2_histohour/2024-03-09/[0-9a-f]{16}-[0-9a-f]{16}\\.(json|txt)\\.gz";

    @TempDir
    java.nio.file.Path temp;
    LocalBlobStore blobs;
    BlobRawStore raw;

    @BeforeEach
    void createStore() {
        blobs = new LocalBlobStore(temp.resolve("blobs"));
        raw = new BlobRawStore(blobs);
    }

    static RawExchange exchange(String url, String contentType, String body) {
        return new RawExchange("cryptocompare", "data_v2_histohour", "GET", url, 200, contentType,
                body.getBytes(StandardCharsets.UTF_8), RECEIVED);
    }

    @Test
    void storesTheBodyVerbatimAndGzipped() throws IOException {
        String body = "{\"Response\":\"Success\",\"Data\":{\"Data\":[{\"time\":1709942400,\"close\":2.71}]}}\n";
        String key = raw.store(D, exchange("https://min-api.cryptocompare.com/data/v2/histohour?fsym=STX", "application/json; charset=UTF-8", body));

        assertThat(key).matches(HASHED_KEY).endsWith(".json.gz");
        assertThat(raw.read(key)).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo(body));
        byte[] stored = blobs.get(key).orElseThrow();
        assertThat(stored[0] & 0xff).isEqualTo(0x1f); // gzip magic
        assertThat(stored[1] & 0xff).isEqualTo(0x8b);
        assertThat(raw.read("raw/cryptocompare/data_v2_histohour/2024-03-09/0000000000000000-0000000000000000.json.gz")).isEmpty();
    }

    @Test
    void extensionIsJsonByContentTypeOrByTheFirstCharacter() throws IOException {
        assertThat(raw.store(D, exchange("https://x/a", "", "  \n[1,2]"))).endsWith(".json.gz");
        assertThat(raw.store(D, exchange("https://x/b", "text/plain", "{\"a\":1}"))).endsWith(".json.gz");
        assertThat(raw.store(D, exchange("https://x/c", "application/problem+json", "oops"))).endsWith(".json.gz");
        assertThat(raw.store(D, exchange("https://x/d", "text/html", "<html></html>"))).endsWith(".txt.gz");
        assertThat(raw.store(D, exchange("https://x/e", "", ""))).endsWith(".txt.gz");
    }

    @Test
    void sameExchangeTwiceKeepsOneBodyAndDifferentBodyAddsAKey() throws IOException {
        String url = "https://min-api.cryptocompare.com/data/v2/histohour?fsym=STX";
        String first = raw.store(D, exchange(url, "application/json", "{\"close\":1}"));
        java.nio.file.Path file = blobs.path(first);
        java.nio.file.attribute.FileTime written = java.nio.file.Files.getLastModifiedTime(file);
        String again = raw.store(D, new RawExchange("cryptocompare", "data_v2_histohour", "GET", url, 200, "application/json",
                "{\"close\":1}".getBytes(StandardCharsets.UTF_8), RECEIVED.plusSeconds(1800)));
        String changed = raw.store(D, exchange(url, "application/json", "{\"close\":2}"));

        assertThat(again).isEqualTo(first);
        assertThat(java.nio.file.Files.getLastModifiedTime(file)).isEqualTo(written);
        assertThat(changed).isNotEqualTo(first);
        assertThat(changed.substring(0, changed.lastIndexOf('-'))).isEqualTo(first.substring(0, first.lastIndexOf('-'))); // same request hash
        assertThat(raw.list(RawKeys.prefix("cryptocompare", "data_v2_histohour", D))).containsExactlyElementsOf(
                java.util.stream.Stream.of(first, changed).sorted().toList());
        // the metadata of the first write is kept, not replaced by the second receipt
        assertThat(new ObjectMapper().readTree(blobs.get(first + BlobRawStore.META_SUFFIX).orElseThrow()).get("received_at").asText())
                .isEqualTo(RECEIVED.toString());
    }

    @Test
    void metadataDescribesTheExchangeWithTheRedactedUrl() throws IOException {
        String body = "{\"ok\":true}";
        String key = raw.store(D, exchange("https://api.example/v1?api_key=<redacted>&limit=2000", "application/json", body));

        JsonNode meta = new ObjectMapper().readTree(blobs.get(key + BlobRawStore.META_SUFFIX).orElseThrow());
        assertThat(meta.get("source").asText()).isEqualTo("cryptocompare");
        assertThat(meta.get("endpoint").asText()).isEqualTo("data_v2_histohour");
        assertThat(meta.get("execution_date").asText()).isEqualTo("2024-03-09");
        assertThat(meta.get("method").asText()).isEqualTo("GET");
        assertThat(meta.get("url").asText()).isEqualTo("https://api.example/v1?api_key=<redacted>&limit=2000");
        assertThat(meta.get("status").asInt()).isEqualTo(200);
        assertThat(meta.get("content_type").asText()).isEqualTo("application/json");
        assertThat(meta.get("received_at").asText()).isEqualTo("2024-03-10T00:05:12.345Z");
        assertThat(meta.get("body_sha256").asText()).isEqualTo(BlobRawStore.sha256Hex(body.getBytes(StandardCharsets.UTF_8))).hasSize(64);
        assertThat(meta.get("body_bytes").asInt()).isEqualTo(body.length());
        assertThat(key).contains(meta.get("body_sha256").asText().substring(0, 16));
    }

    @Test
    void listReturnsOnlyBodyKeysOfTheRawZone() throws IOException {
        String a = raw.store(D, exchange("https://x/a", "application/json", "{}"));
        String b = raw.store(D, exchange("https://x/b", "text/plain", "hello"));
        blobs.put("daily_txs/latest.json.gz", new byte[] {1}, Visibility.PUBLIC); // a dataset beside the raw zone

        assertThat(blobs.list("raw/")).hasSize(4);
        assertThat(raw.list("raw/")).containsExactlyElementsOf(java.util.stream.Stream.of(a, b).sorted().toList());
        assertThat(raw.list("")).containsExactlyElementsOf(java.util.stream.Stream.of(a, b).sorted().toList());
        assertThat(raw.list(RawKeys.prefix("lunarcrush"))).isEmpty();
    }

    @Test
    void keysCarryOnlyHashesNeverTheUrl() throws IOException {
        String key = raw.store(D, exchange("https://min-api.cryptocompare.com/data/v2/histohour?fsym=STX&api_key=<redacted>",
                "application/json", "{\"a\":1}"));

        assertThat(key).matches(HASHED_KEY).doesNotContain("api_key").doesNotContain("redacted").doesNotContain("fsym");
        for (String stored : blobs.list("")) {
            assertThat(stored).doesNotContain("api_key").doesNotContain("redacted");
        }
    }

    @Test
    void gzipIsDeterministic() throws IOException {
        byte[] body = "same bytes".getBytes(StandardCharsets.UTF_8);
        assertThat(BlobRawStore.gzip(body)).isEqualTo(BlobRawStore.gzip(body));
    }

    @Test
    void aReplayFindsTheNewestSuccessfulAnswerToTheSameRequestUnderTheSameDate() throws IOException {
        String url = "https://min-api.cryptocompare.com/data/v2/histohour?fsym=STX";
        RawExchange failed = new RawExchange("cryptocompare", "data_v2_histohour", "GET", url, 503, "text/plain",
                "busy".getBytes(StandardCharsets.UTF_8), RECEIVED);
        RawExchange first = new RawExchange("cryptocompare", "data_v2_histohour", "GET", url, 200, "application/json",
                "{\"v\":1}".getBytes(StandardCharsets.UTF_8), RECEIVED.plusSeconds(1));
        RawExchange second = new RawExchange("cryptocompare", "data_v2_histohour", "GET", url, 200, "application/json",
                "{\"v\":2}".getBytes(StandardCharsets.UTF_8), RECEIVED.plusSeconds(60));
        RawExchange later503 = new RawExchange("cryptocompare", "data_v2_histohour", "GET", url, 503, "text/plain",
                "down".getBytes(StandardCharsets.UTF_8), RECEIVED.plusSeconds(120));
        raw.store(D, failed);
        raw.store(D, first);
        String secondKey = raw.store(D, second);
        raw.store(D, later503);
        raw.store(D, exchange(url + "&tsym=EUR", "application/json", "{\"other\":true}"));
        raw.store(D.plusDays(1), exchange(url, "application/json", "{\"next\":true}"));

        assertThat(raw.answers(D, "cryptocompare", "data_v2_histohour", "GET", url))
                .extracting(r -> r.exchange().status()).containsExactly(503, 200, 200, 503);
        var replayed = raw.replayer(D).replay("cryptocompare", "data_v2_histohour", "GET", url).orElseThrow();
        assertThat(replayed.key()).isEqualTo(secondKey);
        assertThat(new String(replayed.exchange().body(), StandardCharsets.UTF_8)).isEqualTo("{\"v\":2}");
        assertThat(replayed.exchange().receivedAt()).isEqualTo(RECEIVED.plusSeconds(60));
        assertThat(raw.replayer(D).replaying()).isTrue();
        assertThat(raw.replayer(D).replay("cryptocompare", "data_v2_histohour", "GET", url + "&x=1")).isEmpty();
        assertThat(raw.replayer(D.minusDays(1)).replay("cryptocompare", "data_v2_histohour", "GET", url)).isEmpty();

        // Only failures kept: the newest failure is replayed (so the replay fails as the run did).
        String failingUrl = url + "&fsym2=BAD";
        raw.store(D, new RawExchange("cryptocompare", "data_v2_histohour", "GET", failingUrl, 500, "text/plain",
                "boom".getBytes(StandardCharsets.UTF_8), RECEIVED));
        assertThat(raw.replayer(D).replay("cryptocompare", "data_v2_histohour", "GET", failingUrl).orElseThrow()
                .exchange().status()).isEqualTo(500);
    }

    @Test
    void aReplayFindsAnswersKeptUnderAnotherBaseUrl() throws IOException {
        raw.store(D, new RawExchange("lunarcrush", "coins_stx_v1", "GET", "https://lunarcrush.com/api4/public/coins/STX/v1?x=1",
                200, "application/json", "{\"data\":{}}".getBytes(StandardCharsets.UTF_8), RECEIVED));

        assertThat(raw.replayer(D).replay("lunarcrush", "coins_stx_v1", "GET", "http://127.0.0.1:8080/coins/STX/v1?x=1"))
                .isPresent();
        assertThat(raw.replayer(D).replay("lunarcrush", "coins_stx_v1", "GET", "http://127.0.0.1:8080/coins/STX/v1?x=2"))
                .isEmpty();
        assertThat(raw.replayer(D).replay("lunarcrush", "coins_stx_v1", "GET", "http://127.0.0.1:8080/oins/STX/v1?x=1"))
                .isEmpty();
        assertThat(BlobRawStore.sameRequestElsewhere("https://a/api4/public/coins/STX/v1", "http://b:1/coins/STX/v1")).isTrue();
        assertThat(BlobRawStore.sameRequestElsewhere("https://a/data/v2/histoday?fsym=STX", "http://b/data/v2/histoday?fsym=BTC"))
                .isFalse();
    }

    @Test
    void theNewestManifestOfATaskAndDateNamesTheObjectsItsRunRead() throws IOException {
        assertThat(raw.latestManifest(D, "market_indicators")).isEmpty();
        raw.keepManifest(D, "market_indicators", "daily-2024-03-09-aa", Instant.parse("2024-03-10T00:01:00Z"), List.of("raw/b", "raw/a"));
        raw.keepManifest(D, "market_indicators", "manual/x y", Instant.parse("2024-03-10T09:00:00Z"), List.of("raw/c"));
        raw.keepManifest(D.plusDays(1), "market_indicators", "r", Instant.parse("2024-03-11T00:01:00Z"), List.of("raw/d"));

        assertThat(raw.latestManifest(D, "market_indicators")).contains(List.of("raw/c"));
        assertThat(blobs.list("raw/_runs/market_indicators/2024-03-09/")).hasSize(2)
                .allMatch(k -> k.matches("raw/_runs/market_indicators/2024-03-09/\\d{13}-[A-Za-z0-9_.-]+\\.json"));
        assertThat(raw.latestManifest(D, "lunar_metrics")).isEmpty();
        assertThat(raw.list("raw/cryptocompare/")).as("manifests are not answers").isEmpty();
    }
}
