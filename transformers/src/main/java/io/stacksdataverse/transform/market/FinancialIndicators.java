package io.stacksdataverse.transform.market;

import io.stacksdataverse.transform.PythonFloat;
import io.stacksdataverse.transform.Rounding;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The financial indicators of the 180-day market series (catalog #13–18): the rows of
 * {@code financial_indicators/latest.csv.gz} and the JSON maps {@code vols/latest_180d},
 * {@code caps/latest_180d}, {@code rsi_latest}, {@code rvi_latest} and {@code ema_latest}.
 *
 * <p>Prices are rounded to 3 decimals (r3) before any indicator is computed. Every cell that is
 * undefined is written as 0, never NaN or infinity:
 * <ul>
 *   <li>too few rows for the period (RSI before row 7, σ before row 7, RVI before row 13, NVT
 *       classic before row 27);</li>
 *   <li>a zero denominator: U + D = 0 (flat prices) for RSI, A + B = 0 for RVI, a zero volume for
 *       NVT, a zero previous price for {@code %_change};</li>
 *   <li>a value computed from an undefined one: σ over a window holding an undefined log return
 *       (a zero price on either side), NVT classic over a window holding an undefined NVT, a
 *       change whose level on either side is undefined.</li>
 * </ul>
 * A defined value can still be 0 (RSI of a series that only falls); only the JSON series drop the
 * zeros, as the catalog says.
 *
 * <p>The JSON maps hold {@link BigDecimal} values: the exact 3-decimal results, never more
 * decimals, in plain notation ({@code 100}, not {@code 1E+2}), keyed by the decimal timestamp in
 * row order (ascending).
 *
 * <p>Pure and deterministic: no I/O, no clock ({@code StrictMath} for the logarithm, so the bits do
 * not depend on the JVM or the platform).
 */
public final class FinancialIndicators {
    /** RSI and RVI period. */
    static final int PERIOD = 7;
    /** First row with an RSI (and a σ). */
    static final int FIRST_RSI = PERIOD;
    /** First row with an RVI: its averages start at the first σ-weighted move, row 7. */
    static final int FIRST_RVI = 2 * PERIOD - 1;
    /** Rows in the NVT classic window. */
    static final int NVT_WINDOW = 28;
    /** EMA weight of the new price, 2 / (span + 1) with span 7. */
    static final double EMA_ALPHA = 0.25;

    private static final DateTimeFormatter TIME_STRING = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private FinancialIndicators() {
    }

    /**
     * One input day: the row key {@code unixTimestamp} (T, unix seconds), the 24-hour USD volume
     * ending at T, the USD market cap and the unrounded close price, all finite.
     */
    public record Day(long unixTimestamp, double volUsd, double mktcapUsd, double close) {
        public Day {
            if (!Double.isFinite(volUsd) || !Double.isFinite(mktcapUsd) || !Double.isFinite(close)) {
                throw new IllegalArgumentException("non-finite value in the day of " + unixTimestamp);
            }
        }
    }

    /**
     * One CSV row, the 17 columns in order. The three timestamps all hold T. Rounded cells hold the
     * double nearest their 3-decimal value; undefined cells hold 0.
     */
    public record Row(int index, long unixTimestampX, double volUsd, String timeString, long unixTimestampY,
                      double mktcapUsd, long unixTimestamp, double priceUsd, double pctChange, double rsi,
                      double standardDeviation, double rvi, double rsiChange, double rviChange, double ema7,
                      double nvt, double nvtClassic) {
    }

    /**
     * The rows for the given days, which must be in strictly ascending order of timestamp.
     *
     * @throws IllegalArgumentException if the timestamps are not strictly ascending
     */
    public static List<Row> compute(List<Day> days) {
        int n = days.size();
        for (int j = 1; j < n; j++) {
            if (days.get(j).unixTimestamp() <= days.get(j - 1).unixTimestamp()) {
                throw new IllegalArgumentException("timestamps not strictly ascending at row " + j);
            }
        }
        double[] p = new double[n];
        for (int j = 0; j < n; j++) {
            p[j] = r3(days.get(j).close());
        }

        Double[] pctChange = pctChange(p);
        Double[] rsi = rsi(p);
        Double[] sigma = sigma(p);
        Double[] rvi = rvi(p, sigma);
        Double[] rsiChange = change(rsi, FIRST_RSI);
        Double[] rviChange = change(rvi, FIRST_RVI);
        double[] ema = ema(p);
        Double[] nvtUnrounded = nvtUnrounded(days);
        Double[] nvtClassic = nvtClassic(nvtUnrounded);

        List<Row> rows = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            Day d = days.get(j);
            long t = d.unixTimestamp();
            rows.add(new Row(j, t, d.volUsd(), timeString(t), t, d.mktcapUsd(), t, p[j],
                    orZero(pctChange[j]), orZero(rsi[j]), orZero(sigma[j]), orZero(rvi[j]),
                    orZero(rsiChange[j]), orZero(rviChange[j]), r3(ema[j]),
                    nvtUnrounded[j] == null ? 0.0 : r3(nvtUnrounded[j]), orZero(nvtClassic[j])));
        }
        return Collections.unmodifiableList(rows);
    }

    /** {@code vols/latest_180d}: {@code {"<unix_timestamp_x>": r3(vol_usd)}}, in row order. */
    public static Map<String, BigDecimal> volumes(List<Row> rows) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (Row r : rows) {
            out.put(Long.toString(r.unixTimestampX()), Rounding.r3(r.volUsd()));
        }
        return out;
    }

    /** {@code caps/latest_180d}: {@code {"<unix_timestamp_y>": r3(mktcap_usd)}}, in row order. */
    public static Map<String, BigDecimal> marketCaps(List<Row> rows) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (Row r : rows) {
            out.put(Long.toString(r.unixTimestampY()), Rounding.r3(r.mktcapUsd()));
        }
        return out;
    }

    /** {@code rsi_latest}: {@code {"<unix_timestamp_x>": rsi}} for the rows with rsi ≠ 0. */
    public static Map<String, BigDecimal> rsiSeries(List<Row> rows) {
        return nonZeroSeries(rows, Row::rsi);
    }

    /** {@code rvi_latest}: {@code {"<unix_timestamp_x>": rvi}} for the rows with rvi ≠ 0. */
    public static Map<String, BigDecimal> rviSeries(List<Row> rows) {
        return nonZeroSeries(rows, Row::rvi);
    }

    /** {@code ema_latest}: {@code {"<unix_timestamp_x>": 7dayEMA}} for the rows with EMA ≠ 0. */
    public static Map<String, BigDecimal> emaSeries(List<Row> rows) {
        return nonZeroSeries(rows, Row::ema7);
    }

    // ---- the indicators; null marks an undefined cell ----

    /** (p_j / p_{j−1} − 1) · 100 for j ≥ 1; undefined at j = 0 and after a zero price. */
    static Double[] pctChange(double[] p) {
        Double[] out = new Double[p.length];
        for (int j = 1; j < p.length; j++) {
            if (p[j - 1] != 0.0) {
                double v = (p[j] / p[j - 1] - 1) * 100;
                out[j] = Double.isFinite(v) ? v : null;
            }
        }
        return out;
    }

    /** RSI, period 7, Wilder smoothing, r3; defined from row 7 when U + D ≠ 0. */
    static Double[] rsi(double[] p) {
        int n = p.length;
        Double[] out = new Double[n];
        if (n <= FIRST_RSI) {
            return out;
        }
        double sumU = 0;
        double sumD = 0;
        for (int j = 1; j <= PERIOD; j++) {
            sumU += Math.max(p[j] - p[j - 1], 0);
            sumD += Math.max(p[j - 1] - p[j], 0);
        }
        double u = sumU / PERIOD;
        double d = sumD / PERIOD;
        out[FIRST_RSI] = ratio(u, d);
        for (int j = FIRST_RSI + 1; j < n; j++) {
            u = ((PERIOD - 1) * u + Math.max(p[j] - p[j - 1], 0)) / PERIOD;
            d = ((PERIOD - 1) * d + Math.max(p[j - 1] - p[j], 0)) / PERIOD;
            out[j] = ratio(u, d);
        }
        return out;
    }

    /**
     * σ_j, the population standard deviation of the log returns r_{j−6}…r_j, for j ≥ 7 (unrounded);
     * undefined when a return of the window is (a zero price on either side).
     */
    static Double[] sigma(double[] p) {
        int n = p.length;
        Double[] r = new Double[n];
        for (int j = 1; j < n; j++) {
            if (p[j - 1] != 0.0) {
                // StrictMath: the same bits on every JVM and platform, so a re-run gives the same bytes.
                double lr = StrictMath.log(p[j] / p[j - 1]);
                if (Double.isFinite(lr)) {
                    r[j] = lr;
                }
            }
        }
        Double[] out = new Double[n];
        for (int j = FIRST_RSI; j < n; j++) {
            boolean defined = true;
            double sum = 0;
            for (int k = j - PERIOD + 1; k <= j; k++) {
                if (r[k] == null) {
                    defined = false;
                    break;
                }
                sum += r[k];
            }
            if (!defined) {
                continue;
            }
            double mean = sum / PERIOD;
            double squares = 0;
            for (int k = j - PERIOD + 1; k <= j; k++) {
                double dev = r[k] - mean;
                squares += dev * dev;
            }
            out[j] = Math.sqrt(squares / PERIOD);
        }
        return out;
    }

    /**
     * RVI, period 7, r3; defined from row 13 when A + B ≠ 0. The move of row j is weighted by the
     * σ of the previous row (0 when that σ is undefined, as σ₆ is), the original's quirk.
     */
    static Double[] rvi(double[] p, Double[] sigma) {
        int n = p.length;
        Double[] out = new Double[n];
        if (n <= FIRST_RVI) {
            return out;
        }
        double sumA = 0;
        double sumB = 0;
        for (int j = FIRST_RSI; j <= FIRST_RVI; j++) {
            sumA += up(p, sigma, j);
            sumB += down(p, sigma, j);
        }
        double a = sumA / PERIOD;
        double b = sumB / PERIOD;
        out[FIRST_RVI] = ratio(a, b);
        for (int j = FIRST_RVI + 1; j < n; j++) {
            a = ((PERIOD - 1) * a + up(p, sigma, j)) / PERIOD;
            b = ((PERIOD - 1) * b + down(p, sigma, j)) / PERIOD;
            out[j] = ratio(a, b);
        }
        return out;
    }

    private static double up(double[] p, Double[] sigma, int j) {
        return p[j] > p[j - 1] ? orZero(sigma[j - 1]) : 0.0;
    }

    private static double down(double[] p, Double[] sigma, int j) {
        return p[j] < p[j - 1] ? orZero(sigma[j - 1]) : 0.0;
    }

    /**
     * The change of an r3 level: the level itself at its first row, then level_j − level_{j−1}, a
     * difference of rounded values that is not rounded again; undefined where either level is.
     */
    static Double[] change(Double[] level, int first) {
        Double[] out = new Double[level.length];
        if (first < level.length) {
            out[first] = level[first];
        }
        for (int j = first + 1; j < level.length; j++) {
            if (level[j] != null && level[j - 1] != null) {
                out[j] = level[j] - level[j - 1];
            }
        }
        return out;
    }

    /** e₀ = p₀, e_j = 0.25·p_j + 0.75·e_{j−1} (span 7, no bias adjustment), unrounded. */
    static double[] ema(double[] p) {
        double[] e = new double[p.length];
        for (int j = 0; j < p.length; j++) {
            e[j] = j == 0 ? p[0] : EMA_ALPHA * p[j] + (1 - EMA_ALPHA) * e[j - 1];
        }
        return e;
    }

    /** mktcap_j / vol_j, unrounded; undefined for a zero volume. */
    static Double[] nvtUnrounded(List<Day> days) {
        Double[] out = new Double[days.size()];
        for (int j = 0; j < out.length; j++) {
            Day d = days.get(j);
            double v = d.mktcapUsd() / d.volUsd();
            if (Double.isFinite(v)) {
                out[j] = v;
            }
        }
        return out;
    }

    /** r3 of the mean of the unrounded NVT over rows j−27…j, for j ≥ 27. */
    static Double[] nvtClassic(Double[] nvt) {
        Double[] out = new Double[nvt.length];
        for (int j = NVT_WINDOW - 1; j < nvt.length; j++) {
            double sum = 0;
            boolean defined = true;
            for (int k = j - NVT_WINDOW + 1; k <= j; k++) {
                if (nvt[k] == null) {
                    defined = false;
                    break;
                }
                sum += nvt[k];
            }
            if (defined && Double.isFinite(sum)) {
                out[j] = r3(sum / NVT_WINDOW);
            }
        }
        return out;
    }

    // ---- helpers ----

    /** r3(100·x / (x + y)); undefined when x + y = 0. */
    private static Double ratio(double x, double y) {
        double total = x + y;
        if (total == 0.0) {
            return null;
        }
        double v = 100 * x / total;
        return Double.isFinite(v) ? r3(v) : null;
    }

    /** The double nearest r3(x), for a finite x. */
    private static double r3(double x) {
        return Rounding.r3(x).doubleValue();
    }

    private static double orZero(Double x) {
        return x == null ? 0.0 : x;
    }

    static String timeString(long unixSeconds) {
        return LocalDateTime.ofEpochSecond(unixSeconds, 0, ZoneOffset.UTC).format(TIME_STRING);
    }

    /**
     * The shortest decimal of a rounded cell: the 3-decimal value it was rounded to, never more
     * decimals, in plain notation ({@code 100}, not {@code 1E+2}).
     */
    private static BigDecimal decimal(double v) {
        BigDecimal d = PythonFloat.shortest(Math.abs(v));
        if (d.scale() < 0) {
            d = d.setScale(0);
        }
        return v < 0 ? d.negate() : d;
    }

    private static Map<String, BigDecimal> nonZeroSeries(List<Row> rows, ToDoubleFunction<Row> column) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (Row r : rows) {
            double v = column.applyAsDouble(r);
            if (v != 0.0) {
                out.put(Long.toString(r.unixTimestampX()), decimal(v));
            }
        }
        return out;
    }
}
