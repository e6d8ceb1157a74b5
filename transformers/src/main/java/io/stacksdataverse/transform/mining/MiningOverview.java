package io.stacksdataverse.transform.mining;

import io.stacksdataverse.transform.Rounding;
import io.stacksdataverse.transform.Units;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Catalog #32, {@code mining_last100}: the overview of the window of tenures, from exact sums. */
public final class MiningOverview {
    private MiningOverview() {
    }

    /**
     * The window's entries, ascending, with the fill rule of {@code stx_rewards}: a tenure whose coinbase
     * has not matured gets the reward of the newest tenure of the window that has one, or, when none
     * has, {@code olderMatured} (the newest matured coinbase before the window); null if that is empty.
     */
    public static List<WindowEntry> entries(List<Tenure> tenures, OptionalLong olderMatured) {
        Long fill = olderMatured.isPresent() ? olderMatured.getAsLong() : null;
        for (Tenure t : tenures) {
            if (t.maturedMicroStx() != null) {
                fill = t.maturedMicroStx();       // ascending: the last one seen is the newest
            }
        }
        List<WindowEntry> out = new ArrayList<>(tenures.size());
        for (Tenure t : tenures) {
            Long reward = t.maturedMicroStx() != null ? t.maturedMicroStx() : fill;
            out.add(new WindowEntry(t.height(), t.burnBlockTime(), t.winner(), t.winnerSats(), reward));
        }
        return out;
    }

    /**
     * The published object, in the catalog's key order. {@code entries} are {@link #entries} of
     * {@code tenures}; {@code totalCommittedSats} is the all-time committed total.
     */
    public static Map<String, Object> overview(List<Tenure> tenures, List<WindowEntry> entries, long totalCommittedSats) {
        if (tenures.isEmpty() || tenures.size() != entries.size()) {
            throw new IllegalArgumentException("an overview needs a non-empty window and one entry per tenure");
        }
        Map<String, Object> btcBurns = new LinkedHashMap<>();
        Map<String, Object> stxRewards = new LinkedHashMap<>();
        Map<String, Object> winProbabilities = new LinkedHashMap<>();
        Map<String, Object> winnerBurnFees = new LinkedHashMap<>();
        Map<String, Object> winningMiners = new LinkedHashMap<>();
        List<Long> heights = new ArrayList<>();
        long winnerSum = 0;
        int winnerCount = 0;
        long feeSum = 0;
        BigDecimal totalRewards = null;
        for (int i = 0; i < tenures.size(); i++) {
            Tenure t = tenures.get(i);
            WindowEntry e = entries.get(i);
            String key = Long.toString(t.height());
            btcBurns.put(key, t.burnSats() == null ? null : r3Btc(t.burnSats()));
            BigDecimal reward = e.rewardMicroStx() == null ? null : Units.stx(e.rewardMicroStx());
            stxRewards.put(key, reward);
            winProbabilities.put(key, probability(t.winnerSats(), t.burnSats()));
            winnerBurnFees.put(key, t.winnerSats() == null ? null : Units.btc(t.winnerSats()));
            winningMiners.put(key, t.winner());
            heights.add(t.height());
            if (t.winnerSats() != null) {
                winnerSum += t.winnerSats();
                winnerCount++;
            }
            feeSum += t.feesMicroStx();
            if (reward != null) {
                totalRewards = totalRewards == null ? reward : totalRewards.add(reward);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("btc_burns", btcBurns);
        out.put("stx_rewards", stxRewards);
        out.put("win_probabilities", winProbabilities);
        out.put("last_block_reward", stxRewards.get(Long.toString(tenures.get(tenures.size() - 1).height())));
        out.put("total_btc_committed", r3Btc(totalCommittedSats));
        out.put("avg_btc_committed", winnerCount == 0 ? null : Rounding.r3(mean(winnerSum, winnerCount, 8)));
        out.put("winner_burn_fees", winnerBurnFees);
        out.put("avg_fee_per_block", Rounding.r3(mean(feeSum, tenures.size(), 6)));
        out.put("winning_miners", winningMiners);
        out.put("total_stx_rewards", totalRewards);
        out.put("block_heights", heights);
        return out;
    }

    /** r3 of sats in BTC: the double nearest the exact value, rounded as the catalog's r3. */
    static BigDecimal r3Btc(long sats) {
        return Rounding.r3(Units.btc(sats).doubleValue());
    }

    /** r3(winner / total), null when either is unknown or the total is 0. */
    static BigDecimal probability(Long winnerSats, Long totalSats) {
        if (winnerSats == null || totalSats == null || totalSats == 0) {
            return null;
        }
        return Rounding.r3((double) winnerSats / (double) totalSats);
    }

    /** The mean of {@code count} integer amounts summing to {@code sum}, × 10^−{@code decimals}, as a double. */
    private static double mean(long sum, int count, int decimals) {
        if (count <= 0) {
            throw new IllegalArgumentException("a mean of no amounts");
        }
        return BigDecimal.valueOf(sum).movePointLeft(decimals).divide(BigDecimal.valueOf(count), MathContext.DECIMAL64).doubleValue();
    }
}
