package io.stacksdataverse.transform.stacking;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StackedOverTimeTest {
    private static StackedOverTime.Snapshot snap(long t, long current, long next, long ustx) {
        return new StackedOverTime.Snapshot(t, current, next, BigDecimal.valueOf(ustx));
    }

    @Test
    void snapshotPointsAreThoseOfTheCycleAfterTheLastSnapshotsCurrentCycle() {
        // The cycle turned between 1800 and 3600: the points of the old next cycle (11) are not current + 1 = 12.
        var points = StackedOverTime.snapshotPoints(List.of(snap(1800, 10, 11, 5_000_000), snap(3600, 11, 12, 1_000_000),
                snap(5400, 11, 12, 2_500_001)));
        assertThat(points).containsExactly(Map.entry(3600L, BigDecimal.valueOf(1_000_000)),
                Map.entry(5400L, BigDecimal.valueOf(2_500_001)));
        assertThat(StackedOverTime.snapshotPoints(List.of())).isEmpty();
    }

    @Test
    void theReadOnlyValueWinsOnASharedKeyAndValuesAreExactStx() {
        TreeMap<Long, BigDecimal> snaps = new TreeMap<>(Map.of(300L, new BigDecimal("1000000"), 100L, new BigDecimal("1")));
        TreeMap<Long, BigDecimal> exact = new TreeMap<>(Map.of(300L, new BigDecimal("3750255000000001"),
                200L, new BigDecimal("10000000000")));
        Map<String, BigDecimal> merged = StackedOverTime.merge(snaps, exact);
        assertThat(merged.keySet()).containsExactly("100", "200", "300");
        assertThat(merged.get("100").toPlainString()).isEqualTo("0.000001");
        assertThat(merged.get("200").toPlainString()).isEqualTo("10000");
        assertThat(merged.get("300").toPlainString()).isEqualTo("3750255000.000001");
        assertThat(StackedOverTime.merge(new TreeMap<>(), new TreeMap<>())).isEmpty();
    }
}
