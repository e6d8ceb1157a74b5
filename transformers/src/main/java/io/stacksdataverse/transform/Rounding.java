package io.stacksdataverse.transform;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * r2 / r3 of the catalog: round half-even on the exact binary value of the double, as Python's
 * {@code round} does. {@code BigDecimal.valueOf} would round the shortest decimal string instead
 * (1.3635 is stored as 1.36349999… and must give 1.363). Non-finite values give {@code null}.
 */
public final class Rounding {
    private Rounding() {
    }

    public static BigDecimal round(double x, int decimals) {
        if (!Double.isFinite(x)) {
            return null;
        }
        BigDecimal r = new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN);
        // Drop trailing zeros so 1.500 is written 1.5, but keep integers in plain notation.
        r = r.stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0) : r;
    }

    public static BigDecimal r2(double x) {
        return round(x, 2);
    }

    public static BigDecimal r3(double x) {
        return round(x, 3);
    }
}
