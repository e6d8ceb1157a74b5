package io.stacksdataverse.transform.stacking;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RecentRewardsTest {

    @Test
    void btcIsExactAndAscendingNumerically() {
        TreeMap<Long, BigInteger> sats = new TreeMap<>(Map.of(1000L, BigInteger.valueOf(3), 999L, BigInteger.valueOf(123_456_789),
                1001L, BigInteger.valueOf(100_000_000)));
        Map<String, ?> btc = RecentRewards.btcPerBurnBlock(sats);
        assertThat(btc.keySet()).containsExactly("999", "1000", "1001");
        assertThat(btc.values()).extracting(Object::toString).containsExactly("1.23456789", "3E-8", "1");
    }

    @Test
    void theTwentyHighestHeightsFirstThenThoseWithoutABlockDropOut() throws Exception {
        TreeMap<Long, BigInteger> sats = new TreeMap<>();
        for (long h = 100; h < 130; h++) {
            sats.put(h, BigInteger.valueOf(100_000_000));
        }
        List<Long> newest = RecentRewards.highest(sats, RecentRewards.USD_HEIGHTS);
        assertThat(newest).hasSize(20).startsWith(110L).endsWith(129L);
        Map<Long, Long> times = new HashMap<>();
        for (long h = 100; h < 130; h++) {
            if (h % 5 != 0) {
                times.put(h, 86_400 * (h - 100));
            }
        }
        // a missing close gives null; 110, 115, 120, 125 have no Stacks block: 16 keys, not refilled from below 110
        Map<String, ?> usd = RecentRewards.usd(newest, sats, times,
                t -> t == 86_400 * 29 ? OptionalDouble.empty() : OptionalDouble.of(t / 86_400 + 0.0004));
        assertThat(usd).hasSize(16).containsEntry("129", null).doesNotContainKey("110").doesNotContainKey("109");
        assertThat(usd.get("111").toString()).as("r3 of 11.0004").isEqualTo("11");
        assertThat(usd.keySet()).first().isEqualTo("111");
    }
}
