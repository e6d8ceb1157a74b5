package io.stacksdataverse.runners;

import io.stacksdataverse.spi.BlobStore;
import io.stacksdataverse.spi.Visibility;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Consumer;

/**
 * The blob store a task sees: every call goes to the real store, and the keys written public
 * (by a put or as a copy's target) are remembered, so the host knows which published objects a
 * CDN must forget. Each such key is first handed to a listener, before the write, so a record of it
 * survives a process that dies in the middle of the task. A put the publisher skips because the
 * bytes did not change never reaches here.
 */
final class PublicWriteRecorder implements BlobStore {
    private final BlobStore store;
    private final Consumer<String> beforePublicWrite;
    private final ConcurrentSkipListSet<String> publicKeys = new ConcurrentSkipListSet<>();

    PublicWriteRecorder(BlobStore store, Consumer<String> beforePublicWrite) {
        this.store = store;
        this.beforePublicWrite = beforePublicWrite;
    }

    /** The public keys written (or about to be) so far, in key order. */
    List<String> keys() {
        return List.copyOf(publicKeys);
    }

    private void record(String key, Visibility visibility) {
        if (visibility == Visibility.PUBLIC && publicKeys.add(key)) {
            beforePublicWrite.accept(key);
        }
    }

    @Override
    public void put(String key, byte[] content, Visibility visibility) throws IOException {
        record(key, visibility);
        store.put(key, content, visibility);
    }

    @Override
    public void put(String key, Path file, Visibility visibility) throws IOException {
        record(key, visibility);
        store.put(key, file, visibility);
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        return store.get(key);
    }

    @Override
    public boolean exists(String key) throws IOException {
        return store.exists(key);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return store.list(prefix);
    }

    @Override
    public void copy(String fromKey, String toKey, Visibility visibility) throws IOException {
        record(toKey, visibility);
        store.copy(fromKey, toKey, visibility);
    }

    @Override
    public String describe(String key) {
        return store.describe(key);
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
