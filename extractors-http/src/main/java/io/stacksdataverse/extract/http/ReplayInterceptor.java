package io.stacksdataverse.extract.http;

import io.stacksdataverse.spi.RawExchange;
import io.stacksdataverse.spi.RawRecord;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * In a replay, answers with the body the raw zone kept for the request instead of calling the
 * source: a replay sends nothing, so it sits before the retries and the rate limit.
 */
final class ReplayInterceptor implements Interceptor {
    private final Redactor redactor;

    ReplayInterceptor(Redactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        CallState call = CallState.of(request);
        if (!call.raw.replaying()) {
            return chain.proceed(request);
        }
        RawRecord kept;
        try {
            kept = call.raw.replay(call.source, call.endpoint, request.method(), call.redactedUrl).orElseThrow(() ->
                    call.failure(-1, "replay: the raw zone keeps no answer to this request for the run's execution date"
                            + " (the original run must have made exactly this request)", null));
        } catch (SourceException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw call.failure(-1, "replay: cannot read the raw zone: " + redactor.text(e.getMessage()), e);
        }
        call.rawKey = kept.key();
        call.replayed = true;
        RawExchange answer = kept.exchange();
        MediaType type = answer.contentType().isEmpty() ? null : MediaType.parse(answer.contentType());
        return new Response.Builder()
                .request(request)
                .protocol(Protocol.HTTP_1_1)
                .code(answer.status())
                .message("replayed from raw " + kept.key())
                .body(ResponseBody.create(answer.body(), type))
                .build();
    }
}
