package io.stacksdataverse.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PythonFloatTest {

    private static void expect(double x, String python) {
        assertThat(PythonFloat.repr(x)).as("repr(%s)", Double.toHexString(x)).isEqualTo(python);
    }

    @Test
    void positionalRange() {
        expect(0.1, "0.1");
        expect(1.0 / 3, "0.3333333333333333");
        expect(0.1 + 0.2, "0.30000000000000004");
        expect(1.5, "1.5");
        expect(2.0, "2.0");
        expect(100.0, "100.0");
        expect(123456789.5, "123456789.5");
        expect(1e15, "1000000000000000.0");
        expect(9999999999999998.0, "9999999999999998.0");
        expect(1e-4, "0.0001");
        expect(Math.nextUp(1e-4), "0.00010000000000000002");
        expect((11.0 / 10 - 1) * 100, "10.000000000000009");
        expect(-10.204999999999998, "-10.204999999999998");
        expect(31013.12, "31013.12");
        expect(3244062170.09, "3244062170.09");
    }

    @Test
    void zerosKeepTheirSign() {
        expect(0.0, "0.0");
        expect(-0.0, "-0.0");
    }

    @Test
    void exponentFormOutsideThePositionalRange() {
        expect(1e16, "1e+16");
        expect(2e23, "2e+23");
        expect(1e23, "1e+23");
        expect(1e22, "1e+22");
        expect(1.234e20, "1.234e+20");
        expect(123456789012345678.0, "1.2345678901234568e+17");
        expect(9.223372036854776e18, "9.223372036854776e+18");
        expect(Math.nextDown(1e-4), "9.999999999999999e-05");
        expect(9.999e-5, "9.999e-05");
        expect(1e-5, "1e-05");
        expect(1.5e-5, "1.5e-05");
        expect(4.35e-6, "4.35e-06");
        expect(-2.5e-7, "-2.5e-07");
        expect(1.0 / 7 * 1e-10, "1.4285714285714285e-11");
        expect(Double.MAX_VALUE, "1.7976931348623157e+308");
        expect(Double.MIN_NORMAL, "2.2250738585072014e-308");
    }

    @Test
    void subnormalsAreShortestNotJavas() {
        // Java 17 prints 4.9E-324; the shortest digit that reads back is 5.
        expect(Double.MIN_VALUE, "5e-324");
        expect(3 * Double.MIN_VALUE, "1.5e-323");
        expect(7 * Double.MIN_VALUE, "3.5e-323");
    }

    @Test
    void powersOfTwoWithTheirNarrowerLowerGap() {
        expect(Math.scalb(1.0, 60), "1.152921504606847e+18");
        expect(Math.scalb(1.0, 63), "9.223372036854776e+18");
        expect(Math.scalb(1.0, -20), "9.5367431640625e-07");
        expect(Math.scalb(1.0, 100), "1.2676506002282294e+30");
    }

    @Test
    void nonFiniteIsRejected() {
        assertThatThrownBy(() -> PythonFloat.repr(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PythonFloat.repr(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PythonFloat.repr(Double.NEGATIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomDoublesRoundTripWithTheFewestDigits() {
        SplittableRandom random = new SplittableRandom(20240601L);
        for (int i = 0; i < 5000; i++) {
            double x;
            switch (i % 3) {
                case 0 -> x = Double.longBitsToDouble(random.nextLong());            // any bit pattern
                case 1 -> x = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-8, 20));
                default -> x = Math.round(random.nextDouble() * 1e6) / 1000.0;         // r3-like values
            }
            if (!Double.isFinite(x)) {
                continue;
            }
            String s = PythonFloat.repr(x);
            assertThat(Double.parseDouble(s)).as(s).isEqualTo(x);
            int digits = significantDigits(s);
            assertThat(digits).as("%s vs Java %s", s, Double.toString(x))
                    .isLessThanOrEqualTo(significantDigits(Double.toString(x)));
            // No decimal with one digit fewer reads back as x.
            if (x != 0 && digits > 1) {
                BigDecimal exact = new BigDecimal(x);
                for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
                    BigDecimal shorter = exact.round(new MathContext(digits - 1, mode));
                    assertThat(Double.parseDouble(shorter.toString())).as("%s shorter %s", s, shorter)
                            .isNotEqualTo(x);
                }
            }
            // Layout: positional exactly when 1e-4 <= |x| < 1e16.
            boolean positional = Math.abs(x) >= 1e-4 && Math.abs(x) < 1e16 || x == 0;
            assertThat(s.contains("e")).as(s).isEqualTo(!positional);
            if (positional) {
                assertThat(s).contains(".");
            }
        }
    }

    /** Significant digits of a Java or Python float text. */
    private static int significantDigits(String s) {
        String mantissa = s.replace("-", "").split("[eE]")[0];
        BigDecimal d = new BigDecimal(mantissa).stripTrailingZeros();
        return d.signum() == 0 ? 1 : d.precision();
    }
}
