package io.stacksdataverse.host.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * The HTTP part of a floor: the requests a dataset made, sent again to the stand-in with a bare
 * client on one kept-alive connection, the answers read and dropped (no parsing, no raw zone).
 */
final class BareHttp {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    /** {@code baseUrl} ends with {@code /}; the requests' paths start with one. */
    BareHttp(String baseUrl) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    void send(List<SourcesStandIn.Request> requests) throws IOException, InterruptedException {
        for (SourcesStandIn.Request r : requests) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + r.pathAndQuery()));
            if (r.method().equals("GET")) {
                b.GET();
            } else {
                b.header("Content-Type", "application/json").method(r.method(), HttpRequest.BodyPublishers.ofString(r.body()));
            }
            HttpResponse<byte[]> answer = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new IOException("the stand-in answered " + answer.statusCode() + " to " + r.method() + " " + r.pathAndQuery());
            }
        }
    }
}
