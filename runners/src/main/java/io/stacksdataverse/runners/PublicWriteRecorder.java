package io.stacksdataverse.runners;

import io.stacksdataverse.spi.BlobStore;
import io.stacksdataverse.spi.Visibility;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The blob store a task sees: every call goes to the real store, and the keys written public
 * (by a put or as a copy's target) are remembered, so the host knows which published objects a
 * CDN must forget. A put the publisher skips because the bytes did not change never reaches here.
 */
final class PublicWriteRecorder implements BlobStore {
    private final BlobStore store;
    private final ConcurrentSkipListSet<String> publicKeys = new ConcurrentSkipListSet<>();

    PublicWriteRecorder(BlobStore store) {
        this.store = store;
    }

    /** The public keys written so far, in key order. */
    List<String> keys() {
        return List.copyOf(publicKeys);
    }

    private void record(String key, Visibility visibility) {
        if (visibility == Visibility.PUBLIC) {
            publicKeys.add(key);
        }
    }

    @Override
    public void put(String key, byte[] content, Visibility visibility) throws IOException {
        store.put(key, content, visibility);
        record(key, visibility);
    }

    @Override
    public void put(String key, Path file, Visibility visibility) throws IOException {
        store.put(key, file, visibility);
        record(key, visibility);
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
        store.copy(fromKey, toKey, visibility);
        record(toKey, visibility);
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
