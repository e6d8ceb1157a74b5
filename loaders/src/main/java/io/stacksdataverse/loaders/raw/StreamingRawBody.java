package io.stacksdataverse.loaders.raw;

import io.stacksdataverse.spi.RawBodyWriter;
import io.stacksdataverse.spi.RawExchange;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * A raw body written as it arrives: gzipped into a temporary file while its SHA-256, length and
 * first non-blank byte are taken, so the body key is known at the end without the body in memory.
 * The gzip bytes equal {@link BlobRawStore#gzip} of the whole body (deflate does not depend on how
 * its input is cut).
 */
final class StreamingRawBody implements RawBodyWriter {
    /** Files a finished body; see {@link BlobRawStore#keep}. */
    @FunctionalInterface
    interface Keep {
        String keep(LocalDate executionDate, RawExchange head, String bodySha256, long bodyBytes, boolean startsLikeJson,
                    Path gzipped) throws IOException;
    }

    private final LocalDate executionDate;
    private final RawExchange head;
    private final Keep keep;
    private final Path file;
    private final OutputStream gzip;
    private final MessageDigest sha256;
    private long bytes;
    private boolean sawNonBlank;
    private boolean startsLikeJson;
    private boolean done;

    StreamingRawBody(LocalDate executionDate, RawExchange head, Keep keep) throws IOException {
        this.executionDate = executionDate;
        this.head = head;
        this.keep = keep;
        this.file = Files.createTempFile("raw-body-", ".gz");
        try {
            this.gzip = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024));
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e instanceof IOException io ? io : new IOException("cannot open a raw body file: " + e, e);
        }
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        if (done) {
            throw new IOException("raw body of " + head.redactedUrl() + " is closed");
        }
        for (int i = offset; !sawNonBlank && i < offset + length; i++) {
            byte b = data[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                sawNonBlank = true;
                startsLikeJson = b == '{' || b == '[';
            }
        }
        sha256.update(data, offset, length);
        gzip.write(data, offset, length);
        bytes += length;
    }

    @Override
    public String commit() throws IOException {
        if (done) {
            throw new IOException("raw body of " + head.redactedUrl() + " is closed");
        }
        done = true;
        try {
            gzip.close();
            return keep.keep(executionDate, head, HexFormat.of().formatHex(sha256.digest()), bytes, startsLikeJson, file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            gzip.close();
        } catch (IOException ignored) {
            // dropped anyway
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file the system cleans up
        }
    }
}
