package io.stacksdataverse.runners.social;

import io.stacksdataverse.extract.lunarcrush.CoinMetrics;
import io.stacksdataverse.extract.lunarcrush.CoinTimePoint;
import io.stacksdataverse.extract.lunarcrush.CoinTimeSeries;
import io.stacksdataverse.extract.lunarcrush.LunarCrushClient;
import io.stacksdataverse.loaders.publish.DatasetPublisher;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetSettings;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.transform.UtcDays;
import io.stacksdataverse.transform.social.LunarMetrics.Metrics;
import io.stacksdataverse.transform.social.LunarMetrics.Spot;
import io.stacksdataverse.transform.social.LunarMetrics;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;

/**
 * Catalog #19–20, {@code lunar/spot.json.gz} and {@code lunar/hist.json.gz} (fixed keys,
 * public), from LunarCrush v4 as of the execution date D:
 * <ul>
 *   <li>one {@code GET /coins/{coin}/time-series/v2?bucket=day&start=t(D−29)&end=t(D+1)}; the
 *       history is its points of days D−29…D, {@code {"<unix s>": {"galaxy": …, "alt_rank": …}}}
 *       ascending;</li>
 *   <li>the spot {@code {"galaxy": …, "alt_rank": …, "alt_rank_30d": …}} comes from the day-D
 *       point, so a re-run for D gives the same bytes; {@code GET /coins/{coin}/v1} (run-time
 *       values) is asked only when that point is missing or has a {@code null} field, and fills
 *       only those fields;</li>
 *   <li>{@code alt_rank_30d} is the mean of the history's ranks, rounded half-up
 *       ({@link LunarMetrics#meanAltRank}).</li>
 * </ul>
 * D must have ended (UTC), so its daily point is final. Both files are encoded before either is
 * written. Latest-only, as the original {@code get_lunar_metrics}; disabled without
 * {@code LUNARCRUSH_API_KEY}. The coin is {@code LUNARCRUSH_COIN} (default {@code STX}).
 */
public final class LunarMetricsTask extends DatasetTask {
    public static final String ID = "lunar_metrics";
    static final String NOT_CONFIGURED = "LUNARCRUSH_API_KEY is not set";
    private static final String BUCKET = "day";

    private final LunarCrushClient client;
    private final String coin;

    @Inject
    public LunarMetricsTask(LunarCrushClient client, Config config) {
        this(client, DatasetSettings.read(config).lunarCrushCoin());
    }

    public LunarMetricsTask(LunarCrushClient client, String coin) {
        super(ID, ScheduleGroup.DAILY, true);
        this.client = Objects.requireNonNull(client, "client");
        this.coin = Objects.requireNonNull(coin, "coin");
        requires(() -> client.isConfigured() ? Optional.empty() : Optional.of(NOT_CONFIGURED));
    }

    /**
     * Every answer it reads comes through the raw zone, and whether it asks {@code /v1} depends only
     * on the series it read, so a replay makes the same requests.
     */
    @Override
    public boolean replayable() {
        return true;
    }

