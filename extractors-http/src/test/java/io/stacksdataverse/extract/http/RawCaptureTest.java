package io.stacksdataverse.extract.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.raw.BlobRawStore;
import io.stacksdataverse.spi.BlobStore;
import io.stacksdataverse.spi.RawBodyWriter;
import io.stacksdataverse.spi.RawExchange;
import io.stacksdataverse.spi.RawRecord;
import io.stacksdataverse.spi.RawStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawCaptureTest {
    private static final LocalDate D = LocalDate.of(2024, 6, 1);

    @StartStop
    private final MockWebServer server = new MockWebServer();

    @TempDir
    Path temp;

    private SourceHttpClient client(int maxAttempts) {
        return SourceHttpClient.builder("stacks-api")
                .baseUrl(server.url("/").toString())
                .permitsPerSecond(1_000_000)
                .retryPolicy(new RetryPolicy(maxAttempts, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(60)))
                .sleeper(d -> { })
                .build();
    }

    @Test
    void aLargeBodyReachesTheRawZoneInChunksAndIsNeverHandedOverWhole() throws Exception {
        byte[] body = new byte[20 * 1024 * 1024];
        new Random(5).nextBytes(body);
        body[0] = '[';
        server.enqueue(new MockResponse.Builder().code(200).body(new Buffer().write(body)).build());
        BlobRawStore blobRaw = new BlobRawStore(new LocalBlobStore(temp.resolve("blobs")));
        ChunkCountingRawStore counting = new ChunkCountingRawStore(blobRaw);

        HttpResult result = client(1).get(counting.recorder(D), "/extended/v1/tx", Map.of("limit", "50"));

        assertThat(result.body()).hasSize(body.length);
        assertThat(counting.bytes).isEqualTo(body.length);
        assertThat(counting.largestChunk).as("written as it arrived, never as one array").isLessThanOrEqualTo(64 * 1024);
        assertThat(counting.chunks).isGreaterThan(300);
        assertThat(counting.committed).isEqualTo(1);
        assertThat(result.rawKey()).startsWith("raw/stacks-api/extended_v1_tx/2024-06-01/").endsWith(".json.gz");
        byte[] kept = blobRaw.read(result.rawKey()).orElseThrow();
        assertThat(BlobStore.sha256Hex(kept)).isEqualTo(BlobStore.sha256Hex(body));
    }

    @Test
    void aBodyThatBreaksOffLeavesNoRawObject() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(new Buffer().write(new byte[2 * 1024 * 1024]))
                .onResponseBody(new SocketEffect.CloseSocket()).build());
        BlobRawStore blobRaw = new BlobRawStore(new LocalBlobStore(temp.resolve("blobs")));
        ChunkCountingRawStore counting = new ChunkCountingRawStore(blobRaw);

        assertThatThrownBy(() -> client(1).get(counting.recorder(D), "/extended/v1/tx", Map.of()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("failed after 1 attempts")
                .hasMessageContaining("I/O error");

        assertThat(counting.bytes).as("part of the body had come").isPositive();
        assertThat(counting.committed).isZero();
        assertThat(counting.dropped).isEqualTo(1);
        assertThat(blobRaw.list("raw/")).isEmpty();
        assertThat(files(temp)).as("not a part, not its metadata").isEmpty();
    }

    @Test
    void aRawZoneThatCannotKeepTheAnswerFailsTheRequestWithoutRetrying() {
        server.enqueue(new MockResponse.Builder().code(200).body("[1]").build());
        RawStore broken = new ChunkCountingRawStore(new BlobRawStore(new LocalBlobStore(temp.resolve("blobs")))) {
            @Override
            public RawBodyWriter open(LocalDate executionDate, RawExchange head) throws IOException {
                throw new IOException("disk full");
            }
        };
        assertThatThrownBy(() -> client(3).get(broken.recorder(D), "/a", Map.of()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("cannot keep the raw response: disk full");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    /** The real raw zone, counting the chunks its streamed bodies come in; a whole-body {@link #store} fails the test. */
    static class ChunkCountingRawStore implements RawStore {
        private final RawStore inner;
        long bytes;
        int chunks;
        int largestChunk;
        int committed;
        int dropped;

        ChunkCountingRawStore(RawStore inner) {
            this.inner = inner;
        }

        @Override
        public String store(LocalDate executionDate, RawExchange exchange) {
            throw new AssertionError("the body was handed over whole (" + exchange.body().length + " bytes)");
        }

        @Override
        public RawBodyWriter open(LocalDate executionDate, RawExchange head) throws IOException {
            RawBodyWriter writer = inner.open(executionDate, head);
            return new RawBodyWriter() {
                private boolean done;

                @Override
                public void write(byte[] data, int offset, int length) throws IOException {
                    bytes += length;
                    chunks++;
                    largestChunk = Math.max(largestChunk, length);
                    writer.write(data, offset, length);
                }

                @Override
                public String commit() throws IOException {
                    done = true;
                    committed++;
                    return writer.commit();
                }

                @Override
                public void close() {
                    if (!done) {
                        done = true;
                        dropped++;
                    }
                    writer.close();
                }
            };
        }

        @Override
        public Optional<byte[]> read(String key) throws IOException {
            return inner.read(key);
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            return inner.list(prefix);
        }

        @Override
        public List<RawRecord> answers(LocalDate executionDate, String source, String endpoint, String method,
                                       String redactedUrl, Collection<String> onlyKeys) throws IOException {
            return inner.answers(executionDate, source, endpoint, method, redactedUrl, onlyKeys);
        }

        @Override
        public void keepManifest(LocalDate executionDate, String taskId, String runId, Instant at, Collection<String> keys)
                throws IOException {
            inner.keepManifest(executionDate, taskId, runId, at, keys);
        }

        @Override
        public Optional<List<String>> latestManifest(LocalDate executionDate, String taskId) throws IOException {
            return inner.latestManifest(executionDate, taskId);
        }
    }
}
