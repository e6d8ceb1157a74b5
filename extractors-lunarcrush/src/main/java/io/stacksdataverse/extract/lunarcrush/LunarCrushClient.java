package io.stacksdataverse.extract.lunarcrush;

import com.fasterxml.jackson.databind.JsonNode;
import io.stacksdataverse.extract.http.SourceException;
import io.stacksdataverse.extract.http.HttpSourceSettings;
import io.stacksdataverse.extract.http.SourceHttpClient;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.RawRecorder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * LunarCrush API v4 ({@code https://lunarcrush.com/api4/public}); every call needs the key, sent
 * as {@code Authorization: Bearer <key>}. Answers are checked before they are handed out: an
 * {@code {"error": …}} body, a missing {@code data}, or a metric of the wrong type is a
 * {@link SourceException} naming the source, the request and the problem.
 */
public final class LunarCrushClient {
    public static final String SOURCE = "lunarcrush";
    public static final String DEFAULT_BASE_URL = "https://lunarcrush.com/api4/public";
    /** This source's settings and their defaults, declared by the plugin. */
    public static final HttpSourceSettings.Source HTTP_SOURCE = new HttpSourceSettings.Source(SOURCE,
            "LUNARCRUSH", DEFAULT_BASE_URL, 0.15, "LunarCrush API (social metrics)",
            "the LunarCrush tasks are disabled", "sent as `Authorization: Bearer …`");

    private final SourceHttpClient http;

    public LunarCrushClient(SourceHttpClient http) {
        this.http = http;
    }

    /** From {@code LUNARCRUSH_API_URL}, {@code LUNARCRUSH_API_KEY} and the rate-limit settings. */
    public static LunarCrushClient fromConfig(Config config) {
        return new LunarCrushClient(SourceHttpClient.fromConfig(HTTP_SOURCE, config)
                .authHeader("Authorization", key -> "Bearer " + key)
                .build());
    }

    /** Whether a key is configured; without one every LunarCrush task is disabled. */
    public boolean isConfigured() {
        return http.hasApiKey();
    }

    /** {@code GET /coins/{coin}/v1}: the coin's current metrics (the {@code data} object). */
    public JsonNode coin(RawRecorder raw, String coin) throws SourceException {
        return data(http.getJson(raw, coinPath(coin) + "/v1", Map.of()), true);
    }

    /**
     * {@code GET /coins/{coin}/v1}, reduced to its run-time {@code data.galaxy_score} and
     * {@code data.alt_rank}. A metric that is absent or {@code null} is {@code null}; one that is
     * present with another type is a {@link SourceException}.
     */
    public CoinMetrics coinMetrics(RawRecorder raw, String coin) throws SourceException {
        SourceHttpClient.JsonResult result = http.getJson(raw, coinPath(coin) + "/v1", Map.of());
        JsonNode data = data(result, true);
        return new CoinMetrics(galaxyScore(result, data, "data"), altRank(result, data, "data"), result.http());
    }

    /**
     * {@code GET /coins/{coin}/time-series/v2?bucket=…&start=…&end=…} ({@code start} and {@code end}
     * in unix seconds): the points of {@code data}, in the source's order. Each point must be an
     * object with an integer {@code time}, unique in the answer; {@code galaxy_score} must be a
     * number and {@code alt_rank} a whole number when present and not {@code null}. Anything else
     * is a {@link SourceException}. An empty {@code data} array is a valid (empty) answer.
     */
    public CoinTimeSeries coinTimeSeries(RawRecorder raw, String coin, String bucket, long start, long end)
            throws SourceException {
        Objects.requireNonNull(bucket, "bucket");
        if (end <= start) {
            throw new IllegalArgumentException("time-series end " + end + " must be after start " + start);
        }
        SourceHttpClient.JsonResult result = http.getJson(raw, coinPath(coin) + "/time-series/v2",
                Map.of("bucket", bucket, "start", Long.toString(start), "end", Long.toString(end)));
        JsonNode data = data(result, false);
        List<CoinTimePoint> points = new ArrayList<>(data.size());
        Set<Long> times = new HashSet<>();
        for (int i = 0; i < data.size(); i++) {
            JsonNode p = data.get(i);
            String where = "data[" + i + "]";
            if (!p.isObject()) {
                throw result.malformed(where + " is not an object: " + shown(p));
            }
            JsonNode time = p.get("time");
            if (time == null || !time.isIntegralNumber() || !time.canConvertToLong()) {
                throw result.malformed(where + " has no integer 'time' (got " + (time == null ? "nothing" : shown(time)) + ")");
            }
            long t = time.longValue();
            if (!times.add(t)) {
                throw result.malformed(where + " repeats time " + t + " of an earlier point");
            }
            where += " (time " + t + ")";
            points.add(new CoinTimePoint(t, galaxyScore(result, p, where), altRank(result, p, where)));
        }
        return new CoinTimeSeries(points, result.http());
    }

    private static String coinPath(String coin) {
        Objects.requireNonNull(coin, "coin");
        if (coin.isBlank() || coin.contains("/")) {
            throw new IllegalArgumentException("a LunarCrush coin is a symbol or id like STX, got '" + coin + "'");
        }
        return "/coins/" + coin;
    }

    /** {@code galaxy_score} of {@code node}, exactly as written; {@code null} when absent or null. */
    private static BigDecimal galaxyScore(SourceHttpClient.JsonResult result, JsonNode node, String where)
            throws SourceException {
        JsonNode v = node.get("galaxy_score");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw result.malformed(where + ": 'galaxy_score' is not a number: " + shown(v));
        }
        return v.decimalValue();
    }

    /** {@code alt_rank} of {@code node} as a whole number; {@code null} when absent or null. */
    private static Long altRank(SourceHttpClient.JsonResult result, JsonNode node, String where) throws SourceException {
        JsonNode v = node.get("alt_rank");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw result.malformed(where + ": 'alt_rank' is not a number: " + shown(v));
        }
        BigDecimal d = v.decimalValue();
        try {
            return d.stripTrailingZeros().scale() <= 0 ? d.longValueExact() : notWhole(result, where, v);
        } catch (ArithmeticException e) {
            return notWhole(result, where, v);
        }
    }

    private static Long notWhole(SourceHttpClient.JsonResult result, String where, JsonNode v) throws SourceException {
        throw result.malformed(where + ": 'alt_rank' is not a whole number: " + shown(v));
    }

    /** A JSON value as it may appear in an error: at most 60 characters. */
    private static String shown(JsonNode v) {
        String s = v.toString();
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private static JsonNode data(SourceHttpClient.JsonResult result, boolean object) throws SourceException {
        JsonNode json = result.json();
        if (!json.isObject()) {
            throw result.malformed("expected a JSON object, got " + shown(json));
        }
        if (json.hasNonNull("error")) {
            JsonNode error = json.get("error");
            throw result.malformed("LunarCrush answered an error: " + (error.isTextual() ? error.asText() : shown(error)));
        }
        JsonNode data = json.get("data");
        if (data == null || (object ? !data.isObject() : !data.isArray())) {
            throw result.malformed("expected 'data' to be " + (object ? "an object" : "an array") + ", got "
                    + (data == null ? "no 'data'" : shown(data)));
        }
        return data;
    }
}
