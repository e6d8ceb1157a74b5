package io.stacksdataverse.examples.fork;

import io.stacksdataverse.extract.cryptocompare.Candle;
import io.stacksdataverse.extract.cryptocompare.CryptoCompareClient;
import io.stacksdataverse.loaders.publish.DatasetPublisher;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.spi.Visibility;
import io.stacksdataverse.transform.Rounding;
import io.stacksdataverse.transform.UtcDays;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fork's dataset: the BTC/USD daily closes of the 30 UTC days D−29…D, as
 * {@code {"<t(d)>": r2(close)}}, from one CryptoCompare {@code histoday} call. It reuses the
 * CryptoCompare client the core plugin binds.
 */
public final class BtcCloseTask implements Task {
    public static final DatasetPath PATH = DatasetPath.fixed("fork_btc_close_30d", "fork/btc_close_30d.json.gz");
    private final CryptoCompareClient cryptoCompare;

    @Inject
    public BtcCloseTask(CryptoCompareClient cryptoCompare) {
        this.cryptoCompare = cryptoCompare;
    }

    @Override
    public String id() {
        return "fork_btc_close_30d";
    }

    @Override
    public ScheduleGroup group() {
        return ScheduleGroup.DAILY;
    }

    @Override
    public boolean latestOnly() {
        return true;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        long last = UtcDays.t(ctx.executionDate());
        long first = UtcDays.t(ctx.executionDate().minusDays(29));
        Map<String, BigDecimal> closes = new LinkedHashMap<>();
        for (Candle c : cryptoCompare.dailyRange(ctx.raw(), "BTC", "USD", first, last)) {
            if (c.hasPrice()) {
                closes.put(Long.toString(c.time()), Rounding.r2(c.close()));
            }
        }
        if (closes.size() != 30) {
            throw new IllegalStateException("cryptocompare histoday BTC/USD gave " + closes.size() + " of 30 daily closes");
        }
        byte[] encoded = DatasetPublisher.gzipJsonObject(closes);
        TaskResult.Builder result = TaskResult.builder();
        DatasetPublisher.publish(ctx.blobs(), PATH, ctx.executionDate(), ctx.isLatest(), Visibility.PUBLIC, encoded)
                .forEach(result::output);
        return result.value("days", closes.size()).build();
    }
}
