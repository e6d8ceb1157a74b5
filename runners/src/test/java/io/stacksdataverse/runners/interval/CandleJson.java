package io.stacksdataverse.runners.interval;

import java.util.List;

/** CryptoCompare candles in the v2 shape of the recorded {@code histoday.json} ({@code Data.Data}), for stand-ins. */
public final class CandleJson {
    private CandleJson() {
    }

    public static String candle(long time, double open, double high, double close) {
        return "{\"time\":" + time + ",\"high\":" + high + ",\"low\":" + Math.min(open, close) + ",\"open\":" + open
                + ",\"volumefrom\":1.0,\"volumeto\":2.0,\"close\":" + close + ",\"conversionType\":\"direct\",\"conversionSymbol\":\"\"}";
    }

    public static String candles(List<String> points) {
        return "{\"Response\":\"Success\",\"Message\":\"\",\"HasWarning\":false,\"Type\":100,\"RateLimit\":{},"
                + "\"Data\":{\"Aggregated\":false,\"TimeFrom\":0,\"TimeTo\":0,\"Data\":[" + String.join(",", points) + "]}}";
    }
}
