package io.stacksdataverse.loaders.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.spi.Visibility;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest extends BlobStoreContractTest {
    @TempDir
    Path temp;
    Path root;
    LocalBlobStore store;

    @BeforeEach
    void createStore() {
        root = temp.resolve("blobs");
        store = new LocalBlobStore(root);
    }

    @Override
    protected InspectableBlobStore store() {
        return store;
    }

    @Override
    protected Optional<String> expectedAcl(Visibility visibility) {
        return Optional.empty();
    }

    @Test
    void objectsAreFilesUnderTheRoot() throws IOException {
        store.put("daily_txs/latest.json", new byte[] {'[', ']'}, Visibility.PUBLIC);

        assertThat(root.resolve("daily_txs/latest.json")).hasBinaryContent(new byte[] {'[', ']'});
        assertThat(store.describe("daily_txs/latest.json"))
                .isEqualTo(root.resolve("daily_txs/latest.json").toUri().toString())
                .startsWith("file:/").endsWith("/blobs/daily_txs/latest.json");
    }

    @Test
    void leavesNoTemporaryFilesAndNeverListsThem() throws IOException {
        store.put("d/a.json", new byte[] {1}, Visibility.PRIVATE);
        store.put("d/a.json", new byte[] {2}, Visibility.PRIVATE);
        store.copy("d/a.json", "d/b.json", Visibility.PUBLIC);
        try (Stream<Path> files = Files.list(root.resolve("d"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.json", "b.json");
        }

        Files.write(root.resolve("d/.tmp-left-by-a-crash"), new byte[] {9}); // what a killed writer leaves
        assertThat(store.list("d/")).containsExactly("d/a.json", "d/b.json");
        assertThat(store.list("")).containsExactly("d/a.json", "d/b.json");
    }

    @Test
    void filesGetTheSamePermissionsAsOrdinaryFiles() throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        store.put("p/data.json", new byte[] {1}, Visibility.PUBLIC);
        Path reference = Files.write(root.resolve("p/reference"), new byte[] {1});

        assertThat(Files.getPosixFilePermissions(root.resolve("p/data.json"))).isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @Test
    void aKeyCannotBeBothObjectAndFolder() throws IOException {
        store.put("x/y", new byte[] {1}, Visibility.PRIVATE);

        assertThatThrownBy(() -> store.put("x/y/z.json", new byte[] {1}, Visibility.PRIVATE))
                .isInstanceOf(IOException.class).hasMessageContaining("x/y/z.json").hasMessageContaining(root.toString());
        assertThat(store.list("x/")).containsExactly("x/y");
    }

    @Test
    void infoReportsDeclaredGzipEncodingWhenConfigured() throws IOException {
        LocalBlobStore declaring = new LocalBlobStore(root, true);
        declaring.put("g/a.json.gz", gzip("{}"), Visibility.PUBLIC);

        BlobInfo info = declaring.info("g/a.json.gz").orElseThrow();
        assertThat(info.contentType()).isEqualTo("application/json");
        assertThat(info.contentEncoding()).contains("gzip");
        assertThat(info.acl()).isEmpty();
    }

    @Test
    void listOfAMissingRootIsEmpty() throws IOException {
        assertThat(new LocalBlobStore(temp.resolve("nowhere")).list("")).isEmpty();
    }
}
