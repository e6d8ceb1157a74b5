package io.stacksdataverse.loaders.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.loaders.blob.S3BlobStore;
import io.stacksdataverse.loaders.testing.S3ProxyServer;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.spi.Visibility;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The catalog's publishing rules, on a real S3 API (S3Proxy), where ACLs exist. */
class DatasetPublisherIT {
    private static final LocalDate D = LocalDate.of(2022, 3, 1);
    private static S3ProxyServer s3;
    private static S3BlobStore store;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start();
        store = s3.storeBuilder("datasets").build();
    }

    @AfterAll
    static void stop() throws Exception {
        store.close();
        s3.close();
    }

    private static String gunzip(byte[] gz) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aDatedDatasetIsAPrivateArchiveAndAPublicLatestCopy() throws Exception {
        byte[] body = DatasetPublisher.gzipJsonObject(Map.of("1646092800", 7L));
        DatasetPublisher.publish(store, DatasetPaths.DAILY_TXS, D, true, Visibility.PUBLIC, body);
        assertThat(store.info("daily_txs/2022-03-01.json.gz").orElseThrow().acl()).contains("private");
        assertThat(store.info("daily_txs/latest.json.gz").orElseThrow().acl()).contains("public-read");
        assertThat(store.info("daily_txs/latest.json.gz").orElseThrow().contentEncoding()).isEmpty();
        assertThat(gunzip(store.get("daily_txs/latest.json.gz").orElseThrow())).isEqualTo("{\"1646092800\":7}");
    }

    @Test
    void aBackfillWritesOnlyTheArchive() throws Exception {
        byte[] body = DatasetPublisher.gzipJsonObject(Map.of("1", 1L));
        DatasetPublisher.publish(store, DatasetPaths.ADDRESS_GROWTH, D.minusDays(30), false, Visibility.PUBLIC, body);
        assertThat(store.exists("addx_growth/2022-01-30.json.gz")).isTrue();
        assertThat(store.exists("addx_growth/latest.json.gz")).isFalse();
    }

    @Test
    void nothingPublishesUnderADroppedDatasetsKey() throws Exception {
        byte[] body = DatasetPublisher.gzipJsonObject(Map.of("x", 1L));
        for (var path : DatasetPaths.DROPPED.keySet()) {
            assertThatThrownBy(() -> DatasetPublisher.publish(store, path, D, true, Visibility.PUBLIC, body))
                    .hasMessageContaining(path.id()).hasMessageContaining("is dropped").hasMessageContaining("listing");
            assertThatThrownBy(() -> DatasetPublisher.publishAll(store, Map.of(DatasetPaths.TOP_POOLS, body, path, body), D, true,
                    Visibility.PUBLIC)).hasMessageContaining("is dropped");
            assertThat(store.exists(path.latestKey())).isFalse();
        }
        assertThat(store.exists(DatasetPaths.TOP_POOLS.latestKey())).as("checked before anything is written").isFalse();
        assertThat(DatasetPaths.DROPPED.keySet()).containsExactly(DatasetPaths.NFT_TOP10_CHEAPEST, DatasetPaths.NFT_TOP10_MOST_EXPENSIVE);
    }

    @Test
    void fixedKeysTakeTheDatasetsVisibility() throws Exception {
        DatasetPublisher.publish(store, DatasetPaths.SANITY_CHECK, D, true, Visibility.PRIVATE,
                DatasetPublisher.gzipJsonObject(Map.of("maxblock", 5L)));
        DatasetPublisher.publish(store, DatasetPaths.PRICE_7D, D, true, Visibility.PUBLIC,
                DatasetPublisher.gzipJsonObject(Map.of("0", new BigDecimal("1.5"))));
        assertThat(store.info(DatasetPaths.SANITY_CHECK.latestKey()).orElseThrow().acl()).contains("private");
        assertThat(store.info(DatasetPaths.PRICE_7D.latestKey()).orElseThrow().acl()).contains("public-read");
    }

    @Test
    void encodingIsDeterministicAndNeverWritesNaN() throws Exception {
        Map<String, Number> values = new LinkedHashMap<>();
        values.put("2", Double.NaN);
        values.put("1", Double.POSITIVE_INFINITY);
        values.put("3", 1.0E-6);
        byte[] a = DatasetPublisher.gzipJsonObject(values);
        byte[] b = DatasetPublisher.gzipJsonObject(values);
        assertThat(a).isEqualTo(b);
        assertThat(gunzip(a)).isEqualTo("{\"2\":null,\"1\":null,\"3\":1.0E-6}");
        DatasetPath path = DatasetPaths.PRICE_30D;
        assertThat(DatasetPublisher.putIfChanged(store, path.latestKey(), a, Visibility.PUBLIC)).isTrue();
        assertThat(DatasetPublisher.putIfChanged(store, path.latestKey(), b, Visibility.PUBLIC)).as("same bytes: no write").isFalse();
    }
}
