package io.stacksdataverse.transform;

import java.time.LocalDate;

/** UTC day arithmetic of the catalog: t(D) is the unix second of D 00:00 UTC. */
public final class UtcDays {
    public static final long DAY_SECONDS = 86_400;
    public static final long HOUR_SECONDS = 3_600;
    /** S0 = 2021-01-14 00:00 UTC, the first day of every full-history daily series. */
    public static final long S0 = 1_610_582_400L;

    private UtcDays() {
    }

    /** t(D). */
    public static long t(LocalDate day) {
        return day.toEpochDay() * DAY_SECONDS; // UTC has no offset: days are exactly 86,400 s
    }

    /** The UTC day containing a unix second. */
    public static LocalDate dayOf(long unixSeconds) {
        return LocalDate.ofEpochDay(Math.floorDiv(unixSeconds, DAY_SECONDS));
    }

    /** ⌊s / 86 400⌋ · 86 400. */
    public static long dayStart(long unixSeconds) {
        return Math.floorDiv(unixSeconds, DAY_SECONDS) * DAY_SECONDS;
    }
}
