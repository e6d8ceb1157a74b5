package io.stacksdataverse.spi;

import java.io.IOException;

/** The raw zone as an extractor sees it during one run: it only records. */
@FunctionalInterface
public interface RawRecorder {

    /** Keeps the exchange; returns the raw-zone key. */
    String record(RawExchange exchange) throws IOException;

    /** A recorder that keeps nothing, for code paths that must not write (e.g. a dry run). */
    static RawRecorder discarding() {
        return exchange -> "";
    }
}
