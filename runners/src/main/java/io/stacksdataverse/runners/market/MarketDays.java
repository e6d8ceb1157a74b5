package io.stacksdataverse.runners.market;

import io.stacksdataverse.extract.cryptocompare.Candle;
import io.stacksdataverse.extract.cryptocompare.CryptoCompareClient;
import io.stacksdataverse.extract.http.SourceException;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.transform.UtcDays;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The 181 daily rows of the 180-day market datasets for D (catalog #13–18): the CryptoCompare
 * candles of the UTC days D−180…D, each keyed by the end of its day, {@code T = t(d+1)}, so the
 * rows are {@code T = t(D−179)…t(D+1)}. Nothing is keyed by the wall clock: a run for D reads
 * only candles that closed by the end of D, so a backfill and a re-run give the same rows.
 */
final class MarketDays {
    static final int ROWS = DailyCandles.WINDOW_DAYS;

    /** One row: the candle of day {@code d} keyed {@code T = t(d+1)}. */
    record MarketDay(long key, Candle candle) {
    }

    private MarketDays() {
    }

    /** The first and last row keys of D: {@code t(D−179)} and {@code t(D+1)}. */
    static long firstKey(LocalDate d) {
        return UtcDays.t(d.minusDays(ROWS - 2));
    }

    static long lastKey(LocalDate d) {
        return UtcDays.t(d.plusDays(1));
    }

    /**
     * The rows of D, ascending. Fails, naming the request, when D has not ended yet, or when a day
     * has no candle or a candle without a price (the 180-day series must be whole).
     */
    static List<MarketDay> load(TaskContext ctx, DailyCandles candles, String fsym, String tsym) throws SourceException {
        LocalDate d = ctx.executionDate();
        long end = UtcDays.t(d.plusDays(1));
        if (end > ctx.clock().instant().getEpochSecond()) {
            throw new IllegalStateException("execution date " + d + " has not ended yet (UTC): its daily candle is not"
                    + " closed; the newest complete date is " + UtcDays.dayOf(ctx.clock().instant().getEpochSecond()).minusDays(1));
        }
        LocalDate first = d.minusDays(ROWS - 1);
        NavigableMap<Long, Candle> byDay = candles.days(ctx, fsym, tsym, first, d);
        List<MarketDay> rows = new ArrayList<>(ROWS);
        List<String> missing = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(d); day = day.plusDays(1)) {
            Candle c = byDay.get(UtcDays.t(day));
            if (c == null || !c.hasPrice()) {
                missing.add(day + (c == null ? " (no candle)" : " (no price)"));
            } else {
                rows.add(new MarketDay(UtcDays.t(day.plusDays(1)), c));
            }
        }
        if (!missing.isEmpty()) {
            throw new SourceException(CryptoCompareClient.SOURCE, "GET /data/v2/histoday?fsym=" + fsym + "&tsym=" + tsym
                    + "&limit=" + (ROWS - 1) + "&toTs=" + UtcDays.t(d), "the 180-day series of " + d + " lacks "
                    + missing.size() + " of its " + ROWS + " daily candles: " + summary(missing));
        }
        return rows;
    }

    /** Market cap in USD = close × supply(T) in STX (µSTX × 10⁻⁶), with the unrounded close. */
    static double marketCap(Candle c, Map<Long, BigInteger> supplyMicroStx, long key) {
        BigInteger micro = supplyMicroStx.get(key);
        if (micro == null) {
            throw new IllegalStateException("no supply for row " + key);
        }
        return c.close() * new BigDecimal(micro).movePointLeft(6).doubleValue();
    }

    private static String summary(List<String> missing) {
        return missing.size() <= 5 ? String.join(", ", missing)
                : String.join(", ", missing.subList(0, 5)) + " and " + (missing.size() - 5) + " more";
    }
}
