package io.stacksdataverse.runners.market;

import io.stacksdataverse.extract.http.SourceException;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import java.util.List;

/**
 * A latest-only daily task over the 181 daily rows of D ({@link MarketDays}) of one pair, read
 * through the run's shared {@link DailyCandles}. Every answer it reads comes through the raw zone,
 * so it is replayable.
 */
abstract class MarketTask extends DatasetTask {
    private final DailyCandles candles;
    private final String symbol;
    private final String quote;

    MarketTask(String id, DailyCandles candles, String symbol, String quote) {
        super(id, ScheduleGroup.DAILY, true);
        this.candles = candles;
        this.symbol = symbol;
        this.quote = quote;
    }

    @Override
    public final boolean replayable() {
        return true;
    }

    /** The rows of the run's execution date. */
    final List<MarketDays.MarketDay> days(TaskContext ctx) throws SourceException {
        return MarketDays.load(ctx, candles, symbol, quote);
    }
}
