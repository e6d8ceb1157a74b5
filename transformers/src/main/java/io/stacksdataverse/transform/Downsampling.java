package io.stacksdataverse.transform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The catalog's anchored downsampling: from n rows indexed 0…n−1 (row 0 at the anchor, S0 for
 * daily series) keep every row whose index is a multiple of {@code every}, plus the last row.
 */
public final class Downsampling {
    private Downsampling() {
    }

    /** even+last. */
    public static <T> List<T> evenPlusLast(List<T> rows) {
        return everyNthPlusLast(rows, 2);
    }

    /** every-3rd+last. */
    public static <T> List<T> everyThirdPlusLast(List<T> rows) {
        return everyNthPlusLast(rows, 3);
    }

    public static <T> List<T> everyNthPlusLast(List<T> rows, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be positive");
        }
        List<T> kept = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (i % every == 0 || i == rows.size() - 1) {
                kept.add(rows.get(i));
            }
        }
        return kept;
    }

    /**
     * The same rule on a time series that may have gaps: keep the points whose slot
     * ⌊(t − anchor)/step⌋ is a multiple of {@code every}, plus the newest point. Anchored on the
     * slot, not on the position, so a missing point shifts nothing and the kept points stay put as
     * the window slides.
     */
    public static <V> Map<Long, V> slotEveryNthPlusLast(NavigableMap<Long, V> points, long anchor, long step, int every) {
        if (every < 1 || step < 1) {
            throw new IllegalArgumentException("every and step must be positive");
        }
        Map<Long, V> kept = new LinkedHashMap<>();
        Long last = points.isEmpty() ? null : points.lastKey();
        points.forEach((t, v) -> {
            if (Math.floorMod(Math.floorDiv(t - anchor, step), every) == 0 || t.equals(last)) {
                kept.put(t, v);
            }
        });
        return kept;
    }
}
