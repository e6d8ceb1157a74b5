package io.stacksdataverse.runners.interval;

import io.stacksdataverse.extract.cryptocompare.Candle;
import io.stacksdataverse.extract.cryptocompare.CryptoCompareClient;
import io.stacksdataverse.extract.http.SourceException;
import io.stacksdataverse.spi.TaskContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The prices of a half-hourly run as of its interval end E (catalog §6), in USD. Per symbol, one
 * {@code v2/histominute} call (the minutes of E's UTC day up to E) and one {@code v2/histoday}
 * call ({@code allData}) serve every lookup of the run, whichever tasks ask; an hour's open costs
 * one {@code v2/histohour} call. A price the source lacks is empty: the caller publishes {@code null}.
 */
@Singleton
public final class IntervalPrices {
    static final String QUOTE = "USD";
    private static final long DAY = 86_400;
    private final CryptoCompareClient client;
    private final RunShared shared;

    @Inject
    public IntervalPrices(CryptoCompareClient client, RunShared shared) {
        this.client = client;
        this.shared = shared;
    }

    /** P(sym, E): the close of the minute candle with {@code time} = E − 60. */
    public OptionalDouble at(TaskContext ctx, String symbol) throws SourceException {
        Candle c = minutes(ctx, symbol).get(end(ctx) - 60);
        return c != null && c.hasPrice() ? OptionalDouble.of(c.close()) : OptionalDouble.empty();
    }

    /**
     * The close of the UTC day starting at {@code dayStart}, as of E: the daily candle's close when
     * the day has ended by E, else P(sym, E) (the running price of the current day).
     */
    public OptionalDouble dayClose(TaskContext ctx, String symbol, long dayStart) throws SourceException {
        if (dayStart % DAY != 0) {
            throw new IllegalArgumentException("not the start of a UTC day: " + dayStart);
        }
        if (dayStart + DAY > end(ctx)) {
            return at(ctx, symbol);
        }
        Candle c = days(ctx, symbol).get(dayStart);
        return c != null && c.hasPrice() ? OptionalDouble.of(c.close()) : OptionalDouble.empty();
    }

    /** The {@code open} of the hourly candle of the hour containing {@code time}. */
    public OptionalDouble hourOpen(TaskContext ctx, String symbol, long time) throws SourceException {
        long hour = Math.floorDiv(time, 3600) * 3600;
        List<Candle> page = shared.get(ctx, "histohour " + symbol + " " + hour,
                raw -> client.histohourPage(raw, symbol, QUOTE, hour, 1));
        return page.stream().filter(c -> c.time() == hour && c.open() > 0).mapToDouble(Candle::open).findFirst();
    }

    /**
     * The all-time high as of E: the largest {@code high} of the daily candles before E's UTC day and
     * of the minute candles of that day before E (none when E is midnight).
     */
    public OptionalDouble allTimeHigh(TaskContext ctx, String symbol) throws SourceException {
        long today = Math.floorDiv(end(ctx), DAY) * DAY;
        OptionalDouble daily = days(ctx, symbol).headMap(today, false).values().stream()
                .filter(Candle::hasPrice).mapToDouble(Candle::high).max();
        OptionalDouble minute = minutes(ctx, symbol).subMap(today, true, end(ctx), false).values().stream()
                .filter(Candle::hasPrice).mapToDouble(Candle::high).max();
        if (daily.isEmpty()) {
            return minute;
        }
        return minute.isPresent() && minute.getAsDouble() > daily.getAsDouble() ? minute : daily;
    }

    private static long end(TaskContext ctx) {
        return ctx.intervalEnd().getEpochSecond();
    }

    /** The minute candles from E's UTC day start (or E − 60 when E is midnight) to E − 60, by time. */
    private NavigableMap<Long, Candle> minutes(TaskContext ctx, String symbol) throws SourceException {
        long e = end(ctx);
        long today = Math.floorDiv(e, DAY) * DAY;
        int points = (int) Math.max(1, (e - today) / 60);
        return shared.get(ctx, "histominute " + symbol + " " + e, raw -> byTime(client.histominutePage(raw, symbol, QUOTE, e - 60, points)));
    }

    /** Every daily candle up to E's UTC day, by day start. */
    private NavigableMap<Long, Candle> days(TaskContext ctx, String symbol) throws SourceException {
        long today = Math.floorDiv(end(ctx), DAY) * DAY;
        return shared.get(ctx, "histoday " + symbol + " " + today, raw -> byTime(client.histodayAll(raw, symbol, QUOTE, today)));
    }

    private static NavigableMap<Long, Candle> byTime(List<Candle> candles) {
        NavigableMap<Long, Candle> m = new TreeMap<>();
        candles.forEach(c -> m.put(c.time(), c));
        return java.util.Collections.unmodifiableNavigableMap(m);
    }
}
