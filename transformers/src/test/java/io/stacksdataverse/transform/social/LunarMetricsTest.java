package io.stacksdataverse.transform.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.transform.social.LunarMetrics.Metrics;
import io.stacksdataverse.transform.social.LunarMetrics.Point;
import io.stacksdataverse.transform.social.LunarMetrics.Spot;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LunarMetricsTest {
    private static final LocalDate D = LocalDate.of(2024, 6, 1);
    private static final long T_D = 1_717_200_000L;
    private static final long DAY = 86_400L;

    private static List<Metrics> ranks(Long... ranks) {
        return Arrays.stream(ranks).map(r -> new Metrics(BigDecimal.ONE, r)).toList();
    }

    @Test
    void theWindowIsTheThirtyWholeDaysEndingWithD() {
        assertThat(LunarMetrics.windowStart(D)).isEqualTo(T_D - 29 * DAY);
        assertThat(LunarMetrics.windowEnd(D)).isEqualTo(T_D + DAY);
        List<Point> points = List.of(
                new Point(T_D + DAY, BigDecimal.ONE, 1L),              // t(D+1): out
                new Point(T_D + DAY - 1, BigDecimal.valueOf(2), 2L),          // last second of D: in
                new Point(T_D - 29 * DAY, BigDecimal.TEN, 3L),         // t(D−29): in
                new Point(T_D - 29 * DAY - 1, BigDecimal.ONE, 4L),     // before t(D−29): out
                new Point(T_D - 30 * DAY, BigDecimal.ONE, 5L),         // D−30: out
                new Point(T_D - 5 * DAY, new BigDecimal("65.8"), 6L));
        NavigableMap<Long, Metrics> history = LunarMetrics.history(points, D);
        assertThat(history.keySet()).containsExactly(T_D - 29 * DAY, T_D - 5 * DAY, T_D + DAY - 1);
        assertThat(history.get(T_D - 5 * DAY)).isEqualTo(new Metrics(new BigDecimal("65.8"), 6L));
    }

    @Test
    void thirtyDailyPointsAreKeptAscendingWhateverTheSourceOrder() {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            points.add(new Point(T_D - i * DAY, BigDecimal.valueOf(i), (long) i));
        }
        NavigableMap<Long, Metrics> history = LunarMetrics.history(points, D);
        assertThat(history).hasSize(30);
        assertThat(history.firstKey()).isEqualTo(T_D - 29 * DAY);
        assertThat(history.lastKey()).isEqualTo(T_D);
        assertThat(new ArrayList<>(history.keySet())).isSorted();
    }

    @Test
    void aPointWithNullFieldsKeepsItsEntry() {
        NavigableMap<Long, Metrics> history = LunarMetrics.history(List.of(new Point(T_D, null, null),
                new Point(T_D - DAY, new BigDecimal("50"), null)), D);
        assertThat(history).containsEntry(T_D, new Metrics(null, null)).containsEntry(T_D - DAY, new Metrics(new BigDecimal("50"), null));
    }

    @Test
    void aRepeatedTimeInTheWindowIsRefused() {
        assertThatThrownBy(() -> LunarMetrics.history(List.of(new Point(T_D, null, 1L), new Point(T_D, null, 2L)), D))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Long.toString(T_D));
    }

    @Test
    void theMeanRankIsRoundedHalfUpExactly() {
        assertThat(LunarMetrics.meanAltRank(ranks(1L, 2L))).isEqualTo(2L);          // 1.5 -> 2
        assertThat(LunarMetrics.meanAltRank(ranks(1L, 2L, 2L))).isEqualTo(2L);      // 1.67 -> 2
        assertThat(LunarMetrics.meanAltRank(ranks(1L, 1L, 2L))).isEqualTo(1L);      // 1.33 -> 1
        assertThat(LunarMetrics.meanAltRank(ranks(2L, 3L))).isEqualTo(3L);          // 2.5 -> 3 (not half-even 2)
        assertThat(LunarMetrics.meanAltRank(ranks(337L, 338L, 340L, 341L))).isEqualTo(339L); // 339.0
        assertThat(LunarMetrics.meanAltRank(ranks(338L))).isEqualTo(338L);
        // A tie a double cannot hold: (2^53 + 2^53 + 1) / 2 = 2^53 + 0.5 -> 2^53 + 1.
        long big = 1L << 53;
        assertThat(LunarMetrics.meanAltRank(ranks(big, big + 1))).isEqualTo(big + 1);
    }

    @Test
    void theMeanSkipsNullsAndIsNullWhenEveryRankIsNull() {
        assertThat(LunarMetrics.meanAltRank(ranks(null, 1L, null, 2L))).isEqualTo(2L);
        assertThat(LunarMetrics.meanAltRank(ranks(null, null))).isNull();
        assertThat(LunarMetrics.meanAltRank(List.of())).isNull();
    }

    @Test
    void theSpotIsTheDayDPointWithTheMeanOfTheWindow() {
        NavigableMap<Long, Metrics> history = LunarMetrics.history(List.of(
                new Point(T_D - DAY, new BigDecimal("60"), 100L),
                new Point(T_D, new BigDecimal("65.8"), 338L)), D);
        Optional<Metrics> day = LunarMetrics.dayPoint(history, D);
        assertThat(day).contains(new Metrics(new BigDecimal("65.8"), 338L));
        assertThat(LunarMetrics.needsFallback(day)).isFalse();
        assertThat(LunarMetrics.spot(history, D, Optional.of(new Metrics(BigDecimal.ONE, 1L))))
                .as("a complete day-D point ignores the run-time values")
                .isEqualTo(new Spot(new BigDecimal("65.8"), 338L, 219L));
    }

    @Test
    void theSpotFallsBackToV1FieldByField() {
        Metrics v1 = new Metrics(new BigDecimal("70.1"), 476L);

        NavigableMap<Long, Metrics> noDayPoint = LunarMetrics.history(List.of(new Point(T_D - DAY, new BigDecimal("60"), 100L)), D);
        assertThat(LunarMetrics.dayPoint(noDayPoint, D)).isEmpty();
        assertThat(LunarMetrics.needsFallback(LunarMetrics.dayPoint(noDayPoint, D))).isTrue();
        assertThat(LunarMetrics.spot(noDayPoint, D, Optional.of(v1))).isEqualTo(new Spot(new BigDecimal("70.1"), 476L, 100L));

        NavigableMap<Long, Metrics> nullGalaxy = LunarMetrics.history(List.of(new Point(T_D, null, 338L)), D);
        assertThat(LunarMetrics.needsFallback(LunarMetrics.dayPoint(nullGalaxy, D))).isTrue();
        assertThat(LunarMetrics.spot(nullGalaxy, D, Optional.of(v1))).isEqualTo(new Spot(new BigDecimal("70.1"), 338L, 338L));

        NavigableMap<Long, Metrics> nullRank = LunarMetrics.history(List.of(new Point(T_D, new BigDecimal("65"), null)), D);
        assertThat(LunarMetrics.spot(nullRank, D, Optional.of(v1)))
                .as("the v1 rank fills the spot, not the 30-day mean").isEqualTo(new Spot(new BigDecimal("65"), 476L, null));

        assertThat(LunarMetrics.spot(nullRank, D, Optional.of(new Metrics(null, null))))
                .as("v1 without the field leaves it null").isEqualTo(new Spot(new BigDecimal("65"), null, null));
        assertThat(LunarMetrics.spot(noDayPoint, D, Optional.empty())).isEqualTo(new Spot(null, null, 100L));
    }

    @Test
    void theDayPointIsTheNewestPointOfDayD() {
        NavigableMap<Long, Metrics> history = LunarMetrics.history(List.of(
                new Point(T_D + 3600, BigDecimal.ONE, 1L),
                new Point(T_D + 7200, BigDecimal.valueOf(2), 2L),
                new Point(T_D - 1, BigDecimal.TEN, 10L)), D);
        assertThat(LunarMetrics.dayPoint(history, D)).contains(new Metrics(BigDecimal.valueOf(2), 2L));
    }
}
