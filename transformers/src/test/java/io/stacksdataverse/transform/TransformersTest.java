package io.stacksdataverse.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.transform.balances.WhaleBins;
import io.stacksdataverse.transform.prices.PriceWindows;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TransformersTest {

    @Test
    void r3RoundsTheExactBinaryValueHalfEven() {
        assertThat(Rounding.r3(1.3635)).isEqualByComparingTo("1.363");   // stored as 1.36349999…
        assertThat(Rounding.r3(0.0625)).isEqualByComparingTo("0.062");   // exact tie, half-even
        assertThat(Rounding.r3(0.0635)).isEqualByComparingTo("0.064");   // stored as 0.06350000000000000144…
        assertThat(Rounding.r2(2.675)).isEqualByComparingTo("2.67");     // Python gives 2.67 too
        assertThat(Rounding.r3(1.5).toPlainString()).isEqualTo("1.5");
        assertThat(Rounding.r3(100.0).toPlainString()).isEqualTo("100");
        assertThat(Rounding.r3(Double.NaN)).isNull();
        assertThat(Rounding.r3(Double.POSITIVE_INFINITY)).isNull();
    }

    @Test
    void utcDays() {
        assertThat(UtcDays.t(LocalDate.of(2021, 1, 14))).isEqualTo(UtcDays.S0);
        assertThat(UtcDays.t(LocalDate.of(2024, 6, 1))).isEqualTo(1_717_200_000L);
        assertThat(UtcDays.dayOf(1_717_200_000L + 86_399)).isEqualTo(LocalDate.of(2024, 6, 1));
        assertThat(UtcDays.dayOf(-1)).isEqualTo(LocalDate.of(1969, 12, 31));
        assertThat(UtcDays.dayStart(1_717_286_399L)).isEqualTo(1_717_200_000L);
    }

    @Test
    void priceWindowIsHalfOpenAscendingAndRounded() {
        TreeMap<Long, Double> prices = new TreeMap<>(Map.of(3600L, 1.23456, 0L, 1.0005, 7200L, 2.0, 10800L, 9.0));
        Map<String, BigDecimal> w = PriceWindows.window(prices, 0L, 10800L);
        assertThat(w.keySet()).containsExactly("0", "3600", "7200");
        assertThat(w.get("0")).isEqualByComparingTo("1");        // 1.0005 is 1.000499999… in binary
        assertThat(w.get("3600")).isEqualByComparingTo("1.235");
    }

    @Test
    void downsamplingKeepsAnchoredRowsAndTheLast() {
        assertThat(Downsampling.evenPlusLast(List.of(0, 1, 2, 3, 4))).containsExactly(0, 2, 4);
        assertThat(Downsampling.evenPlusLast(List.of(0, 1, 2, 3))).containsExactly(0, 2, 3);
        assertThat(Downsampling.everyThirdPlusLast(List.of(0, 1, 2, 3, 4))).containsExactly(0, 3, 4);
        assertThat(Downsampling.evenPlusLast(List.of())).isEmpty();
        assertThat(Downsampling.evenPlusLast(List.of(7))).containsExactly(7);
    }

    @Test
    void slotDownsamplingIsAnchoredOnTimeNotOnPosition() {
        long s0 = UtcDays.S0;
        TreeMap<Long, Integer> points = new TreeMap<>();
        // slots 0, 1, 3 (2 is missing), 4, 6, 7
        for (int slot : new int[] {0, 1, 3, 4, 6, 7}) {
            points.put(s0 + slot * 1800L, slot);
        }
        assertThat(Downsampling.slotEveryNthPlusLast(points, s0, 1800, 3)).containsExactly(
                Map.entry(s0, 0), Map.entry(s0 + 3 * 1800L, 3), Map.entry(s0 + 6 * 1800L, 6), Map.entry(s0 + 7 * 1800L, 7));
        // the window slid past slot 0: the kept slots stay 3 and 6, not "every third from the first point"
        points.remove(s0);
        assertThat(Downsampling.slotEveryNthPlusLast(points, s0, 1800, 3).keySet())
                .containsExactly(s0 + 3 * 1800L, s0 + 6 * 1800L, s0 + 7 * 1800L);
        // before the anchor, slots count backwards the same way
        assertThat(Downsampling.slotEveryNthPlusLast(new TreeMap<>(Map.of(s0 - 3 * 1800L, 1, s0 - 1800L, 2, s0 - 900L, 3)), s0, 1800, 3)
                .keySet()).containsExactly(s0 - 3 * 1800L, s0 - 900L);
        assertThat(Downsampling.slotEveryNthPlusLast(new TreeMap<Long, Integer>(), s0, 1800, 3)).isEmpty();
    }

    @Test
    void dailySeriesIsDenseAnchoredAndKeepsTheLastDay() {
        LocalDate s0 = LocalDate.of(2021, 1, 14);
        Map<LocalDate, Long> byDay = Map.of(s0, 5L, s0.plusDays(3), 7L);
        assertThat(DailySeries.denseEvenPlusLast(byDay, s0, s0.plusDays(3))).containsExactly(
                Map.entry(Long.toString(UtcDays.S0), 5L),
                Map.entry(Long.toString(UtcDays.S0 + 2 * 86_400), 0L),
                Map.entry(Long.toString(UtcDays.S0 + 3 * 86_400), 7L));
        assertThat(DailySeries.denseEvenPlusLast(byDay, s0, s0.plusDays(4)).keySet()).containsExactly(
                Long.toString(UtcDays.S0), Long.toString(UtcDays.S0 + 2 * 86_400), Long.toString(UtcDays.S0 + 4 * 86_400));
    }

    @Test
    void unitsAreExactAndFloatTextLooksLikePython() {
        assertThat(Units.stx(1_500_000_000_000L)).isEqualByComparingTo("1500000");
        assertThat(Units.floatText(Units.stx(1_500_000_000_000L))).isEqualTo("1500000.0");
        assertThat(Units.floatText(Units.stx(10_000_000_000_000_001L))).isEqualTo("10000000000.000001");
        assertThat(Units.floatText(Units.stx(500_000L))).isEqualTo("0.5");
        assertThat(Units.floatText(Units.btc(123L))).isEqualTo("0.00000123");
        assertThat(Units.floatText(java.math.BigDecimal.ZERO)).isEqualTo("0.0");
    }

    @Test
    void whaleBinsAreTheUpperEdgeOfTheBinAndOpenAtTheTop() {
        assertThat(WhaleBins.key(new java.math.BigDecimal("10000000000"))).isEqualTo(10_500);          // exactly 10,000 STX
        assertThat(WhaleBins.key(new java.math.BigDecimal("10499999999"))).isEqualTo(10_500);
        assertThat(WhaleBins.key(new java.math.BigDecimal("10500000000"))).isEqualTo(11_000);          // on an edge
        assertThat(WhaleBins.key(new java.math.BigDecimal("9999499999999"))).isEqualTo(9_999_500);
        assertThat(WhaleBins.key(new java.math.BigDecimal("9999500000000"))).isEqualTo(10_000_000);    // last edge
        assertThat(WhaleBins.key(new java.math.BigDecimal("500000000000000"))).isEqualTo(10_000_000);
    }
}
