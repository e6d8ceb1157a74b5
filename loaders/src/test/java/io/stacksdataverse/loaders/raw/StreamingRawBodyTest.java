package io.stacksdataverse.loaders.raw;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.spi.RawBodyWriter;
import io.stacksdataverse.spi.RawExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingRawBodyTest {
    static final LocalDate D = LocalDate.of(2024, 3, 9);
    static final Instant RECEIVED = Instant.parse("2024-03-10T00:05:12.345Z");

    @TempDir
    Path temp;

    static RawExchange exchange(String url, String contentType, byte[] body) {
        return new RawExchange("stacks-api", "extended_v1_tx", "GET", url, 200, contentType, body, RECEIVED);
    }

    /** A JSON-ish body of about {@code size} bytes that compresses like a real answer. */
    static byte[] body(int size) {
        Random random = new Random(7);
        StringBuilder b = new StringBuilder("  [");
        while (b.length() < size) {
            b.append("{\"tx_id\":\"0x").append(Long.toHexString(random.nextLong())).append("\",\"fee\":")
                    .append(random.nextInt(100_000)).append("},");
        }
        return b.append("{}]").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aStreamedBodyLiesUnderTheSameKeyWithTheSameBytesAsAStoredOne() throws IOException {
        byte[] body = body(3 * 1024 * 1024);
        BlobRawStore stored = new BlobRawStore(new LocalBlobStore(temp.resolve("stored")));
        LocalBlobStore streamedBlobs = new LocalBlobStore(temp.resolve("streamed"));
        BlobRawStore streamed = new BlobRawStore(streamedBlobs);
        String url = "https://api.hiro.so/extended/v1/tx?limit=50";

        String storedKey = stored.store(D, exchange(url, "", body));
        String streamedKey;
        try (RawBodyWriter writer = streamed.open(D, exchange(url, "", new byte[0]))) {
            Random cuts = new Random(3);
            for (int at = 0; at < body.length; ) {
                int n = Math.min(body.length - at, 1 + cuts.nextInt(20_000));
                writer.write(body, at, n);
                at += n;
            }
            streamedKey = writer.commit();
        }

        assertThat(streamedKey).isEqualTo(storedKey).endsWith(".json.gz");
        assertThat(streamed.read(streamedKey)).hasValueSatisfying(v -> assertThat(v).isEqualTo(body));
        assertThat(Files.readAllBytes(temp.resolve("streamed").resolve(streamedKey)))
                .isEqualTo(Files.readAllBytes(temp.resolve("stored").resolve(storedKey)));
        assertThat(streamedBlobs.get(streamedKey + BlobRawStore.META_SUFFIX).orElseThrow())
                .isEqualTo(new LocalBlobStore(temp.resolve("stored")).get(storedKey + BlobRawStore.META_SUFFIX).orElseThrow());
    }

    @Test
    void aBodyClosedBeforeItsCommitLeavesNoObjectAndNoTemporaryFile() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = rawTempFiles(tmp);
        BlobRawStore raw = new BlobRawStore(new LocalBlobStore(temp.resolve("blobs")));
        try (RawBodyWriter writer = raw.open(D, exchange("https://x/a", "application/json", new byte[0]))) {
            writer.write(body(100_000), 0, 50_000);
        }
        assertThat(raw.list("raw/")).isEmpty();
        assertThat(temp.resolve("blobs")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
        assertThat(rawTempFiles(tmp)).isLessThanOrEqualTo(before);
    }

    @Test
    void aBodyStartingWithANonAsciiByteIsText() throws IOException {
        byte[] body = "\u00e9{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        BlobRawStore raw = new BlobRawStore(new LocalBlobStore(temp.resolve("blobs")));
        try (RawBodyWriter writer = raw.open(D, exchange("https://x/b", "", new byte[0]))) {
            writer.write(body, 0, body.length);
            assertThat(writer.commit()).endsWith(".txt.gz").isEqualTo(raw.store(D, exchange("https://x/b", "", body)));
        }
    }

    private static long rawTempFiles(Path tmp) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("raw-body-")).count();
        }
    }
}
