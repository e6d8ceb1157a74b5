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

    /**
     * Every answer kept for one request (same source, endpoint, method and redacted URL) under the
     * execution date, oldest first.
     */
    List<RawRecord> answers(LocalDate executionDate, String source, String endpoint, String method, String redactedUrl)
            throws IOException;

    /** A recorder that files every exchange under one execution date. */
    default RawRecorder recorder(LocalDate executionDate) {
        return exchange -> store(executionDate, exchange);
    }

    /**
     * A recorder that replays the answers kept under one execution date and records nothing: the
     * newest successful answer to each request, else the newest answer.
     */
    default RawRecorder replayer(LocalDate executionDate) {
        return new RawRecorder() {
            @Override
            public String record(RawExchange exchange) {
                throw new IllegalStateException("a replay records nothing: " + exchange.source() + " " + exchange.redactedUrl());
            }

            @Override
            public boolean replaying() {
                return true;
            }

            @Override
            public Optional<RawRecord> replay(String source, String endpoint, String method, String redactedUrl)
                    throws IOException {
                List<RawRecord> kept = answers(executionDate, source, endpoint, method, redactedUrl);
                Optional<RawRecord> success = kept.stream()
                        .filter(r -> r.exchange().status() >= 200 && r.exchange().status() <= 299)
                        .reduce((a, b) -> b);
                return success.isPresent() ? success : kept.stream().reduce((a, b) -> b);
            }
        };
    }
}
