package io.stacksdataverse.loaders.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.spi.LayeredConfig;
import io.stacksdataverse.spi.Secret;
import io.stacksdataverse.spi.Visibility;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The contract on S3: S3Proxy's own JUnit 5 extension runs an S3 API server in this JVM for the
 * class, with a bucket for each test (jclouds' filesystem blob store in a temporary folder, a
 * random loopback port, V2/V4 signatures checked against the credentials below), so request
 * signing is exercised.
 */
class S3BlobStoreIT extends BlobStoreContractTest {
    static final String ACCESS_KEY = "AKIATESTACCESSKEY";
    static final String SECRET_KEY = "s3cr3t-Value-That-Must-Never-Leak";
    private static final java.util.concurrent.atomic.AtomicInteger BUCKETS = new java.util.concurrent.atomic.AtomicInteger();

    // One server for the class (starting one costs seconds); each test gets a bucket of its own.
    @RegisterExtension
    static final S3ProxyExtension s3proxy = S3ProxyExtension.builder()
            .withCredentials(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();

    final String bucket = "dataverse-" + BUCKETS.incrementAndGet();
    S3BlobStore store;

    @BeforeEach
    void createBucketAndStore() {
        try (S3Client client = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(s3proxy.getUri())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build()) {
            client.createBucket(b -> b.bucket(bucket));
        }
        store = builder("s3://" + bucket + "/public-data").build();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void anUnchangedPublishTrustsTheStoredDigestAndReadsNoObject() throws IOException {
        byte[] a = "a".repeat(100).getBytes(StandardCharsets.UTF_8);
        byte[] b = "b".repeat(100).getBytes(StandardCharsets.UTF_8);
        try (S3Client client = rawClient()) {
            // Bytes b under the digest of a: only a publisher that trusts the digest leaves them.
            client.putObject(r -> r.bucket(bucket).key("public-data/d/stale.json.gz")
                    .metadata(Map.of("sha256", io.stacksdataverse.spi.BlobStore.sha256Hex(a))),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(b));
            // An object written before digests were kept: its bytes are read once to compare.
            client.putObject(r -> r.bucket(bucket).key("public-data/d/old.json.gz"),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(a));
        }

        assertThat(io.stacksdataverse.loaders.publish.DatasetPublisher.putIfChanged(store, "d/stale.json.gz", a, Visibility.PUBLIC)).isFalse();
        assertThat(store.get("d/stale.json.gz")).hasValue(b);
        assertThat(io.stacksdataverse.loaders.publish.DatasetPublisher.putIfChanged(store, "d/old.json.gz", a, Visibility.PUBLIC)).isFalse();
        assertThat(io.stacksdataverse.loaders.publish.DatasetPublisher.putIfChanged(store, "d/old.json.gz", b, Visibility.PUBLIC)).isTrue();
        assertThat(store.sha256("d/old.json.gz")).contains(io.stacksdataverse.spi.BlobStore.sha256Hex(b));
    }

    S3Client rawClient() {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(s3proxy.getUri())
                .region(Region.US_EAST_1)
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(true).chunkedEncodingEnabled(false).build())
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    S3StoreBuilder builder(String location) {
        return S3BlobStore.builder()
                .location(location)
                .endpointOverride(s3proxy.getUri())
                .region("us-east-1")
                .pathStyleAccess(true)
                .credentials(ACCESS_KEY, new Secret(SECRET_KEY));
    }

    Map<String, String> config(String location) {
        Map<String, String> config = new HashMap<>();
        config.put("DATAVERSE_BLOB_STORE", location);
        config.put("DATAVERSE_S3_ENDPOINT", s3proxy.getUri().toString());
        config.put("DATAVERSE_S3_ACCESS_KEY_ID", ACCESS_KEY);
        config.put("DATAVERSE_S3_SECRET_ACCESS_KEY", SECRET_KEY);
        return config;
    }

    @Override
    protected InspectableBlobStore store() {
        return store;
    }

    @Override
    protected Optional<String> expectedAcl(Visibility visibility) {
        return Optional.of(visibility == Visibility.PUBLIC ? "public-read" : "private");
    }

    static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void describeNamesBucketPrefixAndKey() {
        assertThat(store.describe("daily_txs/latest.json.gz")).isEqualTo("s3://" + bucket + "/public-data/daily_txs/latest.json.gz");
        assertThat(store.location()).isEqualTo("s3://" + bucket + "/public-data/");
        try (S3BlobStore root = builder("s3://" + bucket).build(); S3BlobStore nested = builder("s3://" + bucket + "/a/b/").build()) {
            assertThat(root.describe("k.json")).isEqualTo("s3://" + bucket + "/k.json");
            assertThat(nested.prefix()).isEqualTo("a/b/");
        }
    }

    @Test
    void keysAreRelativeToThePrefix() throws IOException {
        try (S3BlobStore root = builder("s3://" + bucket).build(); S3BlobStore other = builder("s3://" + bucket + "/other").build()) {
            store.put("k.json", new byte[] {1}, Visibility.PRIVATE);
            other.put("k.json", new byte[] {2}, Visibility.PRIVATE);

            assertThat(store.list("")).containsExactly("k.json");
            assertThat(other.get("k.json")).hasValueSatisfying(v -> assertThat(v).containsExactly(2));
            assertThat(root.list("")).containsExactly("other/k.json", "public-data/k.json");
        }
    }

    @Test
    void listReadsEveryPage() throws IOException {
        try (S3BlobStore paged = builder("s3://" + bucket + "/paged").listPageSize(2).build()) {
            for (int i = 6; i >= 0; i--) {
                paged.put("p/" + i + ".json", new byte[] {(byte) i}, Visibility.PRIVATE);
            }
            assertThat(paged.list("p/")).containsExactly("p/0.json", "p/1.json", "p/2.json", "p/3.json", "p/4.json", "p/5.json", "p/6.json");
        }
    }

    @Test
    void declaredGzipEncodingServesTheDecodedType() throws IOException {
        try (S3BlobStore declaring = builder("s3://" + bucket + "/gz").declareGzipEncoding(true).build()) {
            byte[] json = gzip("{\"a\":1}");
            declaring.put("d/latest.json.gz", json, Visibility.PUBLIC);
            declaring.put("d/latest.csv.gz", gzip("a\n1\n"), Visibility.PUBLIC);
            declaring.put("d/archive.tar.gz", new byte[] {1}, Visibility.PRIVATE);

            BlobInfo info = declaring.info("d/latest.json.gz").orElseThrow();
            assertThat(info.contentType()).isEqualTo("application/json");
            assertThat(info.contentEncoding()).contains("gzip");
            assertThat(info.acl()).contains("public-read");
            assertThat(declaring.get("d/latest.json.gz")).hasValueSatisfying(v -> assertThat(v).isEqualTo(json));
            assertThat(declaring.info("d/latest.csv.gz").orElseThrow().contentType()).isEqualTo("text/csv");
            assertThat(declaring.info("d/archive.tar.gz").orElseThrow().contentEncoding()).isEmpty();

            declaring.copy("d/latest.json.gz", "d/copy.json.gz", Visibility.PUBLIC);
            assertThat(declaring.info("d/copy.json.gz").orElseThrow().contentEncoding()).contains("gzip");
        }
    }

    @Test
    void publicAclNoneSendsNoAcl() throws IOException {
        try (S3BlobStore noAcl = builder("s3://" + bucket + "/policy").publicAcl("none").build()) {
            noAcl.put("x.json", new byte[] {1}, Visibility.PUBLIC);
            assertThat(noAcl.info("x.json").orElseThrow().acl()).contains("private");
        }
        assertThatThrownBy(() -> builder("s3://" + bucket).publicAcl("world-readable").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("world-readable").hasMessageContaining("public-read");
    }

    @Test
    void errorsNameOperationKeyAndLocationButNeverTheSecret() {
        try (S3BlobStore wrongBucket = builder("s3://no-such-bucket/data").build()) {
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> wrongBucket.get("daily/latest.json"));
            assertThat(e.getMessage()).contains("get", "daily/latest.json", "s3://no-such-bucket/data/").doesNotContain(SECRET_KEY);
            assertThat(stackTrace(e)).doesNotContain(SECRET_KEY);

            IOException put = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> wrongBucket.put("daily/latest.json", new byte[] {1}, Visibility.PUBLIC));
            assertThat(put.getMessage()).contains("put", "daily/latest.json", "s3://no-such-bucket/data/").doesNotContain(SECRET_KEY);
            assertThatThrownBy(() -> wrongBucket.list("daily/")).isInstanceOf(IOException.class).hasMessageContaining("daily/");
        }

        String wrongSecret = "wr0ng-Secret-Also-Never-Shown";
        try (S3BlobStore badCredentials = builder("s3://" + bucket).credentials(ACCESS_KEY, new Secret(wrongSecret)).build()) {
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> badCredentials.put("k.json", "{}".getBytes(StandardCharsets.UTF_8), Visibility.PRIVATE));
            assertThat(e.getMessage()).contains("put", "k.json", "s3://" + bucket + "/").doesNotContain(wrongSecret).doesNotContain(SECRET_KEY);
            assertThat(stackTrace(e)).doesNotContain(wrongSecret).doesNotContain(SECRET_KEY);
            assertThatThrownBy(() -> badCredentials.exists("k.json")).isInstanceOf(IOException.class)
                    .hasMessageNotContaining(wrongSecret);
        }
    }

