package io.stacksdataverse.transform;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** Daily series of the catalog: dense over S0…D, keyed by t(d), downsampled anchored at S0. */
public final class DailySeries {
    private DailySeries() {
    }

    /**
     * {@code {"<t(d)>": value}} for every day d from {@code first} through {@code last}, with 0 for
     * days absent from {@code byDay}, then downsampled even+last (row 0 = {@code first}); ascending.
     * Only the rows the downsampling keeps are built.
     */
    public static Map<String, Long> denseEvenPlusLast(Map<LocalDate, Long> byDay, LocalDate first, LocalDate last) {
        long firstDay = first.toEpochDay();
        long rows = last.toEpochDay() - firstDay + 1;
        Map<String, Long> out = new LinkedHashMap<>(capacity(rows));
        for (long i = 0; i < rows; i++) {
            if (kept(i, rows)) {
                long day = firstDay + i;
                out.put(key(day), byDay.getOrDefault(LocalDate.ofEpochDay(day), 0L));
            }
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
        long firstDay = first.toEpochDay();
        long rows = last.toEpochDay() - firstDay + 1;
        Map<String, Long> out = new LinkedHashMap<>(capacity(rows));
        for (long i = 0; i < rows; i++) {
            long day = firstDay + i;
            running += newPerDay.getOrDefault(LocalDate.ofEpochDay(day), 0L);
            if (kept(i, rows)) {
                out.put(key(day), running);
            }
        }
        return out;
    }

    /** Whether even+last keeps row {@code i} of {@code rows} (as {@link Downsampling#evenPlusLast}). */
    private static boolean kept(long i, long rows) {
        return i % 2 == 0 || i == rows - 1;
    }

    private static String key(long epochDay) {
        return Long.toString(epochDay * UtcDays.DAY_SECONDS);
    }

    private static int capacity(long rows) {
        return rows <= 0 ? 0 : (int) Math.min(1 << 20, (rows / 2 + 2) * 4 / 3 + 1);
    }
}
