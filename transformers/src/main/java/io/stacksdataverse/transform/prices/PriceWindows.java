package io.stacksdataverse.transform.prices;

import io.stacksdataverse.transform.Rounding;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The {@code price_over_time} windows: the hourly prices with {@code from <= unix_timestamp < to},
 * keys ascending as decimal strings, values r3.
 */
public final class PriceWindows {
    private PriceWindows() {
    }

    public static Map<String, BigDecimal> window(NavigableMap<Long, Double> pricesByTime, long fromInclusive,
                                                 long toExclusive) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (Map.Entry<Long, Double> e : pricesByTime.subMap(fromInclusive, true, toExclusive, false).entrySet()) {
            out.put(Long.toString(e.getKey()), Rounding.r3(e.getValue()));
        }
        return out;
    }
}
