package io.stacksdataverse.extract.http;

import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.Secret;
import io.stacksdataverse.spi.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings of one HTTP source, read from {@code <PREFIX>_API_URL}, {@code <PREFIX>_API_KEY},
 * {@code <PREFIX>_RATE_LIMIT_PER_SECOND}, {@code <PREFIX>_MAX_ATTEMPTS}, {@code <PREFIX>_TIMEOUT}
 * and {@code <PREFIX>_READ_TIMEOUT}. {@link Source#settings()} declares them for the plugin.
 */
public record HttpSourceSettings(String baseUrl, Optional<Secret> apiKey, double permitsPerSecond, int maxAttempts,
                                 Duration callTimeout, Duration readTimeout) {
    static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    /**
     * One source: its name in errors and the raw zone, the prefix of its settings, its defaults, and
     * what its key does (how it is sent, and what happens without it).
     */
    public record Source(String name, String prefix, String defaultBaseUrl, double defaultPermitsPerSecond,
                         String urlMeaning, String apiKeyWhenUnset, String apiKeyMeaning) {

        public List<Setting> settings() {
            return List.of(
                    Setting.of(prefix + "_API_URL", defaultBaseUrl, urlMeaning),
                    Setting.secret(prefix + "_API_KEY", apiKeyWhenUnset, apiKeyMeaning),
                    Setting.of(prefix + "_RATE_LIMIT_PER_SECOND", plain(defaultPermitsPerSecond),
                            "request starts per second to " + name),
                    Setting.of(prefix + "_MAX_ATTEMPTS", Integer.toString(RetryPolicy.DEFAULT.maxAttempts()),
                            "attempts per request to " + name + " (429, 5xx, I/O errors; `Retry-After` honoured up to "
                                    + RetryPolicy.DEFAULT.maxRetryAfter().toMinutes() + " min)"),
                    Setting.of(prefix + "_TIMEOUT", DEFAULT_CALL_TIMEOUT.toString(), "timeout of one call to " + name),
                    Setting.of(prefix + "_READ_TIMEOUT", DEFAULT_READ_TIMEOUT.toString(),
                            "longest wait between two reads of a response from " + name));
        }

        public HttpSourceSettings read(Config config) {
            return new HttpSourceSettings(
                    config.get(prefix + "_API_URL", defaultBaseUrl),
                    config.secret(prefix + "_API_KEY"),
                    config.getDouble(prefix + "_RATE_LIMIT_PER_SECOND", defaultPermitsPerSecond),
                    config.getInt(prefix + "_MAX_ATTEMPTS", RetryPolicy.DEFAULT.maxAttempts()),
                    config.getDuration(prefix + "_TIMEOUT", DEFAULT_CALL_TIMEOUT),
                    config.getDuration(prefix + "_READ_TIMEOUT", DEFAULT_READ_TIMEOUT));
        }

        private static String plain(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
    }
}
