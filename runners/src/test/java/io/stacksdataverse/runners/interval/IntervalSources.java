package io.stacksdataverse.runners.interval;

import io.stacksdataverse.extract.cryptocompare.CryptoCompareClient;
import io.stacksdataverse.extract.http.RetryPolicy;
import io.stacksdataverse.extract.http.SourceHttpClient;
import io.stacksdataverse.extract.stacks.StacksApiClient;
import java.time.Duration;
import mockwebserver3.MockWebServer;

/** The run-shared sources of the half-hourly tasks, one attempt per request, against one stand-in server of both APIs. */
public record IntervalSources(RunPox pox, IntervalPrices prices) {

    public static IntervalSources at(MockWebServer server) {
        RetryPolicy once = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        StacksApiClient stacks = new StacksApiClient(SourceHttpClient.builder("stacks-api").baseUrl(server.url("/").toString())
                .permitsPerSecond(1_000_000).retryPolicy(once).callTimeout(Duration.ofSeconds(10)).build());
        CryptoCompareClient prices = new CryptoCompareClient(SourceHttpClient.builder("cryptocompare")
                .baseUrl(server.url("/").toString()).permitsPerSecond(1_000_000).retryPolicy(once)
                .callTimeout(Duration.ofSeconds(10)).build());
        RunShared shared = new RunShared();
        return new IntervalSources(new RunPox(stacks, shared), new IntervalPrices(prices, shared));
    }
}
