package io.stacksdataverse.transform.stacking;

import io.stacksdataverse.transform.Rounding;
import io.stacksdataverse.transform.Units;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;

/** Catalogs #35–36: the BTC paid to stackers per burn block, and the newest of them in USD. */
public final class RecentRewards {
    /** #36 covers the 20 highest burn heights of #35. */
    public static final int USD_HEIGHTS = 20;

    private RecentRewards() {
    }

    /** #35: {@code {"<burn height>": BTC}}, sats × 10⁻⁸ exact, heights ascending. */
    public static Map<String, BigDecimal> btcPerBurnBlock(NavigableMap<Long, BigInteger> satsPerHeight) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        satsPerHeight.forEach((h, sats) -> out.put(Long.toString(h), Units.btc(new BigDecimal(sats))));
        return out;
    }

    /** The {@code n} highest burn heights, ascending. */
    public static List<Long> highest(NavigableMap<Long, BigInteger> satsPerHeight, int n) {
        List<Long> out = new ArrayList<>(satsPerHeight.descendingKeySet().stream().limit(n).toList());
        Collections.reverse(out);
        return out;
    }

    /** A BTC day close in USD, as of E; empty when the source has none. */
    @FunctionalInterface
    public interface DayClose {
        OptionalDouble of(long burnBlockTime) throws Exception;
    }

    /**
     * #36: for each of {@code heights} (ascending) that has a Stacks block, r3(BTC × the BTC day
     * close of its block's UTC day); heights without a block drop out, a missing close gives null.
     */
    public static Map<String, BigDecimal> usd(List<Long> heights, NavigableMap<Long, BigInteger> satsPerHeight,
                                              Map<Long, Long> burnBlockTimes, DayClose close) throws Exception {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (long h : heights) {
            Long time = burnBlockTimes.get(h);
            if (time == null) {
                continue;
            }
            OptionalDouble price = close.of(time);
            double btc = Units.btc(new BigDecimal(satsPerHeight.get(h))).doubleValue();
            out.put(Long.toString(h), price.isPresent() ? Rounding.r3(btc * price.getAsDouble()) : null);
        }
        return out;
    }
}
