package io.stacksdataverse.loaders.testing;

import io.stacksdataverse.loaders.blob.S3BlobStore;
import io.stacksdataverse.loaders.blob.S3StoreBuilder;
import io.stacksdataverse.spi.Secret;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3 API server for tests: S3Proxy in this JVM over jclouds' in-memory ("transient") blob
 * store, on a random loopback port, checking AWS V2/V4 signatures against the given credentials,
 * with one bucket created. Close it to stop the server (all data is dropped).
 *
 * <p>Modules using it from the {@code test-jar} of loaders also need {@code org.gaul:s3proxy} and
 * {@code org.eclipse.jetty.toolchain:jetty-jakarta-servlet-api} on their test class path.
 */
public final class S3ProxyServer implements AutoCloseable {
    private final BlobStoreContext context;
    private final S3Proxy proxy;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final String bucket;

    private S3ProxyServer(BlobStoreContext context, S3Proxy proxy, URI endpoint, String accessKey, String secretKey, String bucket) {
        this.context = context;
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.bucket = bucket;
    }

    /** Starts a server with fixed test credentials and the bucket {@code test-bucket}. */
    public static S3ProxyServer start() throws Exception {
        return start("test-access-key", "test-secret-key-0123456789", "test-bucket");
    }

    /** Starts a server that accepts requests signed with these credentials, holding one empty bucket. */
    public static S3ProxyServer start(String accessKey, String secretKey, String bucket) throws Exception {
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(bucket, "bucket");
        BlobStoreContext context = ContextBuilder.newBuilder("transient").build(BlobStoreContext.class);
        S3Proxy proxy = null;
        try {
            context.getBlobStore().createContainerInLocation(null, bucket);
            proxy = S3Proxy.builder()
                    .blobStore(context.getBlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .build();
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start within 10 s (state " + proxy.getState() + ")");
                }
                Thread.sleep(5);
            }
            URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
            return new S3ProxyServer(context, proxy, endpoint, accessKey, secretKey, bucket);
        } catch (Exception | Error e) {
            if (proxy != null) {
                try {
                    proxy.stop();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            context.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:port}. */
    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public String bucket() {
        return bucket;
    }

    /** A store builder for {@code s3://bucket/prefix} on this server (path style, the server's credentials). */
    public S3StoreBuilder storeBuilder(String prefix) {
        return S3BlobStore.builder()
                .location("s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix))
                .endpointOverride(endpoint)
                .region("us-east-1")
                .pathStyleAccess(true)
                .credentials(accessKey, new Secret(secretKey));
    }

    /** The {@code DATAVERSE_*} settings that point {@code BlobStores.fromConfig} at {@code s3://bucket/prefix} on this server. */
    public Map<String, String> config(String prefix) {
        return Map.of(
                "DATAVERSE_BLOB_STORE", "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix),
                "DATAVERSE_S3_ENDPOINT", endpoint.toString(),
                "DATAVERSE_S3_REGION", "us-east-1",
                "DATAVERSE_S3_ACCESS_KEY_ID", accessKey,
                "DATAVERSE_S3_SECRET_ACCESS_KEY", secretKey);
    }

    /** Stops the server; its data is gone. */
    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot stop S3Proxy at " + endpoint, e);
        } finally {
            context.close();
        }
    }
}
