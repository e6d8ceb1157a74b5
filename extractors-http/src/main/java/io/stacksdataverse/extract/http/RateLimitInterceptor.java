package io.stacksdataverse.extract.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Waits for the source's rate limit before every attempt, retries included. */
final class RateLimitInterceptor implements Interceptor {
    private final RateLimiter limiter;

    RateLimitInterceptor(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        CallState call = CallState.of(chain.request());
        try {
            limiter.acquire();
        } catch (InterruptedIOException e) {
            throw call.failure(-1, "interrupted while waiting for the rate limit", e);
        }
        call.attemptStartedNanos = System.nanoTime();
        return chain.proceed(chain.request());
    }
}
