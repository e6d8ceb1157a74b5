package io.stacksdataverse.runners.prices;

import io.stacksdataverse.runners.DatasetSettings;
import io.stacksdataverse.extract.cryptocompare.Candle;
import io.stacksdataverse.extract.cryptocompare.CryptoCompareClient;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.loaders.warehouse.StxPriceTable;
import io.stacksdataverse.paths.TableNames;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;

/**
 * Catalog #9, {@code stx_historical_prices}: hourly STX/USD closes from CryptoCompare
 * {@code /data/v2/histohour}, as of the execution date D. After the run for D the table covers
 * every hour of {@code [t(D−89), t(D+1))} (so a backfill of an old date works too).
 *
 * <p>Incremental: one set-based query finds the hours of the window the table lacks; only those
 * runs of hours are fetched, paging backwards with {@code toTs}, at most 2,000 hours a call; a
 * re-run of D fetches nothing and adds no row. D must have ended, so every candle stored is closed.
 * {@code --full} re-fetches the whole window and overwrites it.
 */
public final class StxPriceHistoryTask extends DatasetTask {
    public static final String ID = "stx_price_history";
    private final CryptoCompareClient cryptoCompare;
    private final String symbol;
    private final String quote;

    @Inject
    public StxPriceHistoryTask(CryptoCompareClient cryptoCompare, Config config) {
        this(cryptoCompare, DatasetSettings.read(config).priceSymbol(), DatasetSettings.read(config).priceQuote());
    }

    public StxPriceHistoryTask(CryptoCompareClient cryptoCompare, String symbol, String quote) {
        super(ID, ScheduleGroup.DAILY, false);
        this.cryptoCompare = cryptoCompare;
        this.symbol = symbol;
        this.quote = quote;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        PriceWindow window = PriceWindow.forDate(ctx.executionDate(), ctx.clock());
        DSLContext dsl = PostgresWarehouse.dsl(ctx.warehouse());
        // A full rebuild fetches the whole window; otherwise only the runs of hours the table lacks.
        List<StxPriceTable.HourRange> wanted = ctx.fullRebuild()
                ? List.of(new StxPriceTable.HourRange(window.from(), window.toExclusive() - 3600))
                : StxPriceTable.missingRanges(dsl, window.from(), window.toExclusive());
        Map<Long, Double> fetched = new TreeMap<>();
        List<String> gaps = new ArrayList<>();
        for (StxPriceTable.HourRange range : wanted) {
            List<Candle> candles = cryptoCompare.hourlyRange(ctx.raw(), symbol, quote, range.first(), range.last());
            int got = 0;
            for (Candle c : candles) {
                if (c.hasPrice()) {
                    fetched.put(c.time(), c.close());
                    got++;
                }
            }
            if (got < range.hours()) {
                gaps.add((range.hours() - got) + " of " + range.hours() + " hours from " + Instant.ofEpochSecond(range.first()));
            }
        }
        // Everything is fetched before the table changes, in one statement: a failed fetch changes nothing,
        // and a full rebuild overwrites every hour of the window with what the source says now.
        int changed = StxPriceTable.upsert(dsl, fetched);
        if (!gaps.isEmpty()) {
            throw new IllegalStateException(CryptoCompareClient.SOURCE + " GET /data/v2/histohour?fsym=" + symbol + "&tsym=" + quote
                    + " returned no price for " + String.join(", ", gaps) + "; the " + fetched.size()
                    + " hours it did return were stored");
        }
        return TaskResult.builder()
                .output("warehouse " + TableNames.STX_HISTORICAL_PRICES + " (" + ctx.warehouse().describe() + "): "
                        + changed + " rows added or changed, " + fetched.size() + " hours fetched")
                .value("window_from", window.from())
                .value("window_to", window.toExclusive())
                .value("hours_fetched", fetched.size())
                .value("rows_changed", changed)
                .build();
    }
}
