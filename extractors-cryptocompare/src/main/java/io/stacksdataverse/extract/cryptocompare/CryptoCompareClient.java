package io.stacksdataverse.extract.cryptocompare;

import com.fasterxml.jackson.databind.JsonNode;
import io.stacksdataverse.extract.http.SourceException;
import io.stacksdataverse.extract.http.HttpSourceSettings;
import io.stacksdataverse.extract.http.SourceHttpClient;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.RawRecorder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CryptoCompare min-api. The key, when configured, is sent as {@code Authorization: Apikey <key>},
 * never in the URL.
 */
public final class CryptoCompareClient {
    public static final String SOURCE = "cryptocompare";
    public static final String DEFAULT_BASE_URL = "https://min-api.cryptocompare.com";
    /** This source's settings and their defaults, declared by the plugin. */
    public static final HttpSourceSettings.Source HTTP_SOURCE = new HttpSourceSettings.Source(SOURCE,
            "CRYPTOCOMPARE", DEFAULT_BASE_URL, 5, "CryptoCompare API (prices, candles)",
            "– (optional)", "sent as `Authorization: Apikey …`");
    /** Points per histo call: CryptoCompare returns {@code limit + 1} points and accepts {@code limit <= 2000}. */
    public static final int MAX_POINTS_PER_CALL = 2000;
    static final long MINUTE = 60;
    static final long HOUR = 3600;
    static final long DAY = 86_400;

    private final SourceHttpClient http;

    public CryptoCompareClient(SourceHttpClient http) {
        this.http = http;
    }

    /** From {@code CRYPTOCOMPARE_API_URL}, {@code CRYPTOCOMPARE_API_KEY} (optional) and the rate-limit settings. */
    public static CryptoCompareClient fromConfig(Config config) {
        return new CryptoCompareClient(SourceHttpClient.fromConfig(HTTP_SOURCE, config)
                .authHeader("Authorization", key -> "Apikey " + key)
                .retryableAnswer(CryptoCompareClient::isRateLimited)
                .build());
    }

    /**
     * CryptoCompare answers a rate limit with HTTP 200, {@code "Response":"Error"} and {@code "Type":99}
     * (its message says "rate limit"): such an answer is retried like a 429. Other errors are not.
     */
    public static boolean isRateLimited(byte[] body) {
        if (body.length > 16_384) {
            return false; // an error answer is short; a page of candles is not
        }
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        String compact = text.replaceAll("\\s+", "");
        return compact.contains("\"Response\":\"Error\"")
                && (compact.contains("\"Type\":99") || text.toLowerCase(java.util.Locale.ROOT).contains("rate limit"));
    }

    public SourceHttpClient http() {
        return http;
    }

    /**
     * One page of {@code /data/v2/histohour}: the hourly candles of the {@code points} hours
     * ending with the hour that starts at {@code toTs} (a multiple of 3600), ascending.
     */
    public List<Candle> histohourPage(RawRecorder raw, String fsym, String tsym, long toTs, int points) throws SourceException {
        return histoPage(raw, "/data/v2/histohour", HOUR, fsym, tsym, toTs, points);
    }

    /**
     * One page of {@code /data/v2/histominute}: the minute candles of the {@code points} minutes ending
     * with the minute that starts at {@code toTs} (a multiple of 60), ascending. CryptoCompare keeps
     * about 7 days of them.
     */
    public List<Candle> histominutePage(RawRecorder raw, String fsym, String tsym, long toTs, int points) throws SourceException {
        return histoPage(raw, "/data/v2/histominute", MINUTE, fsym, tsym, toTs, points);
    }

    /**
     * {@code /data/v2/histoday?allData=true}: every daily candle up to the day that starts at
     * {@code toTs}, in one call, ascending; the zero candles before the pair traded are dropped.
     */
    public List<Candle> histodayAll(RawRecorder raw, String fsym, String tsym, long toTs) throws SourceException {
        if (toTs % DAY != 0) {
            throw new IllegalArgumentException("toTs must start a UTC day, got " + toTs);
        }
        SourceHttpClient.JsonResult result = http.getJson(raw, "/data/v2/histoday",
                Map.of("fsym", fsym, "tsym", tsym, "allData", "true", "toTs", Long.toString(toTs)));
        List<Candle> candles = new ArrayList<>();
        for (JsonNode point : checkResponse(result)) {
            Candle c = candle(result, point, DAY);
            if (c.time() <= toTs && c.hasPrice()) {
                candles.add(c);
            }
        }
        candles.sort(Comparator.comparingLong(Candle::time));
        return candles;
    }

