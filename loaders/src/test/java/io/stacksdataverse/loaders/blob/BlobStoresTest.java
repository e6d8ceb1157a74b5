package io.stacksdataverse.loaders.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.spi.LayeredConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoresTest {
    @TempDir
    Path temp;

    @Test
    void unsetMeansBlobsUnderTheDataverseHome() {
        InspectableBlobStore store = BlobStores.fromConfig(LayeredConfig.ofMap(Map.of("DATAVERSE_HOME", temp.toString())));

        assertThat(store).isInstanceOfSatisfying(LocalBlobStore.class, s -> assertThat(s.root()).isEqualTo(temp.resolve("blobs")));
    }

    @Test
    void unsetWithoutHomeMeansDataverseDataInTheWorkingDirectory() {
        InspectableBlobStore store = BlobStores.fromConfig(LayeredConfig.ofMap(Map.of()));

        assertThat(store).isInstanceOfSatisfying(LocalBlobStore.class,
                s -> assertThat(s.root()).isEqualTo(Path.of("dataverse-data", "blobs").toAbsolutePath()));
    }

    @Test
    void fileUrlsNameALocalFolder() {
        InspectableBlobStore absolute = BlobStores.fromConfig(LayeredConfig.ofMap(Map.of("DATAVERSE_BLOB_STORE", "file:" + temp.resolve("pub"))));
        assertThat(absolute).isInstanceOfSatisfying(LocalBlobStore.class, s -> assertThat(s.root()).isEqualTo(temp.resolve("pub")));

        InspectableBlobStore uri = BlobStores.fromConfig(LayeredConfig.ofMap(Map.of("DATAVERSE_BLOB_STORE", temp.resolve("u").toUri().toString())));
        assertThat(uri).isInstanceOfSatisfying(LocalBlobStore.class, s -> assertThat(s.root()).isEqualTo(temp.resolve("u")));

        InspectableBlobStore relative = BlobStores.fromConfig(LayeredConfig.ofMap(Map.of("DATAVERSE_BLOB_STORE", "file:relative/path")));
        assertThat(relative).isInstanceOfSatisfying(LocalBlobStore.class,
                s -> assertThat(s.root()).isEqualTo(Path.of("relative", "path").toAbsolutePath()));
    }

    @Test
    void s3UrlsNameAnS3Store() {
        InspectableBlobStore store = BlobStores.fromConfig(LayeredConfig.ofMap(Map.of(
                "DATAVERSE_BLOB_STORE", "s3://my-bucket/datasets",
                "DATAVERSE_S3_ENDPOINT", "http://127.0.0.1:9")));
        try {
            assertThat(store).isInstanceOfSatisfying(S3BlobStore.class, s -> {
                assertThat(s.bucket()).isEqualTo("my-bucket");
                assertThat(s.describe("a/b.json")).isEqualTo("s3://my-bucket/datasets/a/b.json");
            });
        } finally {
            ((S3BlobStore) store).close();
        }
    }

    @Test
    void anythingElseNamesTheSettingAndTheAcceptedForms() {
        for (String value : new String[] {"/srv/data", "ftp://host/x", "gs://bucket", "file:"}) {
            assertThatThrownBy(() -> BlobStores.fromConfig(LayeredConfig.ofMap(Map.of("DATAVERSE_BLOB_STORE", value))))
                    .as(value)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("DATAVERSE_BLOB_STORE")
                    .hasMessageContaining("file:/absolute/path")
                    .hasMessageContaining("s3://bucket/prefix")
                    .hasMessageContaining(value);
        }
    }

    @Test
    void fromLocationTakesTheLocationAndTheOtherSettingsFromConfig() {
        LayeredConfig config = LayeredConfig.ofMap(Map.of("DATAVERSE_BLOB_STORE", "file:/elsewhere",
                "DATAVERSE_S3_ENDPOINT", "http://127.0.0.1:9", "DATAVERSE_BLOB_GZIP_ENCODING", "true"));

        assertThat(BlobStores.fromLocation("file:" + temp.resolve("raw"), config)).isInstanceOfSatisfying(LocalBlobStore.class,
                s -> assertThat(s.root()).isEqualTo(temp.resolve("raw")));
        InspectableBlobStore s3 = BlobStores.fromLocation("s3://raw-bucket/raw-zone", config);
        try {
            assertThat(s3.describe("raw/x.json.gz")).isEqualTo("s3://raw-bucket/raw-zone/raw/x.json.gz");
        } finally {
            ((S3BlobStore) s3).close();
        }
        assertThatThrownBy(() -> BlobStores.fromLocation("raw-bucket", config))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("raw-bucket").hasMessageContaining("s3://bucket/prefix");
    }
}
