package io.stacksdataverse.transform.stacking;

import io.stacksdataverse.transform.Units;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Catalog #8's series: the STX committed to the cycle after the current one, from the half-hourly
 * {@code /v2/pox} snapshots and the exact read-only points, keyed by unix seconds.
 */
public final class StackedOverTime {
    private StackedOverTime() {
    }

    /** One snapshot taken at interval end {@code time}: the node's current and next cycle, µSTX committed to the next. */
    public record Snapshot(long time, long currentCycle, long nextCycle, BigDecimal nextCycleUstx) {
    }

    /**
     * The snapshot points of a day: with {@code snapshots} the ones before t(D+1) by time ascending,
     * current = the current cycle of the last one, and the points those of cycle current + 1.
     */
    public static NavigableMap<Long, BigDecimal> snapshotPoints(List<Snapshot> snapshots) {
        NavigableMap<Long, BigDecimal> out = new TreeMap<>();
        if (snapshots.isEmpty()) {
            return out;
        }
        long next = snapshots.get(snapshots.size() - 1).currentCycle() + 1;
        for (Snapshot s : snapshots) {
            if (s.nextCycle() == next) {
                out.put(s.time(), s.nextCycleUstx());
            }
        }
        return out;
    }

    /**
     * {@code {"<unix s>": STX}} ascending: the union of both sources (µSTX), the read-only value
     * winning where a key has both (it is exact); values µSTX × 10⁻⁶, unrounded.
     */
    public static Map<String, BigDecimal> merge(NavigableMap<Long, BigDecimal> snapshotUstx,
                                                NavigableMap<Long, BigDecimal> readonlyUstx) {
        TreeMap<Long, BigDecimal> all = new TreeMap<>(snapshotUstx);
        all.putAll(readonlyUstx);
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        all.forEach((t, ustx) -> out.put(Long.toString(t), Units.stx(ustx)));
        return out;
    }
}
