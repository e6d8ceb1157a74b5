package io.stacksdataverse.extract.http;

import io.stacksdataverse.spi.RawBodyWriter;
import io.stacksdataverse.spi.RawExchange;
import java.io.IOException;
import java.time.Clock;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Keeps every answer verbatim in the raw zone before anything parses it, the retried ones too: the
 * body is copied to the raw zone as it is read ({@link RawTeeBody}), never gathered for it.
 */
final class RawCaptureInterceptor implements Interceptor {
    private final Clock clock;
    private final Redactor redactor;

    RawCaptureInterceptor(Clock clock, Redactor redactor) {
        this.clock = clock;
        this.redactor = redactor;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        CallState call = CallState.of(request);
        call.rawKey = "";
        Response response = chain.proceed(request);
        ResponseBody body = response.body();
        MediaType type = body.contentType();
        RawExchange head = new RawExchange(call.source, call.endpoint, request.method(), call.redactedUrl, response.code(),
                type == null ? "" : type.toString(), new byte[0], clock.instant());
        RawBodyWriter writer;
        try {
            writer = call.raw.open(head);
        } catch (IOException | RuntimeException e) {
            response.close();
            throw call.failure(response.code(), "cannot keep the raw response: " + redactor.text(e.getMessage()), e);
        }
        return response.newBuilder().body(new RawTeeBody(body, writer, call, response.code(), redactor)).build();
    }
}
