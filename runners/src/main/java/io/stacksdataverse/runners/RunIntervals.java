package io.stacksdataverse.runners;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The half-hourly intervals a run can serve: [E − 30 min, E), E on the half hour, D the date of the start. */
public final class RunIntervals {
    public static final long SECONDS = 1800;

    private RunIntervals() {
    }

    /** E = t(D+1): the last interval of D, which a daily run and a run by date serve. */
    public static Instant lastOf(LocalDate date) {
        return date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** D of the interval ending at {@code end}: the UTC date of its start. */
    public static LocalDate dateOf(Instant end) {
        requireHalfHour(end);
        return end.minusSeconds(SECONDS).atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** @throws IllegalArgumentException when {@code end} is not on the half hour */
    public static Instant requireHalfHour(Instant end) {
        if (end.getEpochSecond() % SECONDS != 0 || end.getNano() != 0) {
            throw new IllegalArgumentException("an interval ends on the half hour (…:00 or …:30 UTC), not at " + end);
        }
        return end;
    }

    /** @throws IllegalArgumentException when {@code end} does not end an interval that starts on {@code date} */
    static void check(LocalDate date, Instant end) {
        if (end == null) {
            throw new NullPointerException("intervalEnd");
        }
        if (!dateOf(end).equals(date)) {
            throw new IllegalArgumentException("the interval ending at " + end + " starts on " + dateOf(end) + ", not on " + date);
        }
    }
}
