package io.stacksdataverse.runners.market;

import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetSettings;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.spi.Visibility;
import io.stacksdataverse.transform.market.FinancialIndicators;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Catalog #13 {@code vols/latest_180d.json.gz}, #16 {@code financial_indicators/rsi_latest.json.gz},
 * #17 {@code rvi_latest} and #18 {@code ema_latest}: the datasets of the original
 * {@code mktcap_and_vol_last180} that need prices and volumes only (CryptoCompare), as of D. The
 * market caps and the indicator CSV, which also need the supply from the Stacks API database, are
 * {@link MarketCapsTask}'s; both read the same candles through {@link DailyCandles}, one call per run.
 * Latest-only, as in the original DAG.
 */
public final class MarketIndicatorsTask extends DatasetTask {
    public static final String ID = "market_indicators";
    private final DailyCandles candles;
    private final String symbol;
    private final String quote;

    @Inject
    public MarketIndicatorsTask(DailyCandles candles, Config config) {
        this(candles, DatasetSettings.read(config).priceSymbol(), DatasetSettings.read(config).priceQuote());
    }

    public MarketIndicatorsTask(DailyCandles candles, String symbol, String quote) {
        super(ID, ScheduleGroup.DAILY, true);
        this.candles = candles;
        this.symbol = symbol;
        this.quote = quote;
    }

    /** Every answer it reads comes through the raw zone. */
    @Override
    public boolean replayable() {
        return true;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: the 181 daily rows of D, through the run's shared candles.
        List<MarketDays.MarketDay> days = MarketDays.load(ctx, candles, symbol, quote);
        // Transform: the indicators, pure.
        List<FinancialIndicators.Day> input = new ArrayList<>(days.size());
        for (MarketDays.MarketDay m : days) {
            // No market cap here: it only enters the NVT columns of the CSV, which this task does not publish.
            input.add(new FinancialIndicators.Day(m.key(), m.candle().volumeTo(), 0, m.candle().close()));
        }
        List<FinancialIndicators.Row> rows = FinancialIndicators.compute(input);
        // Load: encode all four before writing any: a failure while computing leaves every published file as it was
        // (each write is atomic; a failed write leaves the files written before it beside the older others).
        Map<DatasetPath, byte[]> encoded = new LinkedHashMap<>();
        encoded.put(DatasetPaths.VOLUMES_180D, ctx.publisher().jsonObject(FinancialIndicators.volumes(rows)));
        encoded.put(DatasetPaths.RSI, ctx.publisher().jsonObject(FinancialIndicators.rsiSeries(rows)));
        encoded.put(DatasetPaths.RVI, ctx.publisher().jsonObject(FinancialIndicators.rviSeries(rows)));
        encoded.put(DatasetPaths.EMA, ctx.publisher().jsonObject(FinancialIndicators.emaSeries(rows)));
        TaskResult.Builder result = TaskResult.builder().outputs(ctx.publisher().publishAll(encoded, Visibility.PUBLIC));
        FinancialIndicators.Row last = rows.get(rows.size() - 1);
        return result.value("rows", rows.size())
                .value("first_key", rows.get(0).unixTimestamp())
                .value("last_key", last.unixTimestamp())
                .value("last_price_usd", last.priceUsd())
                .value("last_rsi", last.rsi())
                .build();
    }
}
