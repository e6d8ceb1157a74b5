package io.stacksdataverse.spi;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The raw zone: every response an extractor receives, kept verbatim so a dataset can be rebuilt
 * when the source is gone. An object is never overwritten: the same request answered with the same
 * bytes maps to the same key (and is not written again), a different answer to a new key.
 */
public interface RawStore {

    /** Keeps the exchange under the execution date; returns where it lies. */
    String store(LocalDate executionDate, RawExchange exchange) throws IOException;

    /**
     * Opens the raw copy of an answer whose body is still arriving, to be kept under the execution
     * date like {@link #store}; {@code head} is the exchange with an empty body. By default the body
     * is gathered in memory; a store that can write as bytes come overrides this.
     */
    default RawBodyWriter open(LocalDate executionDate, RawExchange head) throws IOException {
        return RawBodyWriter.buffering(head, exchange -> store(executionDate, exchange));
    }

    /** The verbatim body stored under {@code key}. */
    Optional<byte[]> read(String key) throws IOException;

    /** Every body key under a prefix (see {@code io.stacksdataverse.paths.RawKeys}), ascending. */
    List<String> list(String prefix) throws IOException;

    /**
     * Every answer kept for one request (same source, endpoint, method and redacted URL) under the
     * execution date, oldest first.
     */
    default List<RawRecord> answers(LocalDate executionDate, String source, String endpoint, String method, String redactedUrl)
            throws IOException {
        return answers(executionDate, source, endpoint, method, redactedUrl, null);
    }

    /**
     * {@link #answers(LocalDate, String, String, String, String)} among the raw objects
     * {@code onlyKeys} ({@code null}: all).
     */
    List<RawRecord> answers(LocalDate executionDate, String source, String endpoint, String method, String redactedUrl,
                            Collection<String> onlyKeys) throws IOException;

    /**
     * Keeps the list of raw objects a successful run of a task read for a date (its manifest), so a
     * replay answers from exactly those and not from answers other runs received.
     */
    void keepManifest(LocalDate executionDate, String taskId, String runId, Instant at, Collection<String> keys)
            throws IOException;

    /** The raw keys the newest successful run of the task for the date read; empty when none was kept. */
    Optional<List<String>> latestManifest(LocalDate executionDate, String taskId) throws IOException;

    /** A recorder that files every exchange under one execution date. */
    default RawRecorder recorder(LocalDate executionDate) {
        return new RawRecorder() {
            @Override
            public String record(RawExchange exchange) throws IOException {
                return store(executionDate, exchange);
            }

            @Override
            public RawBodyWriter open(RawExchange head) throws IOException {
                return RawStore.this.open(executionDate, head);
            }
        };
    }

    /**
     * A recorder that replays the answers kept under one execution date and records nothing: the
     * newest successful answer to each request, else the newest.
     */
    default RawRecorder replayer(LocalDate executionDate) {
        return replayer(executionDate, null);
    }

    /**
     * A replaying recorder that answers only from the raw objects {@code onlyKeys} (a run's
     * manifest); {@code null} for every answer kept under the date.
     */
    default RawRecorder replayer(LocalDate executionDate, Collection<String> onlyKeys) {
        Set<String> allowed = onlyKeys == null ? null : Set.copyOf(onlyKeys);
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
                List<RawRecord> kept = answers(executionDate, source, endpoint, method, redactedUrl, allowed);
                Optional<RawRecord> success = kept.stream()
                        .filter(r -> r.exchange().status() >= 200 && r.exchange().status() <= 299)
                        .reduce((a, b) -> b);
                return success.isPresent() ? success : kept.stream().reduce((a, b) -> b);
            }
        };
    }
}
