package io.stacksdataverse.runners.prices;

import io.stacksdataverse.transform.UtcDays;
import java.time.Clock;
import java.time.LocalDate;

/**
 * The hours the price datasets of D cover: the whole UTC days D−89…D, {@code [t(D−89), t(D+1))},
 * cut at the last hour that has closed by the wall clock (a run for today, started by hand, sees
 * only closed candles).
 */
record PriceWindow(long from, long toExclusive) {
    static final int DAYS = 90;

    static PriceWindow forDate(LocalDate d, Clock clock) {
        long from = UtcDays.t(d.minusDays(DAYS - 1));
        long end = UtcDays.t(d.plusDays(1));
        long closed = Math.floorDiv(clock.instant().getEpochSecond(), UtcDays.HOUR_SECONDS) * UtcDays.HOUR_SECONDS;
        long to = Math.min(end, closed);
        if (to <= from) {
            throw new IllegalStateException("execution date " + d + " lies in the future: no hour of its window has closed yet");
        }
        return new PriceWindow(from, to);
    }

    long hours() {
        return (toExclusive - from) / UtcDays.HOUR_SECONDS;
    }
}
