package io.stacksdataverse.runners;

import io.stacksdataverse.spi.RawBodyWriter;
import io.stacksdataverse.spi.RawExchange;
import io.stacksdataverse.spi.RawRecord;
import io.stacksdataverse.spi.RawRecorder;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The raw zone as one task run (or one shared fetch) sees it: it passes every call to
 * {@code inner} and remembers the raw keys of the answers {@linkplain RawRecorder#used used} (the
 * answer an extractor returned, not the throttled or failed ones before it), for the manifest of
 * every task that is served the answer.
 */
public final class NotingRawRecorder implements RawRecorder {
    private final RawRecorder inner;
    private final Set<String> keys = Collections.synchronizedSet(new LinkedHashSet<>());

    public NotingRawRecorder(RawRecorder inner) {
        this.inner = inner;
    }

    @Override
    public String record(RawExchange exchange) throws IOException {
        return inner.record(exchange);
    }

    @Override
    public RawBodyWriter open(RawExchange head) throws IOException {
        return inner.open(head);
    }

    @Override
    public boolean replaying() {
        return inner.replaying();
    }

    @Override
    public Optional<RawRecord> replay(String source, String endpoint, String method, String redactedUrl) throws IOException {
        return inner.replay(source, endpoint, method, redactedUrl);
    }

    @Override
    public void used(String rawKey) {
        keys.add(rawKey);
        inner.used(rawKey);
    }

    /** The keys of the answers the run used, in the order it first used them. */
    public List<String> keys() {
        synchronized (keys) {
            return List.copyOf(keys);
        }
    }
}
