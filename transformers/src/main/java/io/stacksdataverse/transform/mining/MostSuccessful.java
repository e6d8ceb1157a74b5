package io.stacksdataverse.transform.mining;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Catalog #34, {@code mining_most_successful}: wins per miner address in the window. */
public final class MostSuccessful {
    private MostSuccessful() {
    }

    /** Wins descending; ties in first-appearance order (lowest height first), the original's order stably sorted. */
    public static Map<String, Long> of(List<WindowEntry> ascending) {
        Map<String, Long> firstSeen = new LinkedHashMap<>();
        ascending.forEach(e -> firstSeen.merge(e.winner(), 1L, Long::sum));
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(firstSeen.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());    // List.sort is stable
        Map<String, Long> out = new LinkedHashMap<>();
        sorted.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
