package io.stacksdataverse.extract.http;

import java.io.IOException;
import java.util.OptionalInt;

/**
 * A source failed or answered with something we cannot use. The message always names the source,
 * the request (with secrets removed) and what was wrong.
 */
public class SourceException extends IOException {
    private final String source;
    private final String request;
    private final int status;

    public SourceException(String source, String request, String problem) {
        this(source, request, -1, problem, null);
    }

    public SourceException(String source, String request, int status, String problem, Throwable cause) {
        super(source + ": " + request + ": " + problem, cause);
        this.source = source;
        this.request = request;
        this.status = status;
    }

    /** The source name, e.g. {@code cryptocompare}. */
    public String source() {
        return source;
    }

    /** The request as {@code METHOD url}, secrets removed. */
    public String request() {
        return request;
    }

    /** The HTTP status of the failing response, when there was one. */
    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }
}
