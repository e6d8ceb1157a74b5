package io.stacksdataverse.host.memstore;

import io.stacksdataverse.spi.BlobStore;
import io.stacksdataverse.spi.BlobStoreFactory;
import io.stacksdataverse.spi.DataversePlugin;
import io.stacksdataverse.spi.Setting;
import io.stacksdataverse.spi.Visibility;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A plugin that exists only in test code and adds a blob store scheme, {@code mem:<name>}: stores of one name
 * share their objects for the life of the JVM, so a test can look at what a command published. It needs only
 * {@code core-api}: adding a store takes no change to {@code loaders} or the host.
 */
public final class MemoryStorePlugin implements DataversePlugin {
    private static final Map<String, MemoryStore> STORES = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "mem-store";
    }

    @Override
    public com.google.inject.Module module() {
        return binder -> BlobStoreFactory.schemes(binder).addBinding("mem").toInstance((location, config) ->
                store(location.substring("mem:".length())));
    }

    @Override
    public List<Setting> settings() {
        return List.of();
    }

    public static MemoryStore store(String name) {
        return STORES.computeIfAbsent(name, n -> new MemoryStore("mem:" + n));
    }

    /** Objects in a sorted map; each put replaces the whole value, so writes are atomic. */
    public static final class MemoryStore implements BlobStore {
        private final String location;
        private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();
        private final Map<String, Visibility> visibility = new ConcurrentHashMap<>();

        MemoryStore(String location) {
            this.location = location;
        }

        @Override
        public void put(String key, byte[] content, Visibility v) {
            objects.put(key, content.clone());
            visibility.put(key, v);
        }

        @Override
        public void put(String key, Path file, Visibility v) throws IOException {
            put(key, Files.readAllBytes(file), v);
        }

        @Override
        public Optional<byte[]> get(String key) {
            return Optional.ofNullable(objects.get(key)).map(byte[]::clone);
        }

        @Override
        public boolean exists(String key) {
            return objects.containsKey(key);
        }

        @Override
        public List<String> list(String prefix) {
            return objects.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
        }

        @Override
        public void copy(String fromKey, String toKey, Visibility v) throws IOException {
            byte[] content = objects.get(fromKey);
            if (content == null) {
                throw new IOException(describe(fromKey) + " does not exist");
            }
            put(toKey, content, v);
        }

        @Override
        public String describe(String key) {
            return location + "/" + key;
        }

        public Optional<Visibility> visibility(String key) {
            return Optional.ofNullable(visibility.get(key));
        }

        public Map<String, byte[]> objects() {
            return Map.copyOf(objects);
        }
    }
}
