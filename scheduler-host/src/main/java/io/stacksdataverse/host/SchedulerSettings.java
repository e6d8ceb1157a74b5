package io.stacksdataverse.host;

import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import io.stacksdataverse.spi.ScheduleGroup;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/** The scheduler's settings, checked when it is built: a wrong one fails the start, not every run later. */
public final class SchedulerSettings {
    private SchedulerSettings() {
    }

    /** The configured schedule of a group ({@code DATAVERSE_DAILY_CRON}, {@code DATAVERSE_HALFHOURLY_CRON}). */
    public static Schedule schedule(Host host, ScheduleGroup group) {
        return group == ScheduleGroup.DAILY ? cron(host, "DATAVERSE_DAILY_CRON", "0 0 0 * * *")
                : cron(host, "DATAVERSE_HALFHOURLY_CRON", "0 0,30 * * * *");
    }

    /** A schedule: a cron expression (seconds first, UTC) from configuration. */
    static Schedule cron(Host host, String name, String fallback) {
        String expression = host.config().get(name).orElse(fallback);
        try {
            return Schedules.cron(expression, ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " is not a cron expression (six fields, seconds first, UTC): '" + expression
                    + "': " + e.getMessage());
        }
    }

    /** {@code DATAVERSE_CATCH_UP}: all, last or none. */
    static String catchUpMode(Host host) {
        String mode = host.config().get("DATAVERSE_CATCH_UP").orElse("all").strip().toLowerCase(Locale.ROOT);
        if (!List.of("all", "last", "none").contains(mode)) {
            throw new IllegalArgumentException("DATAVERSE_CATCH_UP must be all, last or none, got '" + mode + "'");
        }
        return mode;
    }

    /** The retry wait of failed attempts ({@code DATAVERSE_RETRY_*}). */
    static <T> RetryBackoff<T> backoff(Host host) {
        return new RetryBackoff<>(host.config().getDuration("DATAVERSE_RETRY_DELAY", Duration.ofMinutes(5)),
                host.config().getDuration("DATAVERSE_RETRY_MAX_DELAY", Duration.ofHours(1)),
                jitter(host.config().get("DATAVERSE_RETRY_JITTER").orElse("0.2")),
                () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    }

    private static double jitter(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DATAVERSE_RETRY_JITTER must be a fraction between 0 and 1, got '" + value + "'");
        }
    }

    /** {@code DATAVERSE_SHUTDOWN_WAIT}: how long a stop waits for running tasks before it releases them. */
    public static Duration shutdownWait(Host host) {
        Duration wait = host.config().getDuration("DATAVERSE_SHUTDOWN_WAIT", Duration.ofMinutes(1));
        if (wait.isNegative()) {
            throw new IllegalArgumentException("DATAVERSE_SHUTDOWN_WAIT must not be negative, got " + wait);
        }
        return wait;
    }

    /** This machine's name, for the scheduler's name in a cluster. */
    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }
}
