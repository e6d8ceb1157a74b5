package io.stacksdataverse.transform.balances;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The whale histogram's bins (catalog #5): edges e_k = 10,000 + 500·k STX for k = 0…19,979; a
 * balance x falls under the key 10,000 + 500·i, i = the number of edges ≤ x, the upper edge of its
 * 500-STX bin; every x ≥ 9,999,500 STX under the open top key 10,000,000. In µSTX b:
 * i = min(⌊(b − 10¹⁰) / (5·10⁸)⌋ + 1, 19 980).
 */
public final class WhaleBins {
    static final BigDecimal FLOOR = BigDecimal.valueOf(10_000_000_000L);
    static final BigDecimal WIDTH = BigDecimal.valueOf(500_000_000L);
    static final long MAX_I = 19_980;

    private WhaleBins() {
    }

    /** The bin key (STX) of a balance of at least 10,000 STX, given in µSTX. */
    public static long key(BigDecimal microStx) {
        if (microStx.compareTo(FLOOR) < 0) {
            throw new IllegalArgumentException("not a whale balance: " + microStx + " µSTX");
        }
        long i = microStx.subtract(FLOOR).divide(WIDTH, 0, RoundingMode.FLOOR).longValueExact() + 1;
        return 10_000 + 500 * Math.min(i, MAX_I);
    }
}
