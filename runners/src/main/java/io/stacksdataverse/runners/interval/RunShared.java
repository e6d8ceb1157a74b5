package io.stacksdataverse.runners.interval;

import io.stacksdataverse.extract.http.SourceException;
import io.stacksdataverse.spi.RawBodyWriter;
import io.stacksdataverse.spi.RawExchange;
import io.stacksdataverse.spi.RawRecord;
import io.stacksdataverse.spi.RawRecorder;
import io.stacksdataverse.spi.TaskContext;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Answers fetched once per run and shared by its tasks: the first task that asks for {@code what}
 * makes the call, the others of the run wait for it and get the same answer, and every task's
 * raw-zone manifest names the raw objects the answer came from. A failed call is not kept (the
 * next task asks again). A replay shares nothing: each task reads its own run's answers.
 */
@Singleton
public final class RunShared {
    static final int MAX_ENTRIES = 64;

    /** A call made with the raw recorder it is handed. */
    @FunctionalInterface
    public interface Fetch<T> {
        T fetch(RawRecorder raw) throws SourceException;
    }

    private record Key(String runId, String what) {
    }

    private static final class Entry {
        final Set<String> rawKeys = new LinkedHashSet<>();
        boolean done;
        Object value;
    }

    private final Map<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** The answer to {@code what} in this run, fetched by {@code fetch} if no task of the run has it yet. */
    @SuppressWarnings("unchecked")
    public <T> T get(TaskContext ctx, String what, Fetch<T> fetch) throws SourceException {
        if (ctx.raw().replaying()) {
            return fetch.fetch(ctx.raw());
        }
        Entry entry;
        synchronized (entries) {
            entry = entries.computeIfAbsent(new Key(ctx.runId(), what), k -> new Entry());
        }
        synchronized (entry) {
            if (!entry.done) {
                entry.rawKeys.clear();
                entry.value = fetch.fetch(new UsedKeys(ctx.raw(), entry.rawKeys));
                entry.done = true;
            }
            entry.rawKeys.forEach(ctx.raw()::used);
            return (T) entry.value;
        }
    }

    /** The task's recorder, also noting the raw objects an answer came from. */
    private record UsedKeys(RawRecorder task, Set<String> keys) implements RawRecorder {
        @Override
        public String record(RawExchange exchange) throws IOException {
            return task.record(exchange);
        }

        @Override
        public RawBodyWriter open(RawExchange head) throws IOException {
            return task.open(head);
        }

        @Override
        public boolean replaying() {
            return task.replaying();
        }

        @Override
        public Optional<RawRecord> replay(String source, String endpoint, String method, String redactedUrl) throws IOException {
            return task.replay(source, endpoint, method, redactedUrl);
        }

        @Override
        public void used(String rawKey) {
            keys.add(rawKey);
            task.used(rawKey);
        }
    }
}
