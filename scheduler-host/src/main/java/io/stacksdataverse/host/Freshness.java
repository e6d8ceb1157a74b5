package io.stacksdataverse.host;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import io.stacksdataverse.spi.ScheduleGroup;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Whether a task's newest published data is as recent as its schedule promises.
 * <ul>
 *   <li>A daily task is fresh when it has succeeded for the newest date whose run should have
 *       ended: the run for D starts at D+1 00:00 UTC and is given {@code grace} to finish.</li>
 *   <li>A half-hourly task is fresh when it succeeded within the last two intervals (an hour by default).</li>
 * </ul>
 */
public record Freshness(boolean fresh, String description) {
    /** Under the default schedules (daily at 00:00 UTC, half-hourly at :00 and :30). */
    public static Freshness of(ScheduleGroup group, Optional<LocalDate> newestDate, Optional<Instant> newestFinished, Instant now,
                               Duration grace) {
        return of(group, newestDate, newestFinished, now, grace, group == ScheduleGroup.DAILY
                ? Schedules.cron("0 0 0 * * *", ZoneOffset.UTC) : Schedules.cron("0 0,30 * * * *", ZoneOffset.UTC));
    }

    /**
     * Under the group's configured schedule: a daily task must have succeeded for the date of the
     * newest run that started at least {@code grace} ago; a half-hourly one within two periods.
     */
    public static Freshness of(ScheduleGroup group, Optional<LocalDate> newestDate, Optional<Instant> newestFinished, Instant now,
                               Duration grace, Schedule schedule) {
        if (newestDate.isEmpty() || newestFinished.isEmpty()) {
            return new Freshness(false, "STALE: never succeeded");
        }
        if (group == ScheduleGroup.DAILY) {
            LocalDate expected = CatchUp.dailyExecutionDate(lastStartAtOrBefore(schedule, now.minus(grace)));
            return newestDate.get().isBefore(expected)
                    ? new Freshness(false, "STALE: newest date " + newestDate.get() + ", expected " + expected)
                    : new Freshness(true, "fresh");
        }
        Instant next = next(schedule, now);
        Duration window = Duration.between(next, next(schedule, next)).multipliedBy(2);
        Duration age = Duration.between(newestFinished.get(), now);
        return age.compareTo(window) > 0
                ? new Freshness(false, "STALE: last succeeded " + ago(age) + " ago, expected within " + ago(window))
                : new Freshness(true, "fresh");
    }

    private static Instant next(Schedule schedule, Instant after) {
        return schedule.getNextExecutionTime(ExecutionComplete.simulatedSuccess(after));
    }

    /** The newest time the schedule fired at or before {@code t} (looking back at most 8 days). */
    private static Instant lastStartAtOrBefore(Schedule schedule, Instant t) {
        Instant last = t.minus(Duration.ofDays(8));
        for (Instant n = next(schedule, last); !n.isAfter(t); n = next(schedule, n)) {
            last = n;
        }
        return last;
    }

    /** A duration as people read it: 45 s, 12 min, 3 h 5 min, 2 d 4 h. */
    public static String ago(Duration d) {
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
