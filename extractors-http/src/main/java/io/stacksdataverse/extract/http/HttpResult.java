package io.stacksdataverse.extract.http;

/**
 * A successful response: its status, verbatim body, the request that produced it (secrets
 * removed) and where the raw zone keeps it.
 */
public record HttpResult(String source, String request, int status, byte[] body, String rawKey) {
    /** A failure of this response's content: names the source and the request. */
    public SourceException malformed(String problem) {
        return new SourceException(source, request, status, problem, null);
    }
}
