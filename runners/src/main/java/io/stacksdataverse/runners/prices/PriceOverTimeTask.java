package io.stacksdataverse.runners.prices;

import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.loaders.warehouse.StxPriceTable;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.paths.TableNames;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.spi.Visibility;
import io.stacksdataverse.transform.UtcDays;
import io.stacksdataverse.transform.prices.PriceWindows;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Catalog #10–12: {@code price_over_time/latest_7d|30d|90d.json.gz}, each the rows of
 * {@code stx_historical_prices} over the whole UTC days {@code [t(D−6), t(D+1))} (resp. D−29,
 * D−89) as {@code {"<unix_timestamp>": r3(price_usd)}}, keys ascending. A run or re-run for D
 * publishes the same bytes. Latest-only, as in the original DAG.
 */
public final class PriceOverTimeTask extends DatasetTask {
    public static final String ID = "price_over_time";

    public PriceOverTimeTask() {
        super(ID, ScheduleGroup.DAILY, true, StxPriceHistoryTask.ID);
    }
    private static final Map<DatasetPath, Integer> WINDOWS = windows();

    private static Map<DatasetPath, Integer> windows() {
        Map<DatasetPath, Integer> m = new LinkedHashMap<>();
        m.put(DatasetPaths.PRICE_7D, 7);
        m.put(DatasetPaths.PRICE_30D, 30);
        m.put(DatasetPaths.PRICE_90D, 90);
        return m;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        LocalDate d = ctx.executionDate();
        PriceWindow window = PriceWindow.forDate(d, ctx.clock());
        NavigableMap<Long, Double> prices = StxPriceTable.read(PostgresWarehouse.dsl(ctx.warehouse()), window.from(),
                window.toExclusive());
        if (prices.size() != window.hours()) {
            throw new IllegalStateException(TableNames.STX_HISTORICAL_PRICES + " holds " + prices.size() + " of the "
                    + window.hours() + " hours of " + d.minusDays(PriceWindow.DAYS - 1) + ".." + d
                    + "; run " + StxPriceHistoryTask.ID + " for " + d + " first");
        }
        // Encode all three before writing any, so a failure leaves every published file as it was.
        Map<DatasetPath, byte[]> encoded = new LinkedHashMap<>();
        for (Map.Entry<DatasetPath, Integer> w : WINDOWS.entrySet()) {
            long from = UtcDays.t(d.minusDays(w.getValue() - 1L));
            encoded.put(w.getKey(), ctx.publisher().jsonObject(PriceWindows.window(prices, from, window.toExclusive())));
        }
        TaskResult.Builder result = TaskResult.builder().outputs(ctx.publisher().publishAll(encoded, Visibility.PUBLIC));
        return result.value("hours", prices.size()).value("last_hour", prices.lastKey()).build();
    }
}
