package io.stacksdataverse.transform.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.stacksdataverse.transform.UtcDays;
import io.stacksdataverse.transform.market.FinancialIndicators.Day;
import io.stacksdataverse.transform.market.FinancialIndicators.Row;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinancialIndicatorsCsvTest {
    private static final String HEADER = "\"\",\"unix_timestamp_x\",\"vol_usd\",\"time_string\",\"unix_timestamp_y\","
            + "\"mktcap_usd\",\"unix_timestamp\",\"price_usd\",\"%_change\",\"rsi\",\"standard_deviation\",\"rvi\","
            + "\"rsi_change\",\"rvi_change\",\"7dayEMA\",\"nvt\",\"nvt_classic\"\n";

    @Test
    void threeRowsToTheLetter() {
        long t = 1_717_200_000L;   // 2024-06-01 00:00:00 UTC
        List<Row> rows = FinancialIndicators.compute(List.of(
                new Day(t, 1000.5, 1.5e9, 1.0004),
                new Day(t + 86_400, 2000.25, 1.2345e16, 1.2345),
                new Day(t + 172_800, 0.0, 2.0e9, 1.1)));
        // Row 0: p = r3(1.0004) = 1.0; nvt = 1.5e9 / 1000.5 = 1499250.3748… → 1499250.375.
        // Row 1: p = r3(1.2345) = 1.234 (1.2345 is 1.23449999… in binary); %_change = (1.234/1 − 1)·100 = 23.4;
        //        EMA = 0.25·1.234 + 0.75·1 = 1.0585 (just below the tie) → 1.058; the cap 1.2345e16 is printed
        //        in exponent form; nvt = 1.2345e16 / 2000.25 = 6171728533933.2583… → 6171728533933.259.
        // Row 2: %_change = (1.1/1.234 − 1)·100 = −10.858995137763362; EMA = 0.275 + 0.75·1.0585 = 1.069375
        //        → 1.069; zero volume: nvt undefined → 0.0. Too few rows for RSI, σ, RVI and NVT classic: 0.0.
        String expected = HEADER
                + "0,1717200000,1000.5,\"2024-06-01 00:00:00\",1717200000,1500000000.0,1717200000,"
                + "1.0,0.0,0.0,0.0,0.0,0.0,0.0,1.0,1499250.375,0.0\n"
                + "1,1717286400,2000.25,\"2024-06-02 00:00:00\",1717286400,1.2345e+16,1717286400,"
                + "1.234,23.4,0.0,0.0,0.0,0.0,0.0,1.058,6171728533933.259,0.0\n"
                + "2,1717372800,0.0,\"2024-06-03 00:00:00\",1717372800,2000000000.0,1717372800,"
                + "1.1,-10.858995137763362,0.0,0.0,0.0,0.0,0.0,1.069,0.0,0.0\n";
        assertThat(FinancialIndicatorsCsv.render(rows)).isEqualTo(expected);
    }

    @Test
    void noRowsIsTheHeaderAlone() {
        assertThat(FinancialIndicatorsCsv.render(List.of())).isEqualTo(HEADER);
        assertThat(FinancialIndicatorsCsv.HEADER).hasSize(17);
    }

    @Test
    void stringFieldsAreQuotedWithQuotesDoubled() {
        assertThat(FinancialIndicatorsCsv.quote("")).isEqualTo("\"\"");
        assertThat(FinancialIndicatorsCsv.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        Row odd = new Row(0, 1, 0.0, "say \"hi\"", 1, -0.0, 1, 1e-5, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(FinancialIndicatorsCsv.render(List.of(odd))).isEqualTo(
                HEADER + "0,1,0.0,\"say \"\"hi\"\"\",1,-0.0,1,1e-05,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0\n");
    }

    @Test
    void everyLineEndsWithANewlineAndHasSeventeenFields() {
        List<Row> rows = FinancialIndicators.compute(FinancialIndicatorsTest.randomWalk(40, 3, 1.5, 0.05));
        String csv = FinancialIndicatorsCsv.render(rows);
        assertThat(csv).startsWith(HEADER).endsWith("\n").doesNotContain("\r");
        assertThat(csv.substring(HEADER.length())).doesNotContain("E", "NaN", "Infinity");
        String[] lines = csv.split("\n", -1);
        assertThat(lines).hasSize(42);
        assertThat(lines[41]).isEmpty();
        for (int i = 0; i < 41; i++) {
            assertThat(lines[i].split(",", -1)).as(lines[i]).hasSize(17);
        }
        assertThat(lines[1]).startsWith("0," + UtcDays.S0 + ",").contains(",\"2021-01-14 00:00:00\",");
    }

    /**
     * The CryptoCompare fixture end to end. The expected file was computed separately, by a plain
     * Python implementation of the catalog definitions (IEEE double arithmetic, {@code round},
     * {@code math.log}, {@code repr}), the way the original computed and printed its cells.
     */
    @Test
    void cryptoCompareFixtureGivesTheExpectedFile() throws IOException {
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/financial_indicators/histoday-btc.csv")) {
            assertThat(in).isNotNull();
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Row> rows = FinancialIndicators.compute(FinancialIndicatorsTest.cryptoCompareFixture());
        assertThat(FinancialIndicatorsCsv.render(rows)).isEqualTo(expected);
    }
}