    @Test
    void fromConfigTalksToTheConfiguredEndpoint() throws IOException {
        Map<String, String> values = config("s3://" + bucket + "/configured");
        values.put("DATAVERSE_BLOB_GZIP_ENCODING", "true");
        try (S3BlobStore configured = S3BlobStore.fromConfig(LayeredConfig.ofMap(values))) {
            configured.put("a.json.gz", gzip("{}"), Visibility.PUBLIC);

            assertThat(configured.location()).isEqualTo("s3://" + bucket + "/configured/");
            assertThat(store.list("")).isEmpty();
            assertThat(configured.info("a.json.gz").orElseThrow())
                    .satisfies(i -> assertThat(i.contentEncoding()).contains("gzip"))
                    .satisfies(i -> assertThat(i.acl()).contains("public-read"));
        }
        try (S3BlobStore viaFactory = (S3BlobStore) BlobStores.fromConfig(LayeredConfig.ofMap(config("s3://" + bucket + "/configured")))) {
            assertThat(viaFactory.list("")).containsExactly("a.json.gz");
        }
    }

    @Test
    void fromConfigRejectsIncompleteSettings() {
        Map<String, String> onlyId = config("s3://" + bucket);
        onlyId.remove("DATAVERSE_S3_SECRET_ACCESS_KEY");
        assertThatThrownBy(() -> S3BlobStore.fromConfig(LayeredConfig.ofMap(onlyId)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("DATAVERSE_S3_SECRET_ACCESS_KEY");

        Map<String, String> badAcl = config("s3://" + bucket);
        badAcl.put("DATAVERSE_PUBLIC_ACL", "everyone");
        assertThatThrownBy(() -> S3BlobStore.fromConfig(LayeredConfig.ofMap(badAcl)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("everyone");

        assertThatThrownBy(() -> S3BlobStore.fromConfig(LayeredConfig.ofMap(config("file:/tmp/x"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("DATAVERSE_BLOB_STORE");

        Map<String, String> badEndpoint = config("s3://" + bucket);
        badEndpoint.put("DATAVERSE_S3_ENDPOINT", "localhost:9000");
        assertThatThrownBy(() -> S3BlobStore.fromConfig(LayeredConfig.ofMap(badEndpoint)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("localhost:9000");
    }

    @Test
    void locationMustBeAnS3Url() {
        for (String location : List.of("s3://", "s3:///prefix", "http://bucket/prefix", "bucket/prefix", "s3://bucket/a/../b", "s3://bucket//x")) {
            assertThatThrownBy(() -> S3BlobStore.builder().location(location).endpointOverride(URI.create("http://127.0.0.1:1")).build())
                    .as(location).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(location);
        }
    }
}
