package io.stacksdataverse.transform;

import java.math.BigDecimal;

/** Unit conversions on exact integers: µSTX → STX, sats → BTC, converted only for writing. */
public final class Units {
    private Units() {
    }

    /** µSTX × 10⁻⁶, exact. */
    public static BigDecimal stx(long microStx) {
        return BigDecimal.valueOf(microStx).movePointLeft(6).stripTrailingZeros();
    }

    /** µSTX × 10⁻⁶, exact. */
    public static BigDecimal stx(BigDecimal microStx) {
        return microStx.movePointLeft(6).stripTrailingZeros();
    }

    /** sats × 10⁻⁸, exact. */
    public static BigDecimal btc(long sats) {
        return BigDecimal.valueOf(sats).movePointLeft(8).stripTrailingZeros();
    }

    /** sats × 10⁻⁸, exact. */
    public static BigDecimal btc(BigDecimal sats) {
        return sats.movePointLeft(8).stripTrailingZeros();
    }

    /**
     * A decimal as Python prints the float of it in positional form: at least one digit after the
     * point ({@code 1500000.0}, {@code 0.5}), never an exponent. For values with at most 15
     * significant digits this is exactly Python's {@code repr}.
     */
    public static String floatText(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        String plain = v.toPlainString();
        return v.scale() <= 0 ? plain.replaceAll("\\.0*$", "") + ".0" : plain;
    }
}
