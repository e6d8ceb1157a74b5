package io.stacksdataverse.transform.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.stacksdataverse.transform.PythonFloat;
import io.stacksdataverse.transform.UtcDays;
import io.stacksdataverse.transform.market.FinancialIndicators.Day;
import io.stacksdataverse.transform.market.FinancialIndicators.Row;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FinancialIndicatorsTest {
    /** 2022-06-10 00:00 UTC. */
    private static final long T0 = 1_654_819_200L;
    private static final long DAY = 86_400L;
    private static final double SUPPLY = 1.5e9;

    // ------------------------------------------------------------------------------------------
    // (a) Hand-computed values
    // ------------------------------------------------------------------------------------------

    /** p_j = 10 on even rows, 20 on odd rows; vol 1000; mktcap = p · 10⁶, so nvt = p · 1000. */
    private static List<Day> alternating(int n) {
        List<Day> days = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            double p = j % 2 == 0 ? 10.0 : 20.0;
            days.add(new Day(T0 + j * DAY, 1000.0, p * 1e6, p));
        }
        return days;
    }

    @Test
    void handComputedAlternatingSeries() {
        List<Row> rows = FinancialIndicators.compute(alternating(30));
        assertThat(rows).hasSize(30);

        Row r0 = rows.get(0);
        assertThat(r0.index()).isZero();
        assertThat(r0.unixTimestampX()).isEqualTo(T0);
        assertThat(r0.unixTimestampY()).isEqualTo(T0);
        assertThat(r0.unixTimestamp()).isEqualTo(T0);
        assertThat(r0.timeString()).isEqualTo("2022-06-10 00:00:00");
        assertThat(rows.get(29).timeString()).isEqualTo("2022-07-09 00:00:00");
        assertThat(r0.volUsd()).isEqualTo(1000.0);
        assertThat(r0.mktcapUsd()).isEqualTo(1e7);

        // %_change: 0 at row 0; 10 → 20 is (2 − 1)·100 = 100; 20 → 10 is (0.5 − 1)·100 = −50.
        assertThat(col(rows, Row::pctChange, 0, 4)).containsExactly(0.0, 100.0, -50.0, 100.0);

        // RSI. u_j = 10 on odd rows, d_j = 10 on even rows ≥ 2.
        // U7 = (u1+u3+u5+u7)/7 = 40/7, D7 = (d2+d4+d6)/7 = 30/7 → 100·40/70 = 57.142857… → 57.143.
        // Row 8 falls: U8 = 6·(40/7)/7 = 240/49, D8 = (6·30/7 + 10)/7 = 250/49 → 100·240/490 = 48.979… → 48.98.
        // Row 9 rises: U9 = (6·240/49 + 10)/7 = 1930/343, D9 = 6·250/343 = 1500/343 → 100·1930/3430 = 56.268…
        assertThat(col(rows, Row::rsi, 0, 7)).containsOnly(0.0);
        assertThat(col(rows, Row::rsi, 7, 10)).containsExactly(57.143, 48.98, 56.268);
        // rsi_change: the level at row 7, then differences of the rounded levels, float noise kept:
        // 48.98 − 57.143 and 56.268 − 48.98 in binary arithmetic.
        assertThat(col(rows, Row::rsiChange, 0, 7)).containsOnly(0.0);
        assertThat(col(rows, Row::rsiChange, 7, 10)).containsExactly(57.143, 48.98 - 57.143, 56.268 - 48.98);
        assertThat(PythonFloat.repr(rows.get(8).rsiChange())).isEqualTo("-8.163000000000004");
        assertThat(PythonFloat.repr(rows.get(9).rsiChange())).isEqualTo("7.288000000000004");

        // σ: every window of 7 returns holds ±ln 2, four of one sign and three of the other, so
        // mean = ±ln2/7 and variance = ln²2 − ln²2/49 = ln²2·48/49: σ = ln2·√48/7 ≈ 0.68604 on every row ≥ 7.
        double s = Math.log(2) * Math.sqrt(48) / 7;
        assertThat(col(rows, Row::standardDeviation, 0, 7)).containsOnly(0.0);
        for (int j = 7; j < 30; j++) {
            assertThat(rows.get(j).standardDeviation()).isCloseTo(s, within(1e-15));
        }

        // RVI. up_7 = σ6 = 0 (the previous-row quirk), down_8 = up_9 = down_10 = up_11 = down_12 = up_13 = s.
        // A13 = 3s/7, B13 = 3s/7 → 50. Row 14 falls: A14 = 18s/49, B14 = (18s/7 + s)/7 = 25s/49 → 100·18/43 = 41.860…
        // Row 15 rises: A15 = (6·18/49 + 1)s/7 = 157s/343, B15 = 150s/343 → 100·157/307 = 51.140… → 51.14.
        assertThat(col(rows, Row::rvi, 0, 13)).containsOnly(0.0);
        assertThat(col(rows, Row::rvi, 13, 16)).containsExactly(50.0, 41.86, 51.14);
        assertThat(col(rows, Row::rviChange, 0, 13)).containsOnly(0.0);
        assertThat(col(rows, Row::rviChange, 13, 16)).containsExactly(50.0, 41.86 - 50.0, 51.14 - 41.86);
        assertThat(PythonFloat.repr(rows.get(15).rviChange())).isEqualTo("9.280000000000001");

        // EMA: e0 = 10, e1 = 2.5 + 7.5 = 12.5, e2 = 2.5 + 9.375 = 11.875, e3 = 5 + 8.90625 = 13.90625 → 13.906,
        // e4 = 2.5 + 10.4296875 = 12.9296875 → 12.93.
        assertThat(col(rows, Row::ema7, 0, 5)).containsExactly(10.0, 12.5, 11.875, 13.906, 12.93);

        // NVT = p·10⁶ / 1000; the classic mean over 28 rows holds 14 of each: 15000.
        assertThat(col(rows, Row::nvt, 0, 2)).containsExactly(10000.0, 20000.0);
        assertThat(col(rows, Row::nvtClassic, 0, 27)).containsOnly(0.0);
        assertThat(col(rows, Row::nvtClassic, 27, 30)).containsOnly(15000.0);
        assertClean(rows);
    }

    @Test
    void pricesAreRoundedToThreeDecimalsBeforeAnyIndicator() {
        // 1.2345 is stored as 1.23449999999999993…, so r3 gives 1.234; 1.0004 gives 1.0.
        List<Row> rows = FinancialIndicators.compute(List.of(
                new Day(T0, 1000.0, 1.0004e9, 1.0004),
                new Day(T0 + DAY, 1000.0, 1.2345e9, 1.2345)));
        assertThat(rows.get(0).priceUsd()).isEqualTo(1.0);
        assertThat(rows.get(1).priceUsd()).isEqualTo(1.234);
        assertThat(rows.get(1).pctChange()).isEqualTo((1.234 / 1.0 - 1) * 100);
        // e1 = 0.25·1.234 + 0.75·1.0 = 1.0585 (below the tie in binary) → 1.058.
        assertThat(rows.get(1).ema7()).isEqualTo(1.058);
        // NVT uses the unrounded market cap: 1.0004e9 / 1000 = 1000400.
        assertThat(rows.get(0).nvt()).isEqualTo(1000400.0);
    }

    // ------------------------------------------------------------------------------------------
    // (b) An independent implementation, compared on real and generated series
    // ------------------------------------------------------------------------------------------

    @Test
    void matchesTheIndependentImplementationOnTheCryptoCompareFixture() throws IOException {
        List<Day> days = cryptoCompareFixture();
        assertThat(days).hasSize(31);
        List<Row> rows = FinancialIndicators.compute(days);
        assertThat(rows.get(0).timeString()).isEqualTo("2022-05-11 00:00:00");
        assertThat(rows.get(0).priceUsd()).isEqualTo(31013.12);
        assertThat(rows.get(0).volUsd()).isEqualTo(3244062170.09);
        assertMatchesReference(days, rows);
        // The fixture is long enough for every indicator.
        assertThat(rows.get(30).rvi()).isNotZero();
        assertThat(rows.get(30).nvtClassic()).isNotZero();
    }

    @Test
    void matchesTheIndependentImplementationOn181DayRandomWalks() {
        for (long seed = 1; seed <= 5; seed++) {
            List<Day> days = randomWalk(181, seed, 1.5, 0.05);
            assertMatchesReference(days, FinancialIndicators.compute(days));
        }
        // Cheap coin, small moves: many equal consecutive 3-decimal prices (u = d = 0, r = 0).
        for (long seed = 11; seed <= 13; seed++) {
            List<Day> days = randomWalk(181, seed, 0.02, 0.02);
            assertMatchesReference(days, FinancialIndicators.compute(days));
        }
    }

    // ------------------------------------------------------------------------------------------
    // (c) Edge cases
    // ------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 6, 7, 8, 13, 14, 27, 28})
    void shortSeriesLeaveTheIndicatorsThatNeedMoreRowsAtZero(int n) {
        List<Day> days = randomWalk(n, 42, 1.5, 0.05);
        List<Row> rows = FinancialIndicators.compute(days);
        assertThat(rows).hasSize(n);
        assertClean(rows);
        assertMatchesReference(days, rows);
        for (int j = 0; j < n; j++) {
            Row r = rows.get(j);
            assertThat(r.index()).isEqualTo(j);
            assertThat(r.ema7()).isNotZero();
            assertThat(r.nvt()).isNotZero();
            if (j == 0) {
                assertThat(r.pctChange()).isZero();
            } else {
                assertThat(r.pctChange()).isNotZero();
            }
            if (j < 7) {
                assertThat(List.of(r.rsi(), r.rsiChange(), r.standardDeviation())).containsOnly(0.0);
            } else {
                assertThat(r.standardDeviation()).isPositive();
            }
            if (j < 13) {
                assertThat(List.of(r.rvi(), r.rviChange())).containsOnly(0.0);
            }
            if (j < 27) {
                assertThat(r.nvtClassic()).isZero();
            } else {
                assertThat(r.nvtClassic()).isPositive();
            }
        }
        if (n > 7) {
            assertThat(rows.get(7).rsi()).isPositive();
            assertThat(rows.get(7).rsiChange()).isEqualTo(rows.get(7).rsi());
        }
        if (n > 13) {
            assertThat(rows.get(13).rvi()).isPositive();
            assertThat(rows.get(13).rviChange()).isEqualTo(rows.get(13).rvi());
        }
        assertThat(FinancialIndicators.rsiSeries(rows)).hasSize(Math.max(0, n - 7));
        assertThat(FinancialIndicators.rviSeries(rows)).hasSize(Math.max(0, n - 13));
        assertThat(FinancialIndicators.emaSeries(rows)).hasSize(n);
        assertThat(FinancialIndicatorsCsv.render(rows).split("\n", -1)).hasSize(n + 2); // header + rows + ""
    }

    @Test
    void flatPricesLeaveRsiAndRviUndefined() {
        List<Day> days = new ArrayList<>();
        for (int j = 0; j < 40; j++) {
            days.add(new Day(T0 + j * DAY, 5e6, 2.5 * SUPPLY, 2.5));
        }
        List<Row> rows = FinancialIndicators.compute(days);
        assertClean(rows);
        assertMatchesReference(days, rows);
        // U + D = 0 and A + B = 0 on every row: 100·0/0 is undefined, written 0.
        for (ToDoubleFunction<Row> c : List.<ToDoubleFunction<Row>>of(Row::pctChange, Row::rsi,
                Row::standardDeviation, Row::rvi, Row::rsiChange, Row::rviChange)) {
            assertThat(col(rows, c, 0, 40)).containsOnly(0.0);
        }
        assertThat(col(rows, Row::ema7, 0, 40)).containsOnly(2.5);
        assertThat(col(rows, Row::nvt, 0, 40)).containsOnly(750.0);
        assertThat(col(rows, Row::nvtClassic, 27, 40)).containsOnly(750.0);
        assertThat(FinancialIndicators.rsiSeries(rows)).isEmpty();
        assertThat(FinancialIndicators.rviSeries(rows)).isEmpty();
        assertThat(FinancialIndicators.emaSeries(rows)).hasSize(40);
    }

    @Test
    void aZeroVolumeLeavesItsNvtAndEveryClassicWindowHoldingItAtZero() {
        List<Day> days = new ArrayList<>(randomWalk(60, 7, 1.5, 0.05));
        Day d = days.get(30);
        days.set(30, new Day(d.unixTimestamp(), 0.0, d.mktcapUsd(), d.close()));
        List<Row> rows = FinancialIndicators.compute(days);
        assertClean(rows);
        assertMatchesReference(days, rows);
        assertThat(rows.get(30).nvt()).isZero();
        assertThat(rows.get(30).volUsd()).isZero();
        assertThat(col(rows, Row::nvt, 29, 30)).doesNotContain(0.0);
        assertThat(col(rows, Row::nvt, 31, 32)).doesNotContain(0.0);
        assertThat(col(rows, Row::nvtClassic, 27, 30)).doesNotContain(0.0);
        assertThat(col(rows, Row::nvtClassic, 30, 58)).containsOnly(0.0);     // windows 3…30 … 30…57
        assertThat(col(rows, Row::nvtClassic, 58, 60)).doesNotContain(0.0);
        assertThat(FinancialIndicators.volumes(rows).get(Long.toString(days.get(30).unixTimestamp())))
                .isEqualByComparingTo("0");
    }

    @Test
    void aZeroPriceLeavesTheNextChangeAndTheSigmaWindowsHoldingItsReturnsAtZero() {
        List<Day> days = new ArrayList<>(randomWalk(40, 9, 1.5, 0.05));
        Day d = days.get(20);
        days.set(20, new Day(d.unixTimestamp(), d.volUsd(), 0.0004 * SUPPLY, 0.0004));   // r3 → 0
        List<Row> rows = FinancialIndicators.compute(days);
        assertClean(rows);
        assertMatchesReference(days, rows);
        assertThat(rows.get(20).priceUsd()).isZero();
        assertThat(rows.get(20).pctChange()).isEqualTo(-100.0);   // (0 / p19 − 1)·100 is defined
        assertThat(rows.get(21).pctChange()).isZero();            // p21 / 0 is not
        // r20 = ln(0 / p19) and r21 = ln(p21 / 0) are undefined: windows ending at 20…27 hold one.
        assertThat(rows.get(19).standardDeviation()).isPositive();
        assertThat(col(rows, Row::standardDeviation, 20, 28)).containsOnly(0.0);
        assertThat(rows.get(28).standardDeviation()).isPositive();
        assertThat(FinancialIndicatorsCsv.render(rows)).doesNotContain("NaN", "Infinity", "inf", "nan");
    }

    @Test
    void aDefinedZeroRsiIsALevelButAnUndefinedOneIsNot() {
        // Falling for 8 rows: U = 0, D > 0, so rsi7 = 0 is defined; row 8 rises.
        List<Day> falling = new ArrayList<>();
        for (int j = 0; j < 8; j++) {
            falling.add(new Day(T0 + j * DAY, 1e6, 1e9, 10.0 - j));
        }
        falling.add(new Day(T0 + 8 * DAY, 1e6, 1e9, 9.0));
        List<Row> a = FinancialIndicators.compute(falling);
        // d1…d7 = 1: U7 = 0, D7 = 1 → rsi7 = 0. Row 8 rises by 6: U8 = (6·0 + 6)/7 = 6/7,
        // D8 = (6·1 + 0)/7 = 6/7 → 100·(6/7)/(12/7) = 50.
        assertThat(a.get(7).rsi()).isZero();
        assertThat(a.get(8).rsi()).isEqualTo(50.0);
        assertThat(a.get(8).rsiChange()).isEqualTo(50.0);            // 50 − 0
        assertThat(FinancialIndicators.rsiSeries(a)).containsOnlyKeys(Long.toString(T0 + 8 * DAY));

        // Flat for 8 rows: U7 + D7 = 0, rsi7 is undefined, so the change at row 8 is undefined too
        // (written 0), while rsi8 = 100·(1/7)/(1/7 + 0) = 100.
        List<Day> flat = new ArrayList<>();
        for (int j = 0; j < 8; j++) {
            flat.add(new Day(T0 + j * DAY, 1e6, 1e9, 3.0));
        }
        flat.add(new Day(T0 + 8 * DAY, 1e6, 1e9, 4.0));
        List<Row> b = FinancialIndicators.compute(flat);
        assertThat(b.get(7).rsi()).isZero();
        assertThat(b.get(8).rsi()).isEqualTo(100.0);
        assertThat(b.get(8).rsiChange()).isZero();
        assertMatchesReference(falling, a);
        assertMatchesReference(flat, b);
    }

    @Test
    void jsonMapsAreAscendingRoundedAndPlain() {
        List<Day> days = new ArrayList<>(alternating(30));
        days.set(0, new Day(T0, 1234.56789, 1.2345e16, 10.0));
        List<Row> rows = FinancialIndicators.compute(days);

        Map<String, BigDecimal> vols = FinancialIndicators.volumes(rows);
        assertThat(vols.keySet()).hasSize(30).first().isEqualTo(Long.toString(T0));
        assertThat(vols.keySet()).containsSequence(Long.toString(T0), Long.toString(T0 + DAY));
        assertThat(vols.get(Long.toString(T0)).toString()).isEqualTo("1234.568");
        assertThat(vols.get(Long.toString(T0 + DAY)).toString()).isEqualTo("1000");

        Map<String, BigDecimal> caps = FinancialIndicators.marketCaps(rows);
        assertThat(caps.get(Long.toString(T0)).toString()).isEqualTo("12345000000000000");
        assertThat(caps.get(Long.toString(T0 + DAY)).toString()).isEqualTo("20000000");

        Map<String, BigDecimal> rsi = FinancialIndicators.rsiSeries(rows);
        assertThat(rsi).hasSize(23);
        assertThat(rsi.keySet()).first().isEqualTo(Long.toString(T0 + 7 * DAY));
        assertThat(rsi.get(Long.toString(T0 + 7 * DAY)).toString()).isEqualTo("57.143");
        assertThat(rsi.get(Long.toString(T0 + 8 * DAY)).toString()).isEqualTo("48.98");

        Map<String, BigDecimal> rvi = FinancialIndicators.rviSeries(rows);
        assertThat(rvi).hasSize(17);
        assertThat(rvi.get(Long.toString(T0 + 13 * DAY)).toString()).isEqualTo("50");
        assertThat(rvi.get(Long.toString(T0 + 14 * DAY)).toString()).isEqualTo("41.86");

        Map<String, BigDecimal> ema = FinancialIndicators.emaSeries(rows);
        assertThat(ema).hasSize(30);
        assertThat(ema.get(Long.toString(T0 + 3 * DAY)).toString()).isEqualTo("13.906");

        for (Map<String, BigDecimal> m : List.of(vols, caps, rsi, rvi, ema)) {
            List<Long> keys = m.keySet().stream().map(Long::parseLong).toList();
            assertThat(keys).isSorted();
            for (BigDecimal v : m.values()) {
                assertThat(v.scale()).isBetween(0, 3);
                assertThat(v.toString()).doesNotContain("E");
            }
        }
    }

    @Test
    void rejectsUnorderedTimestampsAndNonFiniteInput() {
        assertThatThrownBy(() -> FinancialIndicators.compute(List.of(
                new Day(T0 + DAY, 1, 1, 1), new Day(T0, 1, 1, 1)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FinancialIndicators.compute(List.of(
                new Day(T0, 1, 1, 1), new Day(T0, 1, 1, 1)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Day(T0, Double.NaN, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Day(T0, 1, Double.POSITIVE_INFINITY, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Day(T0, 1, 1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------------------
    // Inputs
    // ------------------------------------------------------------------------------------------

    /**
     * The CryptoCompare histoday fixture as the runner maps it: T = time + 86 400 (the end of the
     * candle day), vol = volumeto, close = close, mktcap = close × a fixed supply.
     */
    static List<Day> cryptoCompareFixture() throws IOException {
        String json;
        try (InputStream in = FinancialIndicatorsTest.class.getResourceAsStream(
                "/fixtures/cryptocompare/histoday.json")) {
            assertThat(in).as("fixture on the test classpath").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Minimal parse: the candles are the flat objects of the array "Data":{…,"Data":[…]}.
        int start = json.indexOf("\"Data\":[");
        int end = json.indexOf(']', start);
        assertThat(start).isPositive();
        Matcher candle = Pattern.compile("\\{[^{}]*}").matcher(json.substring(start, end));
        List<Day> days = new ArrayList<>();
        while (candle.find()) {
            String c = candle.group();
            long time = Long.parseLong(field(c, "time"));
            double close = Double.parseDouble(field(c, "close"));
            double volumeTo = Double.parseDouble(field(c, "volumeto"));
            days.add(new Day(time + DAY, volumeTo, close * SUPPLY, close));
        }
        return days;
    }

    private static String field(String object, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(-?[0-9.eE+-]+)").matcher(object);
        assertThat(m.find()).as("field %s in %s", name, object).isTrue();
        return m.group(1);
    }

    /** A seeded geometric random walk of n daily rows. */
    static List<Day> randomWalk(int n, long seed, double start, double dailyVolatility) {
        Random random = new Random(seed);
        List<Day> days = new ArrayList<>();
        double close = start;
        for (int j = 0; j < n; j++) {
            if (j > 0) {
                close *= Math.exp(dailyVolatility * random.nextGaussian());
            }
            double vol = 2e6 + 8e7 * random.nextDouble();
            days.add(new Day(UtcDays.S0 + j * DAY, vol, close * SUPPLY, close));
        }
        return days;
    }

    // ------------------------------------------------------------------------------------------
    // Checks
    // ------------------------------------------------------------------------------------------

    private static List<Double> col(List<Row> rows, ToDoubleFunction<Row> column, int from, int to) {
        List<Double> out = new ArrayList<>();
        for (int j = from; j < to; j++) {
            out.add(column.applyAsDouble(rows.get(j)));
        }
        return out;
    }

    private static double[] numbers(Row r) {
        return new double[] {r.volUsd(), r.mktcapUsd(), r.priceUsd(), r.pctChange(), r.rsi(),
            r.standardDeviation(), r.rvi(), r.rsiChange(), r.rviChange(), r.ema7(), r.nvt(), r.nvtClassic()};
    }

    /** No NaN or infinity anywhere, and the three timestamps agree. */
    private static void assertClean(List<Row> rows) {
        for (Row r : rows) {
            for (double v : numbers(r)) {
                assertThat(Double.isFinite(v)).as("finite cells of %s", r).isTrue();
            }
            assertThat(r.unixTimestampY()).isEqualTo(r.unixTimestampX());
            assertThat(r.unixTimestamp()).isEqualTo(r.unixTimestampX());
        }
    }

    /**
     * Every cell against {@link Reference}: undefined there means 0 here; a rounded cell within
     * ±0.0005 of the exact unrounded value, and nearly always equal to its r3 (a binary and a
     * decimal computation can fall on either side of a tie); a change within ±0.001 of the exact
     * difference; unrounded cells within a relative 1e-9.
     */
    private static void assertMatchesReference(List<Day> days, List<Row> rows) {
        Reference ref = new Reference(days);
        assertThat(rows).hasSize(ref.n);
        int compared = 0;
        int unequal = 0;
        for (int j = 0; j < ref.n; j++) {
            Row r = rows.get(j);
            String at = "row " + j;
            assertThat(r.priceUsd()).as(at).isEqualTo(ref.p[j].doubleValue());
            assertUnrounded(at + " %_change", r.pctChange(), ref.pct[j]);
            assertUnrounded(at + " σ", r.standardDeviation(), ref.sigma[j]);
            assertChange(at + " rsi_change", r.rsiChange(), ref.rsiChange[j], j == 7);
            assertChange(at + " rvi_change", r.rviChange(), ref.rviChange[j], j == 13);
            double[] actual = {r.rsi(), r.rvi(), r.ema7(), r.nvt(), r.nvtClassic()};
            BigDecimal[] expected = {ref.rsi[j], ref.rvi[j], ref.ema[j], ref.nvt[j], ref.nvtClassic[j]};
            for (int c = 0; c < actual.length; c++) {
                String what = at + " rounded column " + c;
                if (expected[c] == null) {
                    assertThat(actual[c]).as(what + " undefined").isEqualTo(0.0);
                    continue;
                }
                double e = expected[c].doubleValue();
                assertThat(actual[c]).as(what).isCloseTo(e, within(0.0005 + 1e-12 * Math.abs(e)));
                compared++;
                if (actual[c] != Reference.r3(expected[c]).doubleValue()) {
                    unequal++;
                }
            }
        }
        assertThat(unequal).as("rounded cells unequal out of %d", compared)
                .isLessThanOrEqualTo(Math.max(1, compared / 100));
    }

    private static void assertUnrounded(String what, double actual, BigDecimal expected) {
        if (expected == null) {
            assertThat(actual).as(what + " undefined").isEqualTo(0.0);
            return;
        }
        double e = expected.doubleValue();
        assertThat(actual).as(what).isCloseTo(e, within(1e-9 * Math.abs(e) + 1e-15));
    }

    /** A change against the exact one: a level is off by at most 0.0005, a difference by 0.001. */
    private static void assertChange(String what, double actual, BigDecimal expected, boolean isLevel) {
        if (expected == null) {
            assertThat(actual).as(what + " undefined").isEqualTo(0.0);
            return;
        }
        assertThat(actual).as(what).isCloseTo(expected.doubleValue(), within((isLevel ? 0.0005 : 0.001) + 1e-12));
    }

    /**
     * The indicators again, straight from the definitions and built differently: exact decimal
     * arithmetic (34 digits), no running state. Wilder averages and the EMA are written as their
     * closed weighted sums, σ as an explicit two-pass sum, ln as a series. Every value is kept
     * unrounded except the prices (r3 by definition); the changes are differences of those exact
     * levels. {@code null} = undefined.
     */
    static final class Reference {
        private static final MathContext MC = MathContext.DECIMAL128;
        private static final BigDecimal SEVEN = BigDecimal.valueOf(7);
        private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

        final int n;
        final BigDecimal[] p;
        final BigDecimal[] pct;
        final BigDecimal[] rsi;
        final BigDecimal[] sigma;
        final BigDecimal[] rvi;
        final BigDecimal[] rsiChange;
        final BigDecimal[] rviChange;
        final BigDecimal[] ema;
        final BigDecimal[] nvt;
        final BigDecimal[] nvtClassic;
        private final BigDecimal[] sixSevenths;

        Reference(List<Day> days) {
            n = days.size();
            p = new BigDecimal[n];
            for (int j = 0; j < n; j++) {
                p[j] = new BigDecimal(days.get(j).close()).setScale(3, RoundingMode.HALF_EVEN);
            }

            pct = new BigDecimal[n];
            for (int j = 1; j < n; j++) {
                if (p[j - 1].signum() != 0) {
                    pct[j] = p[j].divide(p[j - 1], MC).subtract(BigDecimal.ONE).multiply(HUNDRED, MC);
                }
            }

            BigDecimal[] gain = new BigDecimal[n];
            BigDecimal[] loss = new BigDecimal[n];
            for (int j = 1; j < n; j++) {
                BigDecimal diff = p[j].subtract(p[j - 1]);
                gain[j] = diff.max(BigDecimal.ZERO);
                loss[j] = diff.negate().max(BigDecimal.ZERO);
            }
            sixSevenths = powers(BigDecimal.valueOf(6).divide(SEVEN, MC), n);
            rsi = new BigDecimal[n];
            for (int j = 7; j < n; j++) {
                rsi[j] = level(wilder(gain, 7, j), wilder(loss, 7, j));
            }

            BigDecimal[] logReturn = new BigDecimal[n];
            for (int j = 1; j < n; j++) {
                if (p[j - 1].signum() > 0 && p[j].signum() > 0) {
                    logReturn[j] = ln(p[j].divide(p[j - 1], MC));
                }
            }
            sigma = new BigDecimal[n];
            for (int j = 7; j < n; j++) {
                List<BigDecimal> window = new ArrayList<>();
                for (int k = j - 6; k <= j; k++) {
                    window.add(logReturn[k]);
                }
                if (window.contains(null)) {
                    continue;
                }
                BigDecimal mean = window.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(SEVEN, MC);
                BigDecimal squares = BigDecimal.ZERO;
                for (BigDecimal x : window) {
                    squares = squares.add(x.subtract(mean).pow(2, MC), MC);
                }
                sigma[j] = squares.divide(SEVEN, MC).sqrt(MC);
            }

            BigDecimal[] up = new BigDecimal[n];
            BigDecimal[] down = new BigDecimal[n];
            for (int j = 7; j < n; j++) {
                BigDecimal previous = sigma[j - 1] == null ? BigDecimal.ZERO : sigma[j - 1];
                int move = p[j].compareTo(p[j - 1]);
                up[j] = move > 0 ? previous : BigDecimal.ZERO;
                down[j] = move < 0 ? previous : BigDecimal.ZERO;
            }
            rvi = new BigDecimal[n];
            for (int j = 13; j < n; j++) {
                rvi[j] = level(wilder(up, 13, j), wilder(down, 13, j));
            }

            rsiChange = change(rsi, 7);
            rviChange = change(rvi, 13);

            ema = new BigDecimal[n];
            BigDecimal quarter = new BigDecimal("0.25");
            BigDecimal[] threeQuarters = powers(new BigDecimal("0.75"), n);
            for (int j = 0; j < n; j++) {
                // e_j = 0.75^j·p0 + Σ_{k=1..j} 0.25·0.75^(j−k)·p_k
                BigDecimal e = threeQuarters[j].multiply(p[0], MC);
                for (int k = 1; k <= j; k++) {
                    e = e.add(quarter.multiply(threeQuarters[j - k], MC).multiply(p[k], MC), MC);
                }
                ema[j] = e;
            }

            nvt = new BigDecimal[n];
            for (int j = 0; j < n; j++) {
                BigDecimal vol = new BigDecimal(days.get(j).volUsd());
                if (vol.signum() != 0) {
                    nvt[j] = new BigDecimal(days.get(j).mktcapUsd()).divide(vol, MC);
                }
            }
            nvtClassic = new BigDecimal[n];
            for (int j = 27; j < n; j++) {
                BigDecimal sum = BigDecimal.ZERO;
                for (int k = j - 27; k <= j && sum != null; k++) {
                    sum = nvt[k] == null ? null : sum.add(nvt[k], MC);
                }
                if (sum != null) {
                    nvtClassic[j] = sum.divide(BigDecimal.valueOf(28), MC);
                }
            }
        }

        /**
         * The Wilder average at row j whose first value (row {@code first}) is the plain mean of
         * rows first−6…first: (6/7)^(j−first)·mean + Σ_{k=first+1..j} (1/7)·(6/7)^(j−k)·x_k.
         */
        private BigDecimal wilder(BigDecimal[] x, int first, int j) {
            BigDecimal seed = BigDecimal.ZERO;
            for (int k = first - 6; k <= first; k++) {
                seed = seed.add(x[k]);
            }
            BigDecimal total = sixSevenths[j - first].multiply(seed.divide(SEVEN, MC), MC);
            for (int k = first + 1; k <= j; k++) {
                total = total.add(sixSevenths[j - k].multiply(x[k], MC).divide(SEVEN, MC), MC);
            }
            return total;
        }

        /** x⁰ … x^(n−1). */
        private static BigDecimal[] powers(BigDecimal x, int n) {
            BigDecimal[] out = new BigDecimal[Math.max(n, 1)];
            out[0] = BigDecimal.ONE;
            for (int i = 1; i < n; i++) {
                out[i] = out[i - 1].multiply(x, MC);
            }
            return out;
        }

        private static BigDecimal level(BigDecimal gains, BigDecimal losses) {
            BigDecimal total = gains.add(losses, MC);
            return total.signum() == 0 ? null : HUNDRED.multiply(gains, MC).divide(total, MC);
        }

        private static BigDecimal[] change(BigDecimal[] level, int first) {
            BigDecimal[] out = new BigDecimal[level.length];
            for (int j = first; j < level.length; j++) {
                if (j == first) {
                    out[j] = level[j];
                } else if (level[j] != null && level[j - 1] != null) {
                    out[j] = level[j].subtract(level[j - 1], MC);
                }
            }
            return out;
        }

        static BigDecimal r3(BigDecimal x) {
            return x.setScale(3, RoundingMode.HALF_EVEN);
        }

        /** ln x = 2·atanh((x − 1)/(x + 1)) = 2·Σ z^(2k+1)/(2k+1), for x > 0. */
        static BigDecimal ln(BigDecimal x) {
            BigDecimal z = x.subtract(BigDecimal.ONE).divide(x.add(BigDecimal.ONE), MC);
            BigDecimal z2 = z.multiply(z, MC);
            BigDecimal power = z;
            BigDecimal sum = BigDecimal.ZERO;
            BigDecimal epsilon = new BigDecimal("1e-40");
            for (int k = 0; k < 100_000; k++) {
                BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), MC);
                sum = sum.add(term, MC);
                if (term.abs().compareTo(epsilon) < 0) {
                    break;
                }
                power = power.multiply(z2, MC);
            }
            return sum.multiply(BigDecimal.valueOf(2), MC);
        }
    }

    @Test
    void referenceLogarithmIsRight() {
        assertThat(Reference.ln(new BigDecimal(2)).doubleValue()).isCloseTo(Math.log(2), within(1e-15));
        assertThat(Reference.ln(new BigDecimal("0.5")).doubleValue()).isCloseTo(-Math.log(2), within(1e-15));
        assertThat(Reference.ln(BigDecimal.ONE).signum()).isZero();
        assertThat(Reference.ln(new BigDecimal("1.05")).doubleValue()).isCloseTo(Math.log(1.05), within(1e-16));
    }
}
