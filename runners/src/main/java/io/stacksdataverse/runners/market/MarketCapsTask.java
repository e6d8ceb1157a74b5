package io.stacksdataverse.runners.market;

import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.loaders.publish.CsvEncoder;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetSettings;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.runners.supply.StxSupply;
import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.spi.Visibility;
import io.stacksdataverse.transform.market.FinancialIndicators;
import io.stacksdataverse.transform.market.FinancialIndicatorsCsv;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Catalog #14 {@code caps/latest_180d.json.gz} and #15 {@code financial_indicators/latest.csv.gz},
 * as of D: the 181 daily rows of {@link MarketDays} with market cap = unrounded close × the total
 * STX supply at the row's key T, from the Stacks API database under the cutoff H_D, kept
 * incrementally: a daily run reads only the new blocks ({@link StxSupply}); {@code --full} reads
 * the whole chain again. Disabled, with the reason, when no Stacks API database is configured.
 * Latest-only, as in the original DAG.
 */
public final class MarketCapsTask extends DatasetTask {
    public static final String ID = "market_caps";
    static final String NO_DATABASE = "STACKS_DB_URL is not set (the Stacks API database, for the STX supply)";
    private final DailyCandles candles;
    private final String symbol;
    private final String quote;
    private final ChainDatabase database;

    @Inject
    public MarketCapsTask(DailyCandles candles, Optional<StacksDb> database, Config config) {
        this(candles, database, DatasetSettings.read(config).priceSymbol(), DatasetSettings.read(config).priceQuote());
    }

    public MarketCapsTask(DailyCandles candles, Optional<StacksDb> database, String symbol, String quote) {
        super(ID, ScheduleGroup.DAILY, true);
        this.candles = candles;
        this.symbol = symbol;
        this.quote = quote;
        this.database = requires(new ChainDatabase(database, NO_DATABASE));
    }

    /** Every answer it reads comes through the raw zone, the supply read from the database included. */
    @Override
    public boolean replayable() {
        return true;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        // Extract: the 181 daily rows of D, and the supply at each row's key (kept incrementally, replayable).
        List<MarketDays.MarketDay> days = MarketDays.load(ctx, candles, symbol, quote);
        StacksDb db = ctx.raw().replaying() ? null : database.get();
        StxSupply.Read read = StxSupply.read(ctx, db, ID, MarketDays.firstKey(ctx.executionDate()),
                MarketDays.lastKey(ctx.executionDate()));
        NavigableMap<Long, BigInteger> supply = read.supply();
        // Transform: market caps and the indicators, pure.
        List<FinancialIndicators.Day> input = new ArrayList<>(days.size());
        for (MarketDays.MarketDay m : days) {
            input.add(new FinancialIndicators.Day(m.key(), m.candle().volumeTo(), MarketDays.marketCap(m.candle(), supply, m.key()),
                    m.candle().close()));
        }
        List<FinancialIndicators.Row> rows = FinancialIndicators.compute(input);
        // Load: encode both before writing either: a failure while computing leaves both published files as they were
        // (each write is atomic; a failed second write leaves the new caps beside the older CSV).
        Map<DatasetPath, byte[]> encoded = new LinkedHashMap<>();
        encoded.put(DatasetPaths.MARKET_CAPS_180D, ctx.publisher().jsonObject(FinancialIndicators.marketCaps(rows)));
        encoded.put(DatasetPaths.FINANCIAL_INDICATORS_CSV, CsvEncoder.gzipText(FinancialIndicatorsCsv.render(rows)));
        TaskResult.Builder result = TaskResult.builder().outputs(ctx.publisher().publishAll(encoded, Visibility.PUBLIC));
        FinancialIndicators.Row last = rows.get(rows.size() - 1);
        return result.value("rows", rows.size())
                .value("last_key", last.unixTimestamp())
                .value("last_supply_ustx", supply.lastEntry().getValue().toString())
                .value("supply_days_read", read.daysRead())
                .value("last_mktcap_usd", last.mktcapUsd())
                .value("last_nvt", last.nvt())
                .build();
    }
}
