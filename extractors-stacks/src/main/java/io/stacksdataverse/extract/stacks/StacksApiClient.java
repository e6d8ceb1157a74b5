package io.stacksdataverse.extract.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import io.stacksdataverse.extract.http.SourceException;
import io.stacksdataverse.extract.http.HttpSourceSettings;
import io.stacksdataverse.extract.http.SourceHttpClient;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.RawRecorder;
import java.util.Map;
import java.util.Optional;

/**
 * The Stacks Blockchain API over REST (Hiro's public API or a self-hosted one). An API key, when
 * configured, is sent as the {@code x-api-key} header.
 */
public final class StacksApiClient {
    public static final String SOURCE = "stacks-api";
    public static final String DEFAULT_BASE_URL = "https://api.hiro.so";
    /** This source's settings and their defaults, declared by the plugin. */
    public static final HttpSourceSettings.Source HTTP_SOURCE = new HttpSourceSettings.Source(SOURCE,
            "STACKS", DEFAULT_BASE_URL, 2, "Stacks Blockchain API (REST)", "–", "sent as `x-api-key`");

    private final SourceHttpClient http;

    public StacksApiClient(SourceHttpClient http) {
        this.http = http;
    }

    /** From {@code STACKS_API_URL}, {@code STACKS_API_KEY} (optional) and the rate-limit settings. */
    public static StacksApiClient fromConfig(Config config) {
        return new StacksApiClient(SourceHttpClient.fromConfig(HTTP_SOURCE, config)
                .authHeader("x-api-key", key -> key)
                .build());
    }

    public SourceHttpClient http() {
        return http;
    }

    /** {@code GET /extended}: the API's status and the tip of its own database. */
    public ApiStatus status(RawRecorder raw) throws SourceException {
        SourceHttpClient.JsonResult result = http.getJson(raw, "/extended", Map.of());
        JsonNode json = result.json();
        if (!json.isObject()) {
            throw result.malformed("expected a JSON object, got " + json.getNodeType());
        }
        if (!json.hasNonNull("status")) {
            throw result.malformed("no 'status' field: not a Stacks API status response");
        }
        JsonNode tip = json.get("chain_tip");
        Optional<ChainTip> chainTip = Optional.empty();
        if (tip != null && !tip.isNull()) {
            if (!tip.isObject()) {
                throw result.malformed("chain_tip is not an object");
            }
            chainTip = Optional.of(new ChainTip(
                    height(result, tip, "block_height"),
                    tip.path("block_hash").asText(""),
                    tip.path("index_block_hash").asText(""),
                    height(result, tip, "burn_block_height")));
        }
        return new ApiStatus(json.path("server_version").asText(""), json.path("status").asText(), chainTip);
    }

    private static long height(SourceHttpClient.JsonResult result, JsonNode tip, String field) throws SourceException {
        JsonNode v = tip.get(field);
        if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong() || v.asLong() < 0) {
            throw result.malformed("chain_tip." + field + " is not a non-negative integer: " + v);
        }
        return v.asLong();
    }
}
