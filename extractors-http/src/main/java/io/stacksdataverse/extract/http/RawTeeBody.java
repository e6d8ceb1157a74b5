package io.stacksdataverse.extract.http;

import io.stacksdataverse.spi.RawBodyWriter;
import java.io.IOException;
import java.io.OutputStream;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * A response body that copies each chunk it reads to a {@link RawBodyWriter}. At the end of the
 * body the copy is committed (its key goes to the {@link CallState}); a body that breaks off or is
 * closed before its end drops the copy, so the raw object is complete or absent.
 */
final class RawTeeBody extends ResponseBody {
    private final ResponseBody upstream;
    private final BufferedSource source;

    RawTeeBody(ResponseBody upstream, RawBodyWriter writer, CallState call, int status, Redactor redactor) {
        this.upstream = upstream;
        this.source = Okio.buffer(new Tee(upstream.source(), writer, call, status, redactor));
    }

    @Override
    public MediaType contentType() {
        return upstream.contentType();
    }

    @Override
    public long contentLength() {
        return upstream.contentLength();
    }

    @Override
    public BufferedSource source() {
        return source;
    }

    private static final class Tee extends ForwardingSource {
        private final RawBodyWriter writer;
        private final CallState call;
        private final int status;
        private final Redactor redactor;
        private final OutputStream copy;
        private boolean ended;

        Tee(okio.Source upstream, RawBodyWriter writer, CallState call, int status, Redactor redactor) {
            super(upstream);
            this.writer = writer;
            this.call = call;
            this.status = status;
            this.redactor = redactor;
            this.copy = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    writer.write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    writer.write(b, off, len);
                }
            };
        }

        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
            long n;
            try {
                n = super.read(sink, byteCount);
            } catch (IOException | RuntimeException e) {
                drop();
                throw e;
            }
            if (ended) {
                return n;
            }
            try {
                if (n == -1) {
                    ended = true;
                    call.rawKey = writer.commit();
                } else {
                    sink.copyTo(copy, sink.size() - n, n);
                }
            } catch (IOException | RuntimeException e) {
                drop();
                throw call.failure(status, "cannot keep the raw response: " + redactor.text(e.getMessage()), e);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                drop();
            }
        }

        /** Drops the copy unless it was committed (closing a writer after its commit does nothing). */
        private void drop() {
            ended = true;
            writer.close();
        }
    }
}
