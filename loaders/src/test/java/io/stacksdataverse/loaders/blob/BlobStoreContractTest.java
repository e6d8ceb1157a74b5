package io.stacksdataverse.loaders.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.spi.Visibility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link InspectableBlobStore} must do; a subclass provides a fresh, empty store per test.
 *
 * <p>Listing is by plain string prefix: {@code a/b} matches {@code a/b.json}, {@code a/b/c.json} and
 * {@code a/bc/d.json}; use {@code a/b/} for a folder.
 */
abstract class BlobStoreContractTest {

    /** The store under test: fresh and empty for each test. */
    protected abstract InspectableBlobStore store();

    /** The ACL {@link InspectableBlobStore#info} reports for a public / private object (empty where the store has none). */
    protected abstract Optional<String> expectedAcl(Visibility visibility);

    @TempDir
    Path scratch;

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void theDigestIsTheSha256OfWhatWasWrittenWhicheverWay(@TempDir Path temp) throws IOException {
        byte[] a = "first content".getBytes(StandardCharsets.UTF_8);
        byte[] b = "second, from a file".getBytes(StandardCharsets.UTF_8);
        Path file = temp.resolve("b.bin");
        Files.write(file, b);

        assertThat(store().sha256("digest/none.json.gz")).isEmpty();
        store().put("digest/a.json.gz", a, Visibility.PRIVATE);
        store().put("digest/b.json.gz", file, Visibility.PRIVATE);
        store().copy("digest/a.json.gz", "digest/copy.json.gz", Visibility.PUBLIC);

        assertThat(io.stacksdataverse.spi.BlobStore.sha256Hex("abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(store().sha256("digest/a.json.gz")).contains(io.stacksdataverse.spi.BlobStore.sha256Hex(a));
        assertThat(store().sha256("digest/b.json.gz")).contains(io.stacksdataverse.spi.BlobStore.sha256Hex(b));
        assertThat(store().sha256("digest/copy.json.gz")).contains(io.stacksdataverse.spi.BlobStore.sha256Hex(a));
        assertThat(io.stacksdataverse.spi.BlobStore.sha256Hex(file)).isEqualTo(io.stacksdataverse.spi.BlobStore.sha256Hex(b));
    }

    @Test
    void gzipBytesRoundTripUnchanged() throws IOException {
        byte[] content = gzip("[{\"date\":\"2024-01-01\",\"txs\":42}]");
        store().put("daily_txs/2024-01-01.json.gz", content, Visibility.PRIVATE);

        assertThat(store().get("daily_txs/2024-01-01.json.gz")).hasValueSatisfying(v -> assertThat(v).isEqualTo(content));
        assertThat(store().exists("daily_txs/2024-01-01.json.gz")).isTrue();
        assertThat(store().info("daily_txs/2024-01-01.json.gz")).hasValueSatisfying(i -> assertThat(i.size()).isEqualTo(content.length));
    }

    @Test
    void putFromFileRoundTrips() throws IOException {
        byte[] content = randomBytes(300_000, 1);
        Path file = Files.write(scratch.resolve("upload.bin"), content);
        store().put("big/upload.bin", file, Visibility.PRIVATE);

        assertThat(store().get("big/upload.bin")).hasValueSatisfying(v -> assertThat(v).isEqualTo(content));
        assertThat(file).exists(); // the caller's file is left alone
    }

    @Test
    void emptyObjectRoundTrips() throws IOException {
        store().put("empty.json", new byte[0], Visibility.PRIVATE);
        assertThat(store().get("empty.json")).hasValueSatisfying(v -> assertThat(v).isEmpty());
    }

    @Test
    void overwriteReplaces() throws IOException {
        store().put("x/data.json", "{\"v\":1, \"padding\": \"longer than the second\"}".getBytes(StandardCharsets.UTF_8), Visibility.PRIVATE);
        byte[] second = "{\"v\":2}".getBytes(StandardCharsets.UTF_8);
        store().put("x/data.json", second, Visibility.PRIVATE);

        assertThat(store().get("x/data.json")).hasValueSatisfying(v -> assertThat(v).isEqualTo(second));
        assertThat(store().info("x/data.json")).hasValueSatisfying(i -> assertThat(i.size()).isEqualTo(second.length));
        assertThat(store().list("x/")).containsExactly("x/data.json");
    }

    @Test
    void missingKeyIsEmpty() throws IOException {
        assertThat(store().get("nothing/here.json")).isEmpty();
        assertThat(store().exists("nothing/here.json")).isFalse();
        assertThat(store().info("nothing/here.json")).isEmpty();
        assertThat(store().list("nothing/")).isEmpty();
    }

    @Test
    void keyOfAFolderIsNoObject() throws IOException {
        store().put("folder/inner.json", new byte[] {1}, Visibility.PRIVATE);
        assertThat(store().get("folder")).isEmpty();
        assertThat(store().exists("folder")).isFalse();
    }

    @Test
    void listIsByPlainStringPrefixAscending() throws IOException {
        for (String key : List.of("b/x.json", "a/bc/d.json", "a/b/c.json", "ab/y.json", "a/b.json", "a/a.json", "a/b/c/e.csv")) {
            store().put(key, key.getBytes(StandardCharsets.UTF_8), Visibility.PRIVATE);
        }

        assertThat(store().list("a/b/")).containsExactly("a/b/c.json", "a/b/c/e.csv");
        assertThat(store().list("a/b")).containsExactly("a/b.json", "a/b/c.json", "a/b/c/e.csv", "a/bc/d.json");
        assertThat(store().list("a/")).containsExactly("a/a.json", "a/b.json", "a/b/c.json", "a/b/c/e.csv", "a/bc/d.json");
        assertThat(store().list("a")).containsExactly("a/a.json", "a/b.json", "a/b/c.json", "a/b/c/e.csv", "a/bc/d.json", "ab/y.json");
        assertThat(store().list("")).containsExactly("a/a.json", "a/b.json", "a/b/c.json", "a/b/c/e.csv", "a/bc/d.json", "ab/y.json", "b/x.json");
        assertThat(store().list("a/b/c.json")).containsExactly("a/b/c.json");
        assertThat(store().list("c/")).isEmpty();
    }

    @Test
    void copyDatedToLatestGivesIdenticalBytes() throws IOException {
        byte[] content = gzip("{\"stx\":1.23}");
        store().put("price/2024-01-01.json.gz", content, Visibility.PRIVATE);
        store().put("price/latest.json.gz", gzip("old"), Visibility.PUBLIC);

        store().copy("price/2024-01-01.json.gz", "price/latest.json.gz", Visibility.PUBLIC);

        assertThat(store().get("price/latest.json.gz")).hasValueSatisfying(v -> assertThat(v).isEqualTo(content));
        assertThat(store().get("price/2024-01-01.json.gz")).hasValueSatisfying(v -> assertThat(v).isEqualTo(content));
        assertThat(store().info("price/latest.json.gz")).hasValueSatisfying(i -> {
            assertThat(i.contentType()).isEqualTo("application/gzip");
            assertThat(i.contentEncoding()).isEmpty();
        });
    }

    @Test
    void copyOfMissingObjectFailsNamingIt() {
        assertThatThrownBy(() -> store().copy("nope/missing.json", "nope/latest.json", Visibility.PRIVATE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("nope/missing.json");
    }

    @Test
    void contentTypeBySuffixAndNoEncodingByDefault() throws IOException {
        record Expected(String key, String type) {
        }
        List<Expected> cases = List.of(
                new Expected("t/a.json.gz", "application/gzip"),
                new Expected("t/a.csv.gz", "application/gzip"),
                new Expected("t/a.json", "application/json"),
                new Expected("t/a.csv", "text/csv"),
                new Expected("t/a.parquet", "application/octet-stream"));
        for (Expected c : cases) {
            store().put(c.key(), new byte[] {1, 2, 3}, Visibility.PUBLIC);
        }
        for (Expected c : cases) {
            BlobInfo info = store().info(c.key()).orElseThrow();
            assertThat(info.contentType()).as(c.key()).isEqualTo(c.type());
            assertThat(info.contentEncoding()).as(c.key()).isEmpty();
        }
    }

    @Test
    void publicObjectsCarryThePublicAclAndPrivateOnesDoNot() throws IOException {
        store().put("v/public.json", new byte[] {1}, Visibility.PUBLIC);
        store().put("v/private.json", new byte[] {2}, Visibility.PRIVATE);
        Path file = Files.write(scratch.resolve("f.json"), new byte[] {3});
        store().put("v/public-file.json", file, Visibility.PUBLIC);

        assertThat(store().info("v/public.json").orElseThrow().acl()).isEqualTo(expectedAcl(Visibility.PUBLIC));
        assertThat(store().info("v/public-file.json").orElseThrow().acl()).isEqualTo(expectedAcl(Visibility.PUBLIC));
        assertThat(store().info("v/private.json").orElseThrow().acl()).isEqualTo(expectedAcl(Visibility.PRIVATE));
    }

    @Test
    void copyToPublicIsPublicEvenFromAPrivateSource() throws IOException {
        store().put("c/2024-01-01.json.gz", gzip("x"), Visibility.PRIVATE);
        store().copy("c/2024-01-01.json.gz", "c/latest.json.gz", Visibility.PUBLIC);
        store().copy("c/latest.json.gz", "c/archive.json.gz", Visibility.PRIVATE);

        assertThat(store().info("c/latest.json.gz").orElseThrow().acl()).isEqualTo(expectedAcl(Visibility.PUBLIC));
        assertThat(store().info("c/archive.json.gz").orElseThrow().acl()).isEqualTo(expectedAcl(Visibility.PRIVATE));
    }

    @Test
    void invalidKeysAreRejectedNamingTheKey() {
        for (String key : List.of("/abs/key.json", "a/../b.json", "..", "a//b.json", "a/b/", "", "a\\b.json", "./a.json",
                "a/.tmp-1234", "a\nb")) {
            assertThatThrownBy(() -> store().put(key, new byte[] {1}, Visibility.PRIVATE)).as(key)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + key + "'");
            assertThatThrownBy(() -> store().get(key)).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store().exists(key)).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store().copy("ok.json", key, Visibility.PRIVATE)).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store().describe(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
        for (String prefix : List.of("/abs/", "a/../", "a//", "a\\b")) {
            assertThatThrownBy(() -> store().list(prefix)).as(prefix).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void concurrentReadersNeverSeeAPartialObject() throws Exception {
        byte[] first = randomBytes(2 * 1024 * 1024, 1);
        byte[] second = randomBytes(2 * 1024 * 1024, 2);
        String key = "concurrent/payload.bin";
        store().put(key, first, Visibility.PRIVATE);

        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<List<String>> problems = reader.submit(() -> {
                List<String> seen = new ArrayList<>();
                int reads = 0;
                while ((writing.get() || reads == 0) && reads < 500) {
                    Optional<byte[]> read = store().get(key);
                    reads++;
                    if (read.isEmpty()) {
                        seen.add("read " + reads + " found nothing");
                    } else if (!Arrays.equals(read.get(), first) && !Arrays.equals(read.get(), second)) {
                        seen.add("read " + reads + " got " + read.get().length + " bytes matching neither payload");
                    }
                }
                return seen;
            });
            for (int i = 0; i < 20; i++) {
                store().put(key, i % 2 == 0 ? second : first, Visibility.PRIVATE);
            }
            writing.set(false);
            assertThat(problems.get(20, TimeUnit.SECONDS)).isEmpty();
        } finally {
            writing.set(false);
            reader.shutdownNow();
        }
        assertThat(store().get(key)).hasValueSatisfying(v -> assertThat(v).isEqualTo(first));
        assertThat(store().list("concurrent/")).containsExactly(key);
    }
}
