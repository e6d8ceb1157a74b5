package io.stacksdataverse.host.cli;

import io.stacksdataverse.runners.RunIntervals;
import io.stacksdataverse.spi.ScheduleGroup;
import java.time.Instant;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code --interval-end HH:MM}: which half-hourly interval of D a run serves. Without it, the last
 * interval of D, E = t(D+1), or for today the newest one that has ended: an interval still under
 * way has no tip and no probes yet.
 */
final class IntervalOption {
    private static final Pattern TIME = Pattern.compile("(\\d{2}):(\\d{2})");

    @Option(names = "--interval-end", paramLabel = "HH:MM",
            description = "half-hourly tasks: the interval of D ending at this UTC time, 00:30 to 24:00 (default: D's last one, for today the newest ended)")
    private String end;

    /** The interval end E for a run of {@code group} on {@code date}. */
    Instant end(CliContext context, ScheduleGroup group, LocalDate date) {
        long dayStart = date.atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
        long now = context.clock().instant().getEpochSecond();
        if (group != ScheduleGroup.HALF_HOURLY) {
            if (end != null) {
                throw new UsageException("--interval-end applies to half-hourly tasks only, not to the " + group.cliName() + " group");
            }
            return RunIntervals.lastOf(date);
        }
        if (end != null) {
            Matcher m = TIME.matcher(end);
            int minutes = m.matches() ? Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2)) : -1;
            if (minutes < 30 || minutes > 24 * 60 || minutes % 30 != 0 || (m.matches() && Integer.parseInt(m.group(2)) >= 60)) {
                throw new UsageException("--interval-end " + end + ": expected a half hour of D from 00:30 to 24:00 (HH:MM, UTC)");
            }
            long e = dayStart + minutes * 60L;
            if (e > now) {
                throw new UsageException("--interval-end " + end + ": the interval ending at " + Instant.ofEpochSecond(e)
                        + " has not ended yet (now " + Instant.ofEpochSecond(now) + ")");
            }
            return Instant.ofEpochSecond(e);
        }
        long e = Math.min(RunIntervals.lastOf(date).getEpochSecond(), Math.floorDiv(now, RunIntervals.SECONDS) * RunIntervals.SECONDS);
        if (e <= dayStart) {
            throw new UsageException("no half-hourly interval of " + date + " has ended yet (the first ends at "
                    + Instant.ofEpochSecond(dayStart + RunIntervals.SECONDS) + ")");
        }
        return Instant.ofEpochSecond(e);
    }
}
