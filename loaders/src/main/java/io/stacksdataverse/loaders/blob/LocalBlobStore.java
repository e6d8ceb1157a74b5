package io.stacksdataverse.loaders.blob;

import io.stacksdataverse.spi.BlobStore;
import io.stacksdataverse.spi.Visibility;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A blob store in a local folder, laid out as a static web server would serve it: the object under
 * key {@code a/b.json.gz} is the file {@code root/a/b.json.gz}.
 *
 * <p>Every write goes to a temporary file ({@code .tmp-…}) in the target's folder, is synced to
 * disk and then renamed over the target, so a reader sees the old or the new file, never a part.
 * Temporary files are never listed. A folder has no ACLs: {@link Visibility} changes nothing
 * (whoever serves the folder serves all of it), and nothing besides the objects is stored.
 *
 * <p>A key cannot name both an object and a folder ({@code a/b} and {@code a/b/c}), which S3
 * would allow; writing the second fails with an {@link IOException}.
 */
public final class LocalBlobStore implements InspectableBlobStore {
    private final Path root;
    private final boolean declareGzipEncoding;

    /** A store in {@code root} (created on the first write), reporting no gzip content encoding. */
    public LocalBlobStore(Path root) {
        this(root, false);
    }

    /**
     * A store in {@code root}; {@code declareGzipEncoding} only changes what {@link #info(String)}
     * reports (see {@link ContentTypes}): the headers are up to the web server serving the folder.
     */
    public LocalBlobStore(Path root, boolean declareGzipEncoding) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.declareGzipEncoding = declareGzipEncoding;
    }

    /** The folder holding the objects. */
    public Path root() {
        return root;
    }

    /** The file that holds (or would hold) the object under {@code key}. */
    public Path path(String key) {
        return root.resolve(BlobKeys.check(key));
    }

    @Override
    public void put(String key, byte[] content, Visibility visibility) throws IOException {
        Objects.requireNonNull(content, "content");
        writeAtomically("put", key, channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
    }

    @Override
    public void put(String key, Path file, Visibility visibility) throws IOException {
        Objects.requireNonNull(file, "file");
        writeAtomically("put", key, channel -> copyInto(file, channel));
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        Path path = path(key);
        try {
            return Optional.of(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (Files.isDirectory(path)) {
                return Optional.empty();
            }
            throw failure("get", key, e);
        }
    }

    /** Read from the file in a stream: a local read is cheap, and nothing else could hold a stale digest. */
    @Override
    public Optional<String> sha256(String key) throws IOException {
        Path file = path(key);
        try {
            return Optional.of(BlobStore.sha256Hex(file));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(path(key));
    }

    /** Keys that start with {@code prefix} as a plain string (so {@code a/b} matches {@code a/bc/x}), ascending. */
    @Override
    public List<String> list(String prefix) throws IOException {
        BlobKeys.checkPrefix(prefix);
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(start)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String dirKey = keyOf(dir) + "/";
                    return dirKey.startsWith(prefix) || prefix.startsWith(dirKey)
                            ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !file.getFileName().toString().startsWith(BlobKeys.TEMP_PREFIX)) {
                        String key = keyOf(file);
                        if (key.startsWith(prefix)) {
                            keys.add(key);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // e.g. a temporary file renamed meanwhile
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new IOException("cannot list prefix '" + prefix + "' in " + root + ": " + e, e);
        }
        Collections.sort(keys);
        return keys;
    }

    @Override
    public void copy(String fromKey, String toKey, Visibility visibility) throws IOException {
        Path source = path(fromKey);
        BlobKeys.check(toKey);
        if (!Files.isRegularFile(source)) {
            throw new IOException("cannot copy '" + fromKey + "' to '" + toKey + "' in " + root + ": no object '" + fromKey + "'");
        }
        writeAtomically("copy '" + fromKey + "' to", toKey, channel -> copyInto(source, channel));
    }

    /** The file URI, e.g. {@code file:///srv/data/daily_txs/latest.json.gz}. */
    @Override
    public String describe(String key) {
        return path(key).toUri().toString();
    }

    @Override
    public Optional<BlobInfo> info(String key) throws IOException {
        Path path = path(key);
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new BlobInfo(ContentTypes.contentType(key, declareGzipEncoding),
                    ContentTypes.contentEncoding(key, declareGzipEncoding), Optional.empty(), attrs.size()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("inspect", key, e);
        }
    }

    @Override
    public String toString() {
        return "LocalBlobStore[" + root + "]";
    }

    private interface ChannelWriter {
        void write(FileChannel channel) throws IOException;
    }

    /** Writes a temporary file next to the target, syncs it, renames it over the target. */
    private void writeAtomically(String operation, String key, ChannelWriter writer) throws IOException {
        Path target = path(key);
        Path dir = target.getParent();
        Path temp = dir.resolve(BlobKeys.TEMP_PREFIX + UUID.randomUUID());
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writer.write(channel);
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp, e);
            throw failure(operation, key, e);
        } catch (RuntimeException e) {
            deleteQuietly(temp, e);
            throw e;
        }
        syncDirectory(dir);
    }

    private static void deleteQuietly(Path temp, Exception cause) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static void copyInto(Path source, FileChannel channel) throws IOException {
        OutputStream out = Channels.newOutputStream(channel); // not closed here: the caller syncs and closes the channel
        try (InputStream in = Files.newInputStream(source)) {
            in.transferTo(out);
        }
    }

    /** Makes the rename durable; best effort (not every platform can open a folder). */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the rename is atomic already; only its durability across a crash is not guaranteed
        }
    }

    private String keyOf(Path path) {
        Path relative = root.relativize(path);
        StringBuilder key = new StringBuilder();
        for (Path name : relative) {
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(name);
        }
        return key.toString();
    }

    private IOException failure(String operation, String key, IOException e) {
        return new IOException("cannot " + operation + " '" + key + "' in " + root + ": " + e, e);
    }
}
