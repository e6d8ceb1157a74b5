package io.stacksdataverse.extract.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import io.stacksdataverse.extract.http.SourceException;
import io.stacksdataverse.extract.stacks.clarity.ClarityValue;
import io.stacksdataverse.extract.stacks.pox.PoxInfo;
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

    /** {@code GET /v2/pox}: the PoX constants and the node's current and next cycles. */
    public PoxInfo pox(RawRecorder raw) throws SourceException {
        return PoxInfo.parse(http.getJson(raw, "/v2/pox", Map.of()));
    }

    /** {@code GET /v2/fees/transfer}: the node's fee rate for an STX transfer, µSTX per byte (a bare integer). */
    public long transferFeeRate(RawRecorder raw) throws SourceException {
        SourceHttpClient.JsonResult result = http.getJson(raw, "/v2/fees/transfer", Map.of());
        JsonNode v = result.json();
        if (!v.canConvertToExactIntegral() || !v.canConvertToLong() || v.asLong() < 0) {
            throw result.malformed("expected a non-negative integer (µSTX per byte), got " + snippet(v));
        }
        return v.asLong();
    }

    /**
     * {@code POST /v2/contracts/call-read/{address}/{contract}/{function}?tip=…}: calls a read-only
     * function at the chain state of block {@code tipIndexBlockHash} (64 hex digits) and returns its
     * value. The node's refusal ({@code "okay": false}) and an answer that is not a Clarity value this
     * reader knows are {@link SourceException}s naming the call.
     */
    public ClarityValue callReadOnly(RawRecorder raw, String contractAddress, String contractName, String function,
                                     String tipIndexBlockHash, ClarityValue... arguments) throws SourceException {
        if (!tipIndexBlockHash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("tip is 64 lower-case hex digits without 0x, not '" + tipIndexBlockHash + "'");
        }
        StringBuilder args = new StringBuilder();
        for (ClarityValue a : arguments) {
            args.append(args.length() == 0 ? "" : ",").append('"').append(a.toHex()).append('"');
        }
        String body = "{\"sender\":\"" + contractAddress + "\",\"arguments\":[" + args + "]}";
        SourceHttpClient.JsonResult result = http.postJson(raw, "/v2/contracts/call-read/" + contractAddress + "/" + contractName
                + "/" + function, Map.of("tip", tipIndexBlockHash), body, "args=" + args.toString().replace("\"", ""));
        JsonNode json = result.json();
        if (!json.isObject() || !json.path("okay").isBoolean()) {
            throw result.malformed("expected {\"okay\": …, \"result\"|\"cause\": …}, got " + snippet(json));
        }
        if (!json.get("okay").asBoolean()) {
            throw result.malformed("the node refused the call: " + json.path("cause").asText("(no cause given)"));
        }
        JsonNode value = json.get("result");
        if (value == null || !value.isTextual()) {
            throw result.malformed("no 'result' string in the answer");
        }
        try {
            return ClarityValue.fromHex(value.asText());
        } catch (IllegalArgumentException e) {
            throw result.malformed(e.getMessage());
        }
    }

    private static String snippet(JsonNode v) {
        String s = String.valueOf(v);
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static long height(SourceHttpClient.JsonResult result, JsonNode tip, String field) throws SourceException {
        JsonNode v = tip.get(field);
        if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong() || v.asLong() < 0) {
            throw result.malformed("chain_tip." + field + " is not a non-negative integer: " + v);
        }
        return v.asLong();
    }
}
