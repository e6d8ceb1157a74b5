package io.stacksdataverse.transform.market;

import io.stacksdataverse.transform.PythonFloat;
import java.util.List;

/**
 * The text of {@code financial_indicators/latest.csv.gz} (before gzip), as the original wrote it:
 * every string field (header names included) in double quotes, numbers bare; the index and the
 * three timestamps as integers, every other number as Python's {@code repr} of the float (so a 0
 * cell is {@code 0.0}); every line, the last included, ends with {@code \n}.
 */
public final class FinancialIndicatorsCsv {
    /** The 17 header names in order; the first (the row index) is empty. */
    public static final List<String> HEADER = List.of("", "unix_timestamp_x", "vol_usd", "time_string",
            "unix_timestamp_y", "mktcap_usd", "unix_timestamp", "price_usd", "%_change", "rsi",
            "standard_deviation", "rvi", "rsi_change", "rvi_change", "7dayEMA", "nvt", "nvt_classic");

    private FinancialIndicatorsCsv() {
    }

    /** The CSV text of the rows, header first. */
    public static String render(List<FinancialIndicators.Row> rows) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < HEADER.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(HEADER.get(i)));
        }
        out.append('\n');
        for (FinancialIndicators.Row r : rows) {
            out.append(r.index()).append(',')
                    .append(r.unixTimestampX()).append(',')
                    .append(PythonFloat.repr(r.volUsd())).append(',')
                    .append(quote(r.timeString())).append(',')
                    .append(r.unixTimestampY()).append(',')
                    .append(PythonFloat.repr(r.mktcapUsd())).append(',')
                    .append(r.unixTimestamp()).append(',')
                    .append(PythonFloat.repr(r.priceUsd())).append(',')
                    .append(PythonFloat.repr(r.pctChange())).append(',')
                    .append(PythonFloat.repr(r.rsi())).append(',')
                    .append(PythonFloat.repr(r.standardDeviation())).append(',')
                    .append(PythonFloat.repr(r.rvi())).append(',')
                    .append(PythonFloat.repr(r.rsiChange())).append(',')
                    .append(PythonFloat.repr(r.rviChange())).append(',')
                    .append(PythonFloat.repr(r.ema7())).append(',')
                    .append(PythonFloat.repr(r.nvt())).append(',')
                    .append(PythonFloat.repr(r.nvtClassic())).append('\n');
        }
        return out.toString();
    }

    /** A string field in double quotes, a quote inside doubled. */
    static String quote(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
