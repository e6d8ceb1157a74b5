package io.stacksdataverse.host;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A local stand-in for CloudFront's {@code CreateInvalidation}: it answers queued errors first,
 * then creates an invalidation of the paths it was sent, and keeps every request's caller
 * reference and paths.
 */
final class CloudFrontStandIn extends Dispatcher {
    private static final Pattern CALLER = Pattern.compile("<CallerReference>([^<]*)</CallerReference>");
    private static final Pattern PATH = Pattern.compile("<Path>([^<]*)</Path>");

    /** One request: the caller reference, the paths, and the status answered. */
    record Call(String target, String callerReference, List<String> paths, int status) {
    }

    private final Deque<int[]> errors = new ConcurrentLinkedDeque<>();
    private volatile String echo = "";
    final List<Call> calls = new CopyOnWriteArrayList<>();

    /** Error messages repeat {@code text} (as an answer that echoes a request's credentials would). */
    void echoInErrors(String text) {
        this.echo = text;
    }

    /** The next {@code times} requests get HTTP {@code status} with CloudFront's error {@code code}. */
    void failNext(int times, int status) {
        for (int i = 0; i < times; i++) {
            errors.add(new int[] {status});
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        Matcher caller = CALLER.matcher(body);
        String reference = caller.find() ? caller.group(1) : "";
        List<String> paths = new ArrayList<>();
        Matcher path = PATH.matcher(body);
        while (path.find()) {
            paths.add(path.group(1));
        }
        int[] error = errors.poll();
        if (error != null) {
            calls.add(new Call(request.getTarget(), reference, paths, error[0]));
            String code = error[0] == 404 ? "NoSuchDistribution" : error[0] == 403 ? "AccessDenied" : "ServiceUnavailable";
            return new MockResponse.Builder().code(error[0]).addHeader("Content-Type", "text/xml")
                    .body("<?xml version=\"1.0\"?><ErrorResponse xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">"
                            + "<Error><Type>Sender</Type><Code>" + code + "</Code><Message>stand-in says " + code + echo + "</Message></Error>"
                            + "<RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>")
                    .build();
        }
        calls.add(new Call(request.getTarget(), reference, paths, 201));
        String id = "I" + String.format("%013d", calls.size());
        StringBuilder items = new StringBuilder();
        paths.forEach(p -> items.append("<Path>").append(p).append("</Path>"));
        return new MockResponse.Builder().code(201).addHeader("Content-Type", "text/xml")
                .body("<?xml version=\"1.0\"?><Invalidation xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">"
                        + "<Id>" + id + "</Id><Status>InProgress</Status><CreateTime>2024-06-02T00:05:00.000Z</CreateTime>"
                        + "<InvalidationBatch><Paths><Quantity>" + paths.size() + "</Quantity><Items>" + items
                        + "</Items></Paths><CallerReference>" + reference + "</CallerReference></InvalidationBatch></Invalidation>")
                .build();
    }

    /** The requests that created an invalidation. */
    List<Call> created() {
        return calls.stream().filter(c -> c.status() == 201).toList();
    }
}
