package io.stacksdataverse.transform.mining;

import io.stacksdataverse.transform.Units;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Catalog #33, {@code mining_risk_reward}: each tenure's winning commit and STX reward in USD at its day's close. */
public final class RiskReward {
    private static final long DAY = 86_400;

    private RiskReward() {
    }

    /** The UTC day starts of the window's Bitcoin times, ascending: the days whose closes are needed. */
    public static TreeSet<Long> days(List<WindowEntry> entries) {
        TreeSet<Long> days = new TreeSet<>();
        entries.forEach(e -> days.add(dayOf(e.burnBlockTime())));
        return days;
    }

    public static long dayOf(long time) {
        return Math.floorDiv(time, DAY) * DAY;
    }

    /**
     * {@code {"<h>": {"burn_block_time", "spent_usd", "rewarded_usd"}}} ascending, unrounded; the
     * closes are by UTC day start (a missing day, or a null input, gives null).
     */
    public static Map<String, Object> of(List<WindowEntry> entries, Map<Long, Double> btcCloses, Map<Long, Double> stxCloses) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (WindowEntry e : entries) {
            long day = dayOf(e.burnBlockTime());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("burn_block_time", e.burnBlockTime());
            row.put("spent_usd", usd(e.winnerSats() == null ? null : Units.btc(e.winnerSats()).doubleValue(), btcCloses.get(day)));
            row.put("rewarded_usd", usd(e.rewardMicroStx() == null ? null : Units.stx(e.rewardMicroStx()).doubleValue(),
                    stxCloses.get(day)));
            out.put(Long.toString(e.height()), row);
        }
        return out;
    }

    private static Double usd(Double amount, Double price) {
        if (amount == null || price == null) {
            return null;
        }
        double v = amount * price;
        return Double.isFinite(v) ? v : null;
    }
}