    /** One page of {@code /data/v2/histoday}: daily candles (UTC days) ending with the day that starts at {@code toTs}. */
    public List<Candle> histodayPage(RawRecorder raw, String fsym, String tsym, long toTs, int points) throws SourceException {
        return histoPage(raw, "/data/v2/histoday", DAY, fsym, tsym, toTs, points);
    }

    /**
     * Every hourly candle with {@code fromHour <= time <= toHour} (both multiples of 3600), paging
     * backwards with {@code toTs} at most {@value #MAX_POINTS_PER_CALL} hours a call. Hours the
     * source has no candle for are absent from the result.
     */
    public List<Candle> hourlyRange(RawRecorder raw, String fsym, String tsym, long fromHour, long toHour) throws SourceException {
        return range(raw, "/data/v2/histohour", HOUR, fsym, tsym, fromHour, toHour);
    }

    /** Every daily candle with {@code fromDay <= time <= toDay} (UTC day starts), paging like {@link #hourlyRange}. */
    public List<Candle> dailyRange(RawRecorder raw, String fsym, String tsym, long fromDay, long toDay) throws SourceException {
        return range(raw, "/data/v2/histoday", DAY, fsym, tsym, fromDay, toDay);
    }

    /**
     * {@code /data/pricemultifull?fsyms=…&tsyms=…}: live figures of every pair, by symbol then quote
     * ({@code RAW.<SYM>.<QUOTE>}: {@code PRICE}, {@code MKTCAP}, {@code TOTALVOLUME24HTO},
     * {@code SUPPLY}, {@code LASTUPDATE}). A pair the answer lacks is an error.
     */
    public Map<String, Map<String, SpotQuote>> spotQuotes(RawRecorder raw, List<String> symbols, List<String> quotes)
            throws SourceException {
        if (symbols.isEmpty() || quotes.isEmpty()) {
            throw new IllegalArgumentException("need at least one symbol and one quote");
        }
        SourceHttpClient.JsonResult result = http.getJson(raw, "/data/pricemultifull",
                Map.of("fsyms", String.join(",", symbols), "tsyms", String.join(",", quotes)));
        JsonNode json = result.json();
        if (!json.isObject()) {
            throw result.malformed("expected a JSON object, got " + json.getNodeType());
        }
        if ("Error".equalsIgnoreCase(json.path("Response").asText(""))) {
            throw result.malformed("CryptoCompare answered Response=Error: " + json.path("Message").asText("(no message)"));
        }
        Map<String, Map<String, SpotQuote>> out = new java.util.LinkedHashMap<>();
        for (String symbol : symbols) {
            for (String quote : quotes) {
                JsonNode pair = json.path("RAW").path(symbol).path(quote);
                if (!pair.isObject()) {
                    throw result.malformed("no RAW." + symbol + "." + quote + " in the answer");
                }
                long lastUpdate = pair.path("LASTUPDATE").canConvertToLong() ? pair.path("LASTUPDATE").asLong() : 0;
                out.computeIfAbsent(symbol, k -> new java.util.LinkedHashMap<>()).put(quote, new SpotQuote(symbol, quote,
                        field(result, pair, symbol, quote, "PRICE"), field(result, pair, symbol, quote, "MKTCAP"),
                        field(result, pair, symbol, quote, "TOTALVOLUME24HTO"), field(result, pair, symbol, quote, "SUPPLY"),
                        lastUpdate));
            }
        }
        return out;
    }

