package io.stacksdataverse.transform.social;

import io.stacksdataverse.transform.UtcDays;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Catalog #19–20, {@code lunar_spot} and {@code lunar_history}, from LunarCrush's daily time
 * series of a coin, as of the execution date D:
 * <ul>
 *   <li>history: the points with {@code time} in {@code [t(D−29), t(D+1))} (days D−29…D),
 *       ascending, each with its galaxy score and alt rank ({@code null} kept as {@code null});</li>
 *   <li>spot: galaxy score and alt rank of the day-D point (time in {@code [t(D), t(D+1))}); a
 *       field the day-D point lacks or has {@code null} comes from the run-time values of
 *       {@code /coins/{coin}/v1} instead;</li>
 *   <li>{@code alt_rank_30d}: the mean of the history's alt ranks, {@code null}s skipped, rounded
 *       half-up to an integer in exact arithmetic; {@code null} when every rank is {@code null}.</li>
 * </ul>
 */
public final class LunarMetrics {
    /** Days in the history window: D−29…D. */
    public static final int DAYS = 30;

    private LunarMetrics() {
    }

    /** One point of the source's series: its start (unix s), galaxy score and alt rank, each nullable. */
    public record Point(long time, BigDecimal galaxy, Long altRank) {
    }

    /** A galaxy score and an alt rank, each nullable: a history entry, or the run-time values of {@code /v1}. */
    public record Metrics(BigDecimal galaxy, Long altRank) {
        /** Both fields are present. */
        public boolean complete() {
            return galaxy != null && altRank != null;
        }
    }

    /** The spot values, each nullable. */
    public record Spot(BigDecimal galaxy, Long altRank, Long altRank30d) {
    }

    /** t(D−29), the first second of the window. */
    public static long windowStart(LocalDate d) {
        return UtcDays.t(d.minusDays(DAYS - 1L));
    }

    /** t(D+1), the first second after the window. */
    public static long windowEnd(LocalDate d) {
        return UtcDays.t(d.plusDays(1));
    }

    /**
     * The points with {@code time} in {@code [t(D−29), t(D+1))}, ascending by time.
     *
     * @throws IllegalArgumentException when two points of the window have the same time
     */
    public static NavigableMap<Long, Metrics> history(Collection<Point> points, LocalDate d) {
        long from = windowStart(d);
        long to = windowEnd(d);
        NavigableMap<Long, Metrics> history = new TreeMap<>();
        for (Point p : points) {
            if (p.time() >= from && p.time() < to
                    && history.put(p.time(), new Metrics(p.galaxy(), p.altRank())) != null) {
                throw new IllegalArgumentException("two points have the time " + p.time());
            }
        }
        return Collections.unmodifiableNavigableMap(history);
    }

    /** The day-D point of a history: its entry with time in {@code [t(D), t(D+1))} (the newest, were there several). */
    public static Optional<Metrics> dayPoint(NavigableMap<Long, Metrics> history, LocalDate d) {
        Map.Entry<Long, Metrics> last = history.subMap(UtcDays.t(d), true, windowEnd(d), false).lastEntry();
        return Optional.ofNullable(last).map(Map.Entry::getValue);
    }

    /** Whether the spot needs {@code /coins/{coin}/v1}: the day-D point is missing or has a {@code null} field. */
    public static boolean needsFallback(Optional<Metrics> dayPoint) {
        return dayPoint.map(p -> !p.complete()).orElse(true);
    }

    /**
     * The mean of the alt ranks, {@code null}s skipped, rounded half-up to an integer, computed
     * exactly (a {@code long} sum divided as a decimal); {@code null} when no rank is present.
     */
    public static Long meanAltRank(Collection<Metrics> entries) {
        long sum = 0;
        long count = 0;
        for (Metrics m : entries) {
            if (m.altRank() != null) {
                sum = Math.addExact(sum, m.altRank());
                count++;
            }
        }
        if (count == 0) {
            return null;
        }
        return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(count), 0, RoundingMode.HALF_UP).longValueExact();
    }

    /**
     * The spot of D: the day-D point's fields, each one it lacks taken from {@code fallback} (empty
     * when {@code /v1} was not asked, or a field stays {@code null} when {@code /v1} has none), and
     * {@code alt_rank_30d} over the whole history.
     */
    public static Spot spot(NavigableMap<Long, Metrics> history, LocalDate d, Optional<Metrics> fallback) {
        Optional<Metrics> day = dayPoint(history, d);
        BigDecimal galaxy = day.map(Metrics::galaxy).orElse(null);
        Long altRank = day.map(Metrics::altRank).orElse(null);
        if (galaxy == null) {
            galaxy = fallback.map(Metrics::galaxy).orElse(null);
        }
        if (altRank == null) {
            altRank = fallback.map(Metrics::altRank).orElse(null);
        }
        return new Spot(galaxy, altRank, meanAltRank(history.values()));
    }
}
