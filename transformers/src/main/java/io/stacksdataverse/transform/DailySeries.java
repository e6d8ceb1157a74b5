package io.stacksdataverse.transform;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Daily series of the catalog: dense over S0…D, keyed by t(d), downsampled anchored at S0. */
public final class DailySeries {
    private DailySeries() {
    }

    /**
     * {@code {"<t(d)>": value}} for every day d from {@code first} through {@code last}, with 0 for
     * days absent from {@code byDay}, then downsampled even+last (row 0 = {@code first}); ascending.
     */
    public static Map<String, Long> denseEvenPlusLast(Map<LocalDate, Long> byDay, LocalDate first, LocalDate last) {
        List<Map.Entry<String, Long>> rows = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            rows.add(Map.entry(Long.toString(UtcDays.t(d)), byDay.getOrDefault(d, 0L)));
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : Downsampling.evenPlusLast(rows)) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /**
     * The running sum of {@code newPerDay} over the days {@code first…last} (values of days before
     * {@code first} count at {@code first}), keyed by t(d), downsampled even+last; ascending.
     */
    public static Map<String, Long> denseCumulativeEvenPlusLast(Map<LocalDate, Long> newPerDay, LocalDate first, LocalDate last) {
        long running = 0;
        for (Map.Entry<LocalDate, Long> e : newPerDay.entrySet()) {
            if (e.getKey().isBefore(first)) {
                running += e.getValue();
            }
        }
        List<Map.Entry<String, Long>> rows = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            running += newPerDay.getOrDefault(d, 0L);
            rows.add(Map.entry(Long.toString(UtcDays.t(d)), running));
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : Downsampling.evenPlusLast(rows)) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }
}