    private static double field(SourceHttpClient.JsonResult result, JsonNode pair, String symbol, String quote, String name)
            throws SourceException {
        JsonNode v = pair.get(name);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0) {
            throw result.malformed("RAW." + symbol + "." + quote + "." + name + " is not a non-negative number: " + v);
        }
        return v.asDouble();
    }

    private List<Candle> range(RawRecorder raw, String path, long step, String fsym, String tsym, long from, long to)
            throws SourceException {
        if (from % step != 0 || to % step != 0 || from > to) {
            throw new IllegalArgumentException("need aligned from <= to, got " + from + ".." + to);
        }
        TreeMap<Long, Candle> byTime = new TreeMap<>();
        long pageEnd = to;
        while (pageEnd >= from) {
            int points = (int) Math.min(MAX_POINTS_PER_CALL, (pageEnd - from) / step + 1);
            List<Candle> page = histoPage(raw, path, step, fsym, tsym, pageEnd, points);
            for (Candle c : page) {
                if (c.time() >= from && c.time() <= to) {
                    byTime.putIfAbsent(c.time(), c);
                }
            }
            pageEnd -= (long) points * step;
        }
        return new ArrayList<>(byTime.values());
    }

    private List<Candle> histoPage(RawRecorder raw, String path, long step, String fsym, String tsym, long toTs,
                                   int points) throws SourceException {
        if (points < 1 || points > MAX_POINTS_PER_CALL) {
            throw new IllegalArgumentException("points must be 1.." + MAX_POINTS_PER_CALL + ", got " + points);
        }
        Map<String, String> query = Map.of(
                "fsym", fsym,
                "tsym", tsym,
                "limit", Integer.toString(points - 1),
                "toTs", Long.toString(toTs));
        SourceHttpClient.JsonResult result = http.getJson(raw, path, query);
        JsonNode data = checkResponse(result);
        List<Candle> candles = new ArrayList<>();
        for (JsonNode point : data) {
            Candle c = candle(result, point, step);
            if (c.time() <= toTs && c.time() > toTs - (long) points * step) {
                candles.add(c);
            }
        }
        candles.sort(Comparator.comparingLong(Candle::time));
        return candles;
    }

    /** The candle array, from the v2 shape ({@code Data.Data}) or the legacy v1 shape ({@code Data}). */
    static JsonNode checkResponse(SourceHttpClient.JsonResult result) throws SourceException {
        JsonNode json = result.json();
        if (!json.isObject()) {
            throw result.malformed("expected a JSON object, got " + json.getNodeType());
        }
        String response = json.path("Response").asText("");
        if ("Error".equalsIgnoreCase(response)) {
            throw result.malformed("CryptoCompare answered Response=Error: " + json.path("Message").asText("(no message)"));
        }
        if (!"Success".equalsIgnoreCase(response)) {
            throw result.malformed("expected Response=Success, got '" + response + "'");
        }
        JsonNode data = json.path("Data");
        if (data.isObject()) {
            data = data.path("Data");
        }
        if (!data.isArray()) {
            throw result.malformed("no candle array at Data.Data (v2) or Data (v1)");
        }
        return data;
    }

    private static Candle candle(SourceHttpClient.JsonResult result, JsonNode point, long step) throws SourceException {
        JsonNode time = point.get("time");
        if (time == null || !time.canConvertToExactIntegral() || !time.canConvertToLong()) {
            throw result.malformed("candle without an integer 'time': " + point);
        }
        long t = time.asLong();
        if (t % step != 0) {
            throw result.malformed("candle time " + t + " is not aligned to " + step + " s");
        }
        return new Candle(t, number(result, point, "open"), number(result, point, "high"), number(result, point, "low"),
                number(result, point, "close"), number(result, point, "volumefrom"), number(result, point, "volumeto"));
    }

    private static double number(SourceHttpClient.JsonResult result, JsonNode point, String field) throws SourceException {
        JsonNode v = point.get(field);
        if (v == null || !v.isNumber()) {
            throw result.malformed("candle at time " + point.path("time").asText() + " has no numeric '" + field + "'");
        }
        double d = v.asDouble();
        if (!Double.isFinite(d) || d < 0) {
            throw result.malformed("candle at time " + point.path("time").asText() + " has an impossible " + field + " " + v);
        }
        return d;
    }
}
