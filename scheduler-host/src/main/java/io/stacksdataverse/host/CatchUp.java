package io.stacksdataverse.host;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which dates a recurring execution runs, on time or late (after an outage). */
final class CatchUp {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUp.class);

    private CatchUp() {
    }

    /**
     * The dates of the daily execution due at {@code at}, oldest first. On time, D = the day before.
     * Late, the missed dates as {@code DATAVERSE_CATCH_UP} says: {@code all} (the default: every
     * missed date, at most {@code DATAVERSE_CATCH_UP_DAYS}), {@code last} (the newest date only) or
     * {@code none} (no missed date: the next scheduled run carries on).
     */
    static List<LocalDate> dailyDates(Host host, Instant at) {
        LocalDate due = dailyExecutionDate(at);
        LocalDate newest = dailyExecutionDate(host.clock().instant());
        String mode = SchedulerSettings.catchUpMode(host);
        int cap = Math.max(1, host.config().getInt("DATAVERSE_CATCH_UP_DAYS", 3));
        LocalDate first = switch (mode) {
            case "all" -> due.isBefore(newest.minusDays(cap - 1L)) ? newest.minusDays(cap - 1L) : due;
            case "last" -> newest;
            default -> due.equals(newest) ? newest : null;
        };
        if (first == null) {
            LOG.warn("daily runs for {}..{} were missed and are not caught up (DATAVERSE_CATCH_UP=none)", due, newest);
            return List.of();
        }
        if (first.isAfter(due)) {
            LOG.warn("daily runs for {}..{} were missed and are not caught up (DATAVERSE_CATCH_UP={}, DATAVERSE_CATCH_UP_DAYS={})",
                    due, first.minusDays(1), mode, cap);
        }
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(newest); d = d.plusDays(1)) {
            dates.add(d);
        }
        return dates;
    }

    /**
     * The end of the interval the half-hourly execution due at {@code at} runs: its own (the half
     * hour at or before {@code at}), or late, the newest one (every half-hourly task is latest-only).
     */
    static Instant halfHourlyIntervalEnd(Host host, Instant at) {
        Instant now = host.clock().instant();
        Instant own = Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), 1800) * 1800);
        if (now.isAfter(at.plus(Duration.ofMinutes(30)))) {
            Instant newest = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), 1800) * 1800);
            LOG.warn("half-hourly runs due since {} were missed; running the newest interval, ending {}", at, newest);
            return newest;
        }
        return own;
    }

    /** The daily run that starts at D+1 00:00 UTC serves D. */
    static LocalDate dailyExecutionDate(Instant scheduledAt) {
        return scheduledAt.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
    }
}
