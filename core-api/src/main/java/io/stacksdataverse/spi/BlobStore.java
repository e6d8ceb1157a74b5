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

    /**
     * The SHA-256 of the object's bytes (lower-case hex), or empty when there is none: what a publish compares
     * to skip writing the same bytes again. A store that keeps the digest beside the object answers without
     * reading the object; this default reads it.
     */
    default Optional<String> sha256(String key) throws IOException {
        return get(key).map(BlobStore::sha256Hex);
    }

    /** The SHA-256 of {@code content}, lower-case hex. */
    static String sha256Hex(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** The SHA-256 of the file's bytes, lower-case hex, read in a stream. */
    static String sha256Hex(Path file) throws IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

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
