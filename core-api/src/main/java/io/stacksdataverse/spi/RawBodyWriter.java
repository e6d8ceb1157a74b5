package io.stacksdataverse.spi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * A response body on its way to the raw zone, written as it arrives so a large answer is never
 * held whole for its raw copy. {@link #commit()} keeps it; {@link #close()} before that drops it
 * (the answer broke off, or was refused).
 */
public interface RawBodyWriter extends AutoCloseable {

    void write(byte[] bytes, int offset, int length) throws IOException;

    /** Keeps the body written so far with the exchange's other fields; returns the raw-zone key. */
    String commit() throws IOException;

    /** Drops the body unless it was committed; never fails. */
    @Override
    void close();

    /**
     * A writer that gathers the body in memory and hands the whole exchange to {@code keep}: for
     * recorders that only know {@link RawRecorder#record(RawExchange)}.
     *
     * @param head the exchange with an empty body
     */
    static RawBodyWriter buffering(RawExchange head, Keeper keep) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        return new RawBodyWriter() {
            @Override
            public void write(byte[] bytes, int offset, int length) {
                body.write(bytes, offset, length);
            }

            @Override
            public String commit() throws IOException {
                return keep.record(new RawExchange(head.source(), head.endpoint(), head.method(), head.redactedUrl(),
                        head.status(), head.contentType(), body.toByteArray(), head.receivedAt()));
            }

            @Override
            public void close() {
            }
        };
    }

    /** A writer that keeps nothing and returns an empty key. */
    static RawBodyWriter discarding() {
        return new RawBodyWriter() {
            @Override
            public void write(byte[] bytes, int offset, int length) {
            }

            @Override
            public String commit() {
                return "";
            }

            @Override
            public void close() {
            }
        };
    }

    /** Keeps a whole exchange; returns its key. */
    @FunctionalInterface
    interface Keeper {
        String record(RawExchange exchange) throws IOException;
    }
}
