package io.stacksdataverse.loaders.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.loaders.blob.BlobStores;
import io.stacksdataverse.loaders.blob.S3BlobStore;
import io.stacksdataverse.spi.LayeredConfig;
import io.stacksdataverse.spi.Visibility;
import org.junit.jupiter.api.Test;

class S3ProxyServerIT {

    @Test
    void servesABucketOnLoopbackWithSignedRequests() throws Exception {
        try (S3ProxyServer server = S3ProxyServer.start("helper-key", "helper-secret-123", "helper-bucket");
             S3BlobStore store = server.storeBuilder("pub").build()) {
            assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(server.endpoint().getPort()).isPositive();

            store.put("a/latest.json.gz", new byte[] {31, -117, 8}, Visibility.PUBLIC);
            store.copy("a/latest.json.gz", "a/copy.json.gz", Visibility.PRIVATE);

            assertThat(store.get("a/latest.json.gz")).hasValueSatisfying(v -> assertThat(v).containsExactly(31, -117, 8));
            assertThat(store.info("a/latest.json.gz").orElseThrow().acl()).contains("public-read");
            assertThat(store.info("a/copy.json.gz").orElseThrow().acl()).contains("private");
            try (S3BlobStore configured = (S3BlobStore) BlobStores.fromConfig(LayeredConfig.ofMap(server.config("pub")))) {
                assertThat(configured.list("")).containsExactly("a/copy.json.gz", "a/latest.json.gz");
            }
        }
    }
}
