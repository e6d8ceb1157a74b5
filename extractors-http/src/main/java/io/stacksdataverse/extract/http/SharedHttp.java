package io.stacksdataverse.extract.http;

import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The one OkHttp client of the process. Each source derives its own with {@code newBuilder()}, so
 * all share one connection pool and dispatcher.
 */
public final class SharedHttp {
    private static final OkHttpClient BASE = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(30))
            .callTimeout(Duration.ofSeconds(60))
            .retryOnConnectionFailure(false)
            // Never follow a redirect: a key sent as a custom header (x-api-key) would go to
            // whatever host the redirect names. A 3xx is reported as an error instead.
            .followRedirects(false)
            .followSslRedirects(false)
            .build();

    private SharedHttp() {
    }

    public static OkHttpClient base() {
        return BASE;
    }
}
