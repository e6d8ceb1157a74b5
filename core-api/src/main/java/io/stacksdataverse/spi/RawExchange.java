package io.stacksdataverse.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One response received from an external source, as it should be kept in the raw zone.
 *
 * @param source      the source, e.g. {@code cryptocompare}
 * @param endpoint    a key-safe name of the endpoint, e.g. {@code data_v2_histohour}
 * @param method      the HTTP method
 * @param redactedUrl the request URL with every secret removed
 * @param status      the HTTP status code
 * @param contentType the response content type, or an empty string
 * @param body        the response body, verbatim
 * @param receivedAt  when the response was received
 */
public record RawExchange(String source, String endpoint, String method, String redactedUrl, int status,
                          String contentType, byte[] body, Instant receivedAt) {
    public RawExchange {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(redactedUrl, "redactedUrl");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
