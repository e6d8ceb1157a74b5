package io.stacksdataverse.runners.interval;

import io.stacksdataverse.extract.http.SourceException;
import io.stacksdataverse.runners.NotingRawRecorder;
import io.stacksdataverse.spi.RawRecorder;
import io.stacksdataverse.spi.TaskContext;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
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
                NotingRawRecorder noting = new NotingRawRecorder(ctx.raw());
                entry.value = fetch.fetch(noting);
                entry.rawKeys.clear();
                entry.rawKeys.addAll(noting.keys());
                entry.done = true;
            }
            entry.rawKeys.forEach(ctx.raw()::used);
            return (T) entry.value;
        }
    }
}
