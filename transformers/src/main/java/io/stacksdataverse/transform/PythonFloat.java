package io.stacksdataverse.transform;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A double written as Python's {@code repr(float)} writes it, for outputs whose text must match
 * the original byte for byte (the financial indicators CSV).
 *
 * <p>The digits are the shortest decimal that reads back as the same double; when several
 * decimals of that length do, the one nearest the exact binary value. Java 17's
 * {@code Double.toString} is not always shortest ({@code 4.9E-324} for Python's {@code 5e-324}),
 * so the digits are searched here on the exact value. The layout follows CPython: positional when
 * the decimal exponent of the first digit lies in [-4, 16), i.e. {@code 1e-4 <= |x| < 1e16}
 * ({@code 0.0001}, {@code 2.0}, {@code 123456789.5}), otherwise {@code d.ddde±XX} with at least two
 * exponent digits ({@code 1e-05}, {@code 1.5e-05}, {@code 1e+16}).
 */
public final class PythonFloat {
    private PythonFloat() {
    }

    /** Python's {@code repr(x)}; throws {@link IllegalArgumentException} for NaN and infinities. */
    public static String repr(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("not a finite double: " + x);
        }
        String sign = (Double.doubleToRawLongBits(x) < 0) ? "-" : "";
        if (x == 0.0) {
            return sign + "0.0";
        }
        BigDecimal shortest = shortest(Math.abs(x));
        String digits = shortest.unscaledValue().toString();
        // value = 0.d1d2… × 10^decpt, as in CPython's float formatting.
        int decpt = digits.length() - shortest.scale();
        StringBuilder out = new StringBuilder(sign);
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                out.append("0.").append("0".repeat(-decpt)).append(digits);
            } else if (decpt < digits.length()) {
                out.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
            } else {
                out.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
            }
        } else {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            int exponent = decpt - 1;
            out.append(exponent < 0 ? "e-" : "e+");
            String e = Integer.toString(Math.abs(exponent));
            out.append(e.length() < 2 ? "0" + e : e);
        }
        return out.toString();
    }

    /**
     * The shortest decimal that reads back as {@code x}, nearest to the exact value of {@code x}
     * among those of that length, with trailing zeros stripped. For a finite, non-negative double.
     */
    public static BigDecimal shortest(double x) {
        BigDecimal exact = new BigDecimal(x);
        for (int precision = 1; precision <= 17; precision++) {
            // The decimals of this many digits on either side of x; if any decimal of this length
            // reads back as x, one of these two does, because the doubles reading as x form an
            // interval around x.
            BigDecimal below = exact.round(new MathContext(precision, RoundingMode.FLOOR));
            BigDecimal above = exact.round(new MathContext(precision, RoundingMode.CEILING));
            boolean belowOk = readsBackAs(below, x);
            boolean aboveOk = readsBackAs(above, x);
            if (belowOk && aboveOk) {
                int cmp = exact.subtract(below).compareTo(above.subtract(exact));
                if (cmp < 0) {
                    return normalize(below);
                }
                if (cmp > 0) {
                    return normalize(above);
                }
                return normalize(exact.round(new MathContext(precision, RoundingMode.HALF_EVEN)));
            }
            if (belowOk) {
                return normalize(below);
            }
            if (aboveOk) {
                return normalize(above);
            }
        }
        // 17 significant digits always identify a double; not reached.
        return normalize(exact.round(new MathContext(17, RoundingMode.HALF_EVEN)));
    }

    private static boolean readsBackAs(BigDecimal candidate, double x) {
        return Double.parseDouble(candidate.toString()) == x;
    }

    private static BigDecimal normalize(BigDecimal d) {
        return d.stripTrailingZeros();
    }
}
