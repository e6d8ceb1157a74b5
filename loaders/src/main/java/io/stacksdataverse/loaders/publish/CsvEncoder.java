package io.stacksdataverse.loaders.publish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The catalog's CSV: every string field, header names included, in double quotes (a quote inside
 * doubled); numbers bare, as given; every line, the last included, ends with {@code \n}; gzipped.
 */
public final class CsvEncoder {
    private CsvEncoder() {
    }

    /** A number cell, written as its text. */
    public record Bare(String text) {
    }

    /** Gzipped CSV of a header and rows; a cell is a {@link String} (quoted), a {@link Bare} or a {@link Number} (bare). */
    public static byte[] gzipCsv(List<String> header, List<List<Object>> rows) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
            writeLine(w, List.copyOf(header));
            for (List<Object> row : rows) {
                writeLine(w, row);
            }
        }
        return bytes.toByteArray();
    }

    /** Gzipped UTF-8 bytes of a CSV text rendered elsewhere (same gzip header rules: same text, same bytes). */
    public static byte[] gzipText(String csv) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
            w.write(csv);
        }
        return bytes.toByteArray();
    }

    private static void writeLine(Writer w, List<?> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            Object c = cells.get(i);
            if (c instanceof Bare b) {
                w.write(b.text());
            } else if (c instanceof Long || c instanceof Integer || c instanceof Short) {
                w.write(c.toString());
            } else if (c instanceof Number) {
                throw new IllegalArgumentException("write a non-integer number as a Bare cell with its exact text: " + c);
            } else {
                w.write('"');
                w.write(String.valueOf(c).replace("\"", "\"\""));
                w.write('"');
            }
        }
        w.write('\n');
    }
}