    /** Days before D that may lack their point (LunarCrush skips a day now and then) without failing the run. */
    static final int MAX_GAP_DAYS = 2;

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        LocalDate d = ctx.executionDate();
        long from = LunarMetrics.windowStart(d);
        long to = LunarMetrics.windowEnd(d);
        long now = ctx.clock().instant().getEpochSecond();
        if (to > now) {
            throw new IllegalStateException("execution date " + d + " has not ended yet (UTC): its " + LunarCrushClient.SOURCE
                    + " daily point is not final; the newest complete date is " + UtcDays.dayOf(now).minusDays(1));
        }
        CoinTimeSeries series = client.coinTimeSeries(ctx.raw(), coin, BUCKET, from, to);
        NavigableMap<Long, Metrics> history = history(series, d);
        if (history.isEmpty()) {
            throw series.malformed("no point in the " + LunarMetrics.DAYS + " days " + d.minusDays(LunarMetrics.DAYS - 1L)
                    + ".." + d + " (time in [" + from + ", " + to + ")); the answer has " + series.points().size()
                    + " points in all");
        }
        // A short answer (the window's first day missing) or a gappy one (more than MAX_GAP_DAYS days before D
        // missing) fails, so it never replaces a whole published history; D's own point may be missing (the
        // spot then falls back to /v1), and a single missing day does not hold the spot back for 30 days.
        java.util.Set<LocalDate> have = new java.util.HashSet<>();
        history.keySet().forEach(t -> have.add(UtcDays.dayOf(t)));
        List<String> missing = new ArrayList<>();
        LocalDate first = d.minusDays(LunarMetrics.DAYS - 1L);
        for (LocalDate day = first; day.isBefore(d); day = day.plusDays(1)) {
            if (!have.contains(day)) {
                missing.add(day.toString());
            }
        }
        if (!have.contains(first) || missing.size() > MAX_GAP_DAYS) {
            throw series.malformed("no daily point for " + missing.size() + " of the " + (LunarMetrics.DAYS - 1)
                    + " days before " + d + (have.contains(first) ? "" : ", the first of them included") + ": "
                    + (missing.size() <= 5 ? String.join(", ", missing)
                    : String.join(", ", missing.subList(0, 5)) + " and " + (missing.size() - 5) + " more"));
        }
        Optional<Metrics> dayPoint = LunarMetrics.dayPoint(history, d);
        Optional<Metrics> fallback = Optional.empty();
        if (LunarMetrics.needsFallback(dayPoint)) {
            CoinMetrics current = client.coinMetrics(ctx.raw(), coin);
            fallback = Optional.of(new Metrics(current.galaxyScore(), current.altRank()));
        }
        Spot spot = LunarMetrics.spot(history, d, fallback);

        // Encode both before writing either: a failure while computing leaves both published files as they were
        // (each write is atomic; a failure between the two writes leaves the new spot beside the old history).
        byte[] spotBytes = encodeSpot(spot);
        byte[] historyBytes = encodeHistory(history);
        TaskResult.Builder result = TaskResult.builder();
        result.outputs(ctx.publisher().publish(DatasetPaths.LUNAR_SPOT, spotBytes));
        result.outputs(ctx.publisher().publish(DatasetPaths.LUNAR_HISTORY, historyBytes));
        return result
                .value("points", history.size())
                .value("first_point", history.firstKey())
                .value("last_point", history.lastKey())
                .value("spot_day", d)
                .value("spot_has_day_point", dayPoint.isPresent())
                .value("spot_from_v1", fallback.isPresent())
                .value("days_missing", missing.size())
                .build();
    }

    /** The answer's points of the window, ascending. */
    private static NavigableMap<Long, Metrics> history(CoinTimeSeries series, LocalDate d) throws IOException {
        List<LunarMetrics.Point> points = new ArrayList<>(series.points().size());
        for (CoinTimePoint p : series.points()) {
            points.add(new LunarMetrics.Point(p.time(), p.galaxyScore(), p.altRank()));
        }
        try {
            return LunarMetrics.history(points, d);
        } catch (IllegalArgumentException e) {
            throw series.malformed(e.getMessage());
        }
    }

    /** {@code {"galaxy": number|null, "alt_rank": int|null, "alt_rank_30d": int|null}}, gzipped. */
    static byte[] encodeSpot(Spot spot) throws IOException {
        return DatasetPublisher.gzipJson(g -> {
            g.writeStartObject();
            g.writeFieldName("galaxy");
            DatasetPublisher.writeNumber(g, spot.galaxy());
            g.writeFieldName("alt_rank");
            DatasetPublisher.writeNumber(g, spot.altRank());
            g.writeFieldName("alt_rank_30d");
            DatasetPublisher.writeNumber(g, spot.altRank30d());
            g.writeEndObject();
        });
    }

    /** {@code {"<unix s>": {"galaxy": number|null, "alt_rank": int|null}}} in time order, gzipped. */
    static byte[] encodeHistory(NavigableMap<Long, Metrics> history) throws IOException {
        return DatasetPublisher.gzipJson(g -> {
            g.writeStartObject();
            for (Map.Entry<Long, Metrics> e : history.entrySet()) {
                g.writeFieldName(Long.toString(e.getKey()));
                g.writeStartObject();
                g.writeFieldName("galaxy");
                DatasetPublisher.writeNumber(g, e.getValue().galaxy());
                g.writeFieldName("alt_rank");
                DatasetPublisher.writeNumber(g, e.getValue().altRank());
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }
}
