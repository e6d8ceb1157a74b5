package io.stacksdataverse.runners.prices;

import io.stacksdataverse.transform.UtcDays;
import java.time.Clock;
import java.time.LocalDate;

/**
 * The hours the price datasets of D cover: the whole UTC days D−89…D, {@code [t(D−89), t(D+1))}.
 * D must have ended by the wall clock: the daily run for D starts at D+1 00:00 UTC, when every
 * hourly candle of D has closed.
 */
record PriceWindow(long from, long toExclusive) {
    static final int DAYS = 90;

    static PriceWindow forDate(LocalDate d, Clock clock) {
        long from = UtcDays.t(d.minusDays(DAYS - 1));
        long end = UtcDays.t(d.plusDays(1));
        if (end > clock.instant().getEpochSecond()) {
            throw new IllegalStateException("execution date " + d + " has not ended yet (UTC): its prices are not final;"
                    + " the newest complete date is " + UtcDays.dayOf(clock.instant().getEpochSecond()).minusDays(1));
        }
        return new PriceWindow(from, end);
    }

    long hours() {
        return (toExclusive - from) / UtcDays.HOUR_SECONDS;
    }
}
