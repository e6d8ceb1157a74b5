package io.stacksdataverse.extract.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.raw.BlobRawStore;
import io.stacksdataverse.spi.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactionTest {
    private static final String KEY = "k3y-abcdef-123456";
    private static final String OTHER = "t0ken-unknown-987";
    private static final LocalDate D = LocalDate.of(2024, 6, 1);

    @StartStop
    private final MockWebServer server = new MockWebServer();

    @TempDir
    Path temp;

    private SourceHttpClient client() {
        return SourceHttpClient.builder("cryptocompare")
                .baseUrl(server.url("/").toString())
                .apiKey(new Secret(KEY))
                .permitsPerSecond(1_000_000)
                .retryPolicy(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(60)))
                .sleeper(d -> { })
                .build();
    }

    @Test
    void secretsNeverReachTheExceptionMessages() {
        server.enqueue(new MockResponse.Builder().code(401).body("{\"Message\":\"key " + KEY + " is not valid\"}").build());
        assertThatThrownBy(() -> client().get(BlobRawStoreRecorder.none(), "/data/price", Map.of("api_key", KEY, "fsym", "STX")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("api_key=%3Credacted%3E")
                .hasMessageContaining("key <redacted> is not valid")
                .hasMessageNotContaining(KEY);

        server.enqueue(new MockResponse.Builder().code(302)
                .addHeader("Location", "https://elsewhere.example/steal?token=" + OTHER + "&x=1").build());
        assertThatThrownBy(() -> client().get(BlobRawStoreRecorder.none(), "/data/price", Map.of()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("redirect to https://elsewhere.example/steal?token=<redacted>&x=1")
                .hasMessageNotContaining(OTHER);
    }

    @Test
    void secretsNeverReachTheRawZoneKeysOrItsMetadata() throws Exception {
        BlobRawStore raw = new BlobRawStore(new LocalBlobStore(temp.resolve("blobs")));
        server.enqueue(new MockResponse.Builder().code(200).body("{\"ok\":1}").build());

        HttpResult result = client().get(raw.recorder(D), "/data/" + KEY + "/price", Map.of("token", OTHER, "api_key", KEY));

        assertThat(result.rawKey()).doesNotContain(KEY).doesNotContain(OTHER);
        assertThat(server.takeRequest().getUrl().toString()).contains(KEY); // the request itself went as asked
        try (Stream<Path> all = Files.walk(temp)) {
            List<Path> files = all.filter(Files::isRegularFile).toList();
            assertThat(files).hasSize(2);
            for (Path f : files) {
                assertThat(temp.relativize(f).toString()).doesNotContain(KEY).doesNotContain(OTHER);
                if (f.toString().endsWith(BlobRawStore.META_SUFFIX)) {
                    assertThat(Files.readString(f, StandardCharsets.UTF_8)).doesNotContain(KEY).doesNotContain(OTHER)
                            .contains("token=%3Credacted%3E");
                }
            }
        }
    }

    @Test
    void theRedactorMasksSecretParametersItDoesNotKnowTheValueOf() {
        Redactor redactor = new Redactor(List.of(new Secret(KEY)));
        assertThat(redactor.text("GET https://x/a?fsym=STX&access_token=" + OTHER + " failed; key " + KEY))
                .isEqualTo("GET https://x/a?fsym=STX&access_token=<redacted> failed; key <redacted>");
    }

    /** Recorders for tests that keep no raw copy. */
    private static final class BlobRawStoreRecorder {
        static io.stacksdataverse.spi.RawRecorder none() {
            return io.stacksdataverse.spi.RawRecorder.discarding();
        }
    }
}
