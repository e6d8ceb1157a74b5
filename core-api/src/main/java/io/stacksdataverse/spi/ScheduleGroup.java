package io.stacksdataverse.spi;

import java.util.Locale;

/** The schedule a task belongs to. */
public enum ScheduleGroup {
    /** Runs once a day at 00:00 UTC for the day before (the execution date D). */
    DAILY,
    /** Runs every 30 minutes; D is the UTC date of the interval start. */
    HALF_HOURLY;

    /** The name used on the command line: {@code daily} or {@code halfhourly}. */
    public String cliName() {
        return this == DAILY ? "daily" : "halfhourly";
    }

    public static ScheduleGroup fromCliName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "daily" -> DAILY;
            case "halfhourly", "half-hourly", "half_hourly" -> HALF_HOURLY;
            default -> throw new IllegalArgumentException("unknown schedule group '" + name + "' (daily or halfhourly)");
        };
    }
}
