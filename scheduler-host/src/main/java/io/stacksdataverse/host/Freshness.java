package io.stacksdataverse.host;

import io.stacksdataverse.spi.ScheduleGroup;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Whether a task's newest published data is as recent as its schedule promises.
 * <ul>
 *   <li>A daily task is fresh when it has succeeded for the newest date whose run should have
 *       ended: the run for D starts at D+1 00:00 UTC and is given {@code grace} to finish.</li>
 *   <li>A half-hourly task is fresh when it succeeded within the last two intervals (an hour).</li>
 * </ul>
 */
public record Freshness(boolean fresh, String description) {
    static final Duration HALF_HOURLY_WINDOW = Duration.ofHours(1);

    public static Freshness of(ScheduleGroup group, Optional<LocalDate> newestDate, Optional<Instant> newestFinished, Instant now,
                               Duration grace) {
        if (newestDate.isEmpty() || newestFinished.isEmpty()) {
            return new Freshness(false, "STALE: never succeeded");
        }
        if (group == ScheduleGroup.DAILY) {
            LocalDate expected = DagScheduler.dailyExecutionDate(now.minus(grace));
            return newestDate.get().isBefore(expected)
                    ? new Freshness(false, "STALE: newest date " + newestDate.get() + ", expected " + expected)
                    : new Freshness(true, "fresh");
        }
        Duration age = Duration.between(newestFinished.get(), now);
        return age.compareTo(HALF_HOURLY_WINDOW) > 0
                ? new Freshness(false, "STALE: last succeeded " + ago(age) + " ago, expected within " + ago(HALF_HOURLY_WINDOW))
                : new Freshness(true, "fresh");
    }

    /** A duration as people read it: 45 s, 12 min, 3 h 5 min, 2 d 4 h. */
    static String ago(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min";
        }
        if (s < 86_400) {
            return s / 3600 + " h " + s % 3600 / 60 + " min";
        }
        return s / 86_400 + " d " + s % 86_400 / 3600 + " h";
    }
}
