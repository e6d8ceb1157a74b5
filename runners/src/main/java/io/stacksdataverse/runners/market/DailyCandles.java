package io.stacksdataverse.runners.market;

import io.stacksdataverse.extract.cryptocompare.Candle;
import io.stacksdataverse.extract.cryptocompare.CryptoCompareClient;
import io.stacksdataverse.extract.http.SourceException;
import io.stacksdataverse.runners.NotingRawRecorder;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.transform.UtcDays;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * CryptoCompare's daily candles, shared by the tasks of one run: every "price on day X" lookup of a
 * run is served by one {@code /data/v2/histoday} call per symbol (the catalog's set-based form of
 * {@code pricehistorical}, whose answer is the close of the UTC day), never by a call per row.
 *
 * <p>The first request of a run for a symbol, quote and last day {@code to} fetches the
 * {@value #WINDOW_DAYS} days ending at {@code to} in one call; a later request of the same run that
 * reaches further back fetches only the older days. The fetched windows are the same on every run
 * with the same requests, so a replay from the raw zone finds them. At most {@value #MAX_RUNS}
 * windows are kept, the least recently used dropped first; tasks of one run asking at once wait for
 * the first one's call.
 */
@Singleton
public final class DailyCandles {
    /** Days fetched by a run's first call: 181 candles, D−180…D, as the 180-day datasets need. */
    public static final int WINDOW_DAYS = 181;
    static final int MAX_RUNS = 32;

    private final CryptoCompareClient client;
    private final Map<Key, Window> windows = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Window> eldest) {
            return size() > MAX_RUNS;
        }
    };

    @Inject
    public DailyCandles(CryptoCompareClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    private record Key(String runId, String fsym, String tsym, LocalDate to) {
    }

    /** The candles fetched so far for one key, from {@code from} to the key's last day, and the raw objects they came from. */
    private static final class Window {
        final NavigableMap<Long, Candle> candles = new TreeMap<>();
        final java.util.Set<String> rawKeys = new java.util.LinkedHashSet<>();
        LocalDate from;
    }

    /**
     * The candles of the UTC days {@code from}…{@code to} of {@code fsym}/{@code tsym}, by day start
     * (unix seconds). Days the source has no candle for are absent; the caller decides whether
     * that is an error.
     */
    public NavigableMap<Long, Candle> days(TaskContext ctx, String fsym, String tsym, LocalDate from, LocalDate to)
            throws SourceException {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
        if (ctx.raw().replaying()) {
            // A replay answers each task from its own run's manifest: nothing is shared between tasks.
            Window own = new Window();
            fill(ctx, own, fsym, tsym, from, to);
            return new TreeMap<>(own.candles.subMap(UtcDays.t(from), true, UtcDays.t(to), true));
        }
        Window window;
        synchronized (windows) {
            window = windows.computeIfAbsent(new Key(ctx.runId(), fsym, tsym, to), k -> new Window());
        }
        synchronized (window) {
            fill(ctx, window, fsym, tsym, from, to);
            // Every task served from this window used its raw answers: its manifest must name them for a replay.
            window.rawKeys.forEach(ctx.raw()::used);
            return new TreeMap<>(window.candles.subMap(UtcDays.t(from), true, UtcDays.t(to), true));
        }
    }

    /**
     * Makes the window hold the days {@code from}…{@code to}: first the {@value #WINDOW_DAYS} days
     * ending at {@code to} in one call, then only the older days a request reaches, so the requests
     * depend only on what was asked, in the same way live and in a replay.
     */
    private void fill(TaskContext ctx, Window window, String fsym, String tsym, LocalDate from, LocalDate to)
            throws SourceException {
        if (window.from == null) {
            LocalDate first = to.minusDays(WINDOW_DAYS - 1);
            fetch(ctx, window, fsym, tsym, first, to);
            window.from = first;
        }
        if (from.isBefore(window.from)) {
            fetch(ctx, window, fsym, tsym, from, window.from.minusDays(1));
            window.from = from;
        }
    }

    private void fetch(TaskContext ctx, Window window, String fsym, String tsym, LocalDate from, LocalDate to)
            throws SourceException {
        NotingRawRecorder capturing = new NotingRawRecorder(ctx.raw());
        for (Candle c : client.dailyRange(capturing, fsym, tsym, UtcDays.t(from), UtcDays.t(to))) {
            window.candles.put(c.time(), c);
        }
        window.rawKeys.addAll(capturing.keys());
    }
}
