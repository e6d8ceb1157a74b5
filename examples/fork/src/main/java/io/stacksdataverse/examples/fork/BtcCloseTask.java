package io.stacksdataverse.examples.fork;

import io.stacksdataverse.extract.cryptocompare.Candle;
import io.stacksdataverse.extract.cryptocompare.CryptoCompareClient;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
        long last = dayStart(ctx.executionDate());
        long first = dayStart(ctx.executionDate().minusDays(29));
        Map<String, BigDecimal> closes = new LinkedHashMap<>();
        for (Candle c : cryptoCompare.dailyRange(ctx.raw(), "BTC", "USD", first, last)) {
            if (c.hasPrice()) {
                closes.put(Long.toString(c.time()), r2(c.close()));
            }
        }
        if (closes.size() != 30) {
            throw new IllegalStateException("cryptocompare histoday BTC/USD gave " + closes.size() + " of 30 daily closes");
        }
        byte[] encoded = ctx.publisher().jsonObject(closes);
        return TaskResult.builder().outputs(ctx.publisher().publish(PATH, encoded)).value("days", closes.size()).build();
    }

    private static long dayStart(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    /** Two decimals, half-even on the exact binary value (as Python's round), trailing zeros dropped. */
    private static BigDecimal r2(double x) {
        BigDecimal r = new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0) : r;
    }
}
