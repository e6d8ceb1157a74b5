package io.stacksdataverse.spi;

import java.util.Objects;

/** An exchange kept in the raw zone, with the key it lies under. */
public record RawRecord(String key, RawExchange exchange) {
    public RawRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(exchange, "exchange");
    }
}
