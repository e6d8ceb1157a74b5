package io.stacksdataverse.transform.spot;

import io.stacksdataverse.transform.Rounding;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/** The computed fields of the spot statistics (catalog #30–31), as pure functions. */
public final class SpotFigures {
    /** A whale holds at least 10,000 STX; whale_percent counts those holding 100,000 or more. */
    static final BigDecimal BIG_WHALE_STX = BigDecimal.valueOf(100_000);
    /** Blocks a year in the APY formula (one Bitcoin block per 10 minutes). */
    static final double BURN_BLOCKS_PER_YEAR = 52_560;
    public static final String NO_APY = "-.-%";

    private SpotFigures() {
    }

    /**
     * The Gini coefficient of the whales' balances (STX, ascending), r2: each balance plus 10⁻⁷,
     * G = Σ (2i − n − 1)·xᵢ / (n·Σ xᵢ); null without balances.
     */
    public static BigDecimal gini(List<BigDecimal> ascending) {
        int n = ascending.size();
        if (n == 0) {
            return null;
        }
        double weighted = 0;
        double total = 0;
        for (int i = 1; i <= n; i++) {
            double x = ascending.get(i - 1).doubleValue() + 1e-7;
            weighted += (2.0 * i - n - 1) * x;
            total += x;
        }
        return Rounding.r2(weighted / (n * total));
    }

    /** The median of the balances (ascending), exact: the mean of the middle two when n is even; null without balances. */
    public static BigDecimal median(List<BigDecimal> ascending) {
        int n = ascending.size();
        if (n == 0) {
            return null;
        }
        if (n % 2 == 1) {
            return ascending.get(n / 2).stripTrailingZeros();
        }
        return ascending.get(n / 2 - 1).add(ascending.get(n / 2)).divide(BigDecimal.valueOf(2)).stripTrailingZeros();
    }

    /** 100 × the share of whales holding at least 100,000 STX, unrounded; null without whales. */
    public static Double whalePercent(List<BigDecimal> whalesStx) {
        if (whalesStx.isEmpty()) {
            return null;
        }
        long big = whalesStx.stream().filter(b -> b.compareTo(BIG_WHALE_STX) >= 0).count();
        return 100.0 * big / whalesStx.size();
    }

    /** The median fee (µSTX) of the newest transfers, in STX r3: the mean of the middle two of an even count; null without any. */
    public static BigDecimal medianFeeStx(List<Long> feesMicroStx) {
        if (feesMicroStx.isEmpty()) {
            return null;
        }
        long[] sorted = feesMicroStx.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = sorted.length;
        BigDecimal micro = n % 2 == 1 ? BigDecimal.valueOf(sorted[n / 2])
                : BigDecimal.valueOf(sorted[n / 2 - 1]).add(BigDecimal.valueOf(sorted[n / 2])).divide(BigDecimal.valueOf(2));
        return Rounding.r3(micro.movePointLeft(6).doubleValue());
    }

    /**
     * The stacking APY in percent, r2: 100 · (R·10⁻⁸·P_BTC) / (S·10⁻⁶·P_STX) · (52 560 / L), from the
     * previous cycle's payouts R (sats) and stacked total S (µSTX); empty when an input is missing
     * or S is 0.
     */
    public static Optional<BigDecimal> apy(Optional<BigInteger> rewardSats, Optional<BigInteger> stackedMicroStx,
                                           Double btcUsd, Double stxUsd, long cycleLength) {
        if (rewardSats.isEmpty() || stackedMicroStx.isEmpty() || btcUsd == null || stxUsd == null
                || stackedMicroStx.get().signum() == 0 || stxUsd == 0 || cycleLength <= 0) {
            return Optional.empty();
        }
        double paid = new BigDecimal(rewardSats.get()).movePointLeft(8).doubleValue() * btcUsd;
        double stacked = new BigDecimal(stackedMicroStx.get()).movePointLeft(6).doubleValue() * stxUsd;
        double apy = 100 * paid / stacked * (BURN_BLOCKS_PER_YEAR / cycleLength);
        return Double.isFinite(apy) ? Optional.of(Rounding.r2(apy)) : Optional.empty();
    }

    /** The APY as {@code spot_stats} writes it: two decimals and {@code %}, or {@value #NO_APY}. */
    public static String apyText(Optional<BigDecimal> apy) {
        return apy.map(a -> a.setScale(2, RoundingMode.UNNECESSARY).toPlainString() + "%").orElse(NO_APY);
    }

    /** The cycle phase of burn height h in a cycle from s to e: Prepare if s ≤ h ≤ s+100, else Burn if e−90 ≤ h ≤ e, else PoX. */
    public static String phase(long h, long s, long e) {
        if (s <= h && h <= s + 100) {
            return "Prepare";
        }
        if (e - 90 <= h && h <= e) {
            return "Burn";
        }
        return "PoX";
    }

    /** r2((price / ath − 1) × 100); null when either is missing or the ATH is 0. */
    public static BigDecimal percentFromAth(Double price, Double ath) {
        if (price == null || ath == null || ath == 0) {
            return null;
        }
        return Rounding.r2((price / ath - 1) * 100);
    }

}
