package io.stacksdataverse.extract.lunarcrush;

import com.fasterxml.jackson.databind.JsonNode;
import io.stacksdataverse.extract.http.SourceException;
import io.stacksdataverse.extract.http.SourceHttpClient;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.RawRecorder;
import java.util.Map;
import java.util.Objects;

/**
 * LunarCrush API v4 ({@code https://lunarcrush.com/api4/public}); every call needs the key, sent
 * as {@code Authorization: Bearer <key>}.
 */
public final class LunarCrushClient {
    public static final String SOURCE = "lunarcrush";
    public static final String DEFAULT_BASE_URL = "https://lunarcrush.com/api4/public";

    private final SourceHttpClient http;

    public LunarCrushClient(SourceHttpClient http) {
        this.http = http;
    }

    /** From {@code LUNARCRUSH_API_URL}, {@code LUNARCRUSH_API_KEY} and the rate-limit settings. */
    public static LunarCrushClient fromConfig(Config config) {
        return new LunarCrushClient(SourceHttpClient
                .fromConfig(SOURCE, "LUNARCRUSH", config, DEFAULT_BASE_URL, 0.15)
                .authHeader("Authorization", key -> "Bearer " + key)
                .build());
    }

    /** Whether a key is configured; without one every LunarCrush task is disabled. */
    public boolean isConfigured() {
        return http.hasApiKey();
    }

    /** {@code GET /coins/{coin}/v1}: the coin's current metrics (the {@code data} object). */
    public JsonNode coin(RawRecorder raw, String coin) throws SourceException {
        Objects.requireNonNull(coin, "coin");
        SourceHttpClient.JsonResult result = http.getJson(raw, "/coins/" + coin + "/v1", Map.of());
        return data(result, true);
    }

    /** {@code GET /coins/{coin}/time-series/v2?bucket=…&interval=…}: the {@code data} array of time buckets. */
    public JsonNode coinTimeSeries(RawRecorder raw, String coin, String bucket, String interval) throws SourceException {
        SourceHttpClient.JsonResult result = http.getJson(raw, "/coins/" + coin + "/time-series/v2",
                Map.of("bucket", bucket, "interval", interval));
        return data(result, false);
    }

    private static JsonNode data(SourceHttpClient.JsonResult result, boolean object) throws SourceException {
        JsonNode json = result.json();
        if (json.hasNonNull("error")) {
            throw result.malformed("LunarCrush answered an error: " + json.get("error").asText());
        }
        JsonNode data = json.get("data");
        if (data == null || (object ? !data.isObject() : !data.isArray())) {
            throw result.malformed("expected 'data' to be " + (object ? "an object" : "an array"));
        }
        return data;
    }
}
