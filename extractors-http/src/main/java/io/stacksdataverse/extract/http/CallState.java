package io.stacksdataverse.extract.http;

import io.stacksdataverse.spi.RawRecorder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.Request;

/**
 * What one request of a {@link SourceHttpClient} carries through the interceptors, as the
 * request's tag: who asks, where its raw copies go, and what happened on the way (the failed
 * attempts, the raw key of the answer, whether the answer was replayed). One call, one thread.
 */
final class CallState {
    final String source;
    final RawRecorder raw;
    final String endpoint;
    /** The request URL with every secret removed: what the raw zone files the answer under. */
    final String redactedUrl;
    /** The request as it may be shown: {@code METHOD redacted-url}. */
    final String shown;
    /** The problems of the attempts that were tried again, in order. */
    final List<String> failures = new ArrayList<>();
    int attempts;
    String rawKey = "";
    boolean replayed;
    long attemptStartedNanos = System.nanoTime();

    CallState(String source, RawRecorder raw, String endpoint, String redactedUrl, String shown) {
        this.source = source;
        this.raw = Objects.requireNonNull(raw, "raw");
        this.endpoint = endpoint;
        this.redactedUrl = redactedUrl;
        this.shown = shown;
    }

    static CallState of(Request request) {
        CallState state = request.tag(CallState.class);
        if (state == null) {
            throw new IllegalStateException("a source request without its call state: " + request.method());
        }
        return state;
    }

    /** A failure of this request, naming the source and the redacted request. */
    SourceException failure(int status, String problem, Throwable cause) {
        return new SourceException(source, shown, status, problem, cause);
    }

    /** The failures of the attempts, each distinct one once: {@code HTTP 503 (x2); I/O error: timeout}. */
    String summary() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        failures.forEach(f -> counts.merge(f, 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((f, n) -> parts.add(n == 1 ? f : f + " (x" + n + ")"));
        return String.join("; ", parts);
    }

    long attemptMillis() {
        return (System.nanoTime() - attemptStartedNanos) / 1_000_000;
    }
}
