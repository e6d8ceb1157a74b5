package io.stacksdataverse.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where datasets are published: a local folder or an S3 bucket. Keys are relative paths with
 * {@code /} separators.
 *
 * <p>Every write is atomic: a reader sees the old object or the new one, never a part. The
 * content type is derived from the key's suffix by the store; the bytes are stored as given (a
 * {@code .json.gz} object holds gzip bytes, and by default no {@code Content-Encoding} is set).
 */
public interface BlobStore {

    /** Writes {@code content} under {@code key}, replacing any object there. */
    void put(String key, byte[] content, Visibility visibility) throws IOException;

    /** Writes the file's bytes under {@code key}; for large objects written to a temporary file first. */
    void put(String key, Path file, Visibility visibility) throws IOException;

    /** The object's bytes, or empty when there is none. */
    Optional<byte[]> get(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** Every key that starts with {@code prefix}, in ascending order. */
    List<String> list(String prefix) throws IOException;

    /** Copies an object to another key (e.g. a dated dataset to its {@code latest} key). */
    void copy(String fromKey, String toKey, Visibility visibility) throws IOException;

    /** A location people can read, e.g. {@code file:/srv/data/daily_txs/latest.json.gz} or {@code s3://bucket/prefix/key}. */
    String describe(String key);
}
