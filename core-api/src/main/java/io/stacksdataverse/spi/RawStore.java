package io.stacksdataverse.spi;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The raw zone: every response an extractor receives, kept verbatim so a dataset can be rebuilt
 * when the source is gone. An object is never overwritten: the same request answered with the same
 * bytes maps to the same key (and is not written again), a different answer to a new key.
 */
public interface RawStore {

    /** Keeps the exchange under the execution date; returns where it lies. */
    String store(LocalDate executionDate, RawExchange exchange) throws IOException;

    /** The verbatim body stored under {@code key}. */
    Optional<byte[]> read(String key) throws IOException;

    /** Every body key under a prefix (see {@code io.stacksdataverse.paths.RawKeys}), ascending. */
    List<String> list(String prefix) throws IOException;

    /** A recorder that files every exchange under one execution date. */
    default RawRecorder recorder(LocalDate executionDate) {
        return exchange -> store(executionDate, exchange);
    }
}
