package io.stacksdataverse.spi;

import java.io.IOException;
import java.util.Optional;

/**
 * The raw zone as an extractor sees it during one run. Normally it records every answer a
 * source gives. In a replay ({@code ./dataverse replay}) it records nothing and answers each
 * request from the raw zone instead, so a dataset is rebuilt with no source at all.
 */
public interface RawRecorder {

    /** Keeps the exchange; returns the raw-zone key. */
    String record(RawExchange exchange) throws IOException;

    /**
     * Opens the raw copy of an answer whose body is still arriving; {@code head} is the exchange
     * with an empty body. Recorders that can write as bytes come override this; by default the body
     * is gathered and handed to {@link #record}.
     */
    default RawBodyWriter open(RawExchange head) throws IOException {
        return RawBodyWriter.buffering(head, this::record);
    }

    /** True when requests must not go out: every answer comes from {@link #replay}. */
    default boolean replaying() {
        return false;
    }

    /**
     * The answer kept for this request under the run's execution date (the newest successful one
     * when several were kept, else the newest); empty when none was kept. Only for a replaying
     * recorder.
     */
    default Optional<RawRecord> replay(String source, String endpoint, String method, String redactedUrl) throws IOException {
        return Optional.empty();
    }

    /**
     * Tells the recorder that the run used the answer kept under {@code rawKey}: the answer an
     * extractor returned (not the throttled or failed answers before it), or one taken from a cache
     * shared by the tasks of a run. A successful run's manifest lists these, and its replay answers
     * from them only.
     */
    default void used(String rawKey) {
    }

    /** A recorder that keeps nothing, for code paths that must not write (e.g. a dry run). */
    static RawRecorder discarding() {
        return new RawRecorder() {
            @Override
            public String record(RawExchange exchange) {
                return "";
            }

            @Override
            public RawBodyWriter open(RawExchange head) {
                return RawBodyWriter.discarding();
            }
        };
    }
}
