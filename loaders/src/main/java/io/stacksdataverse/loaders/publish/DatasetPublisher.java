package io.stacksdataverse.loaders.publish;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.spi.BlobStore;
import io.stacksdataverse.spi.Visibility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * Encodes datasets and writes them to a {@link BlobStore} by the catalog's rules:
 * <ul>
 *   <li>{@code .json.gz} is UTF-8 JSON, gzip-compressed; the gzip header carries no time, so the
 *       same content always gives the same bytes;</li>
 *   <li>a dated dataset is written under its dated key (private archive), then, when the run is
 *       the latest, under its {@code latest} key (public), each as one atomic put;</li>
 *   <li>a fixed key is written with the dataset's visibility;</li>
 *   <li>an object whose bytes would not change is not written again.</li>
 * </ul>
 * Everything is encoded before the first write, so a failure while computing leaves the
 * published objects as they were.
 */
public final class DatasetPublisher {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private DatasetPublisher() {
    }

    /** Writes JSON into a callback-supplied generator. */
    @FunctionalInterface
    public interface JsonBody {
        void write(JsonGenerator json) throws IOException;
    }

    /** Gzipped UTF-8 JSON. Numbers that are not finite must be written as {@code null} by the caller. */
    public static byte[] gzipJson(JsonBody body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes);
             JsonGenerator g = JSON.createGenerator(gz, JsonEncoding.UTF8)) {
            body.write(g);
        }
        return bytes.toByteArray();
    }

    /** Gzipped JSON of a flat object {@code {"key": number, …}} in the map's order. */
    public static byte[] gzipJsonObject(Map<String, ? extends Number> values) throws IOException {
        return gzipJson(g -> {
            g.writeStartObject();
            for (Map.Entry<String, ? extends Number> e : values.entrySet()) {
                g.writeFieldName(e.getKey());
                writeNumber(g, e.getValue());
            }
            g.writeEndObject();
        });
    }

    /** Gzipped JSON of a value made of maps (in their order), lists, numbers, strings, booleans and nulls. */
    public static byte[] gzipJsonValue(Object value) throws IOException {
        return gzipJson(g -> writeValue(g, value));
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null || v instanceof Number) {
            writeNumber(g, (Number) v);
        } else if (v instanceof CharSequence s) {
            g.writeString(s.toString());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                writeValue(g, item);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
        }
    }

    /** Writes a number; {@code null}, NaN and infinities become JSON {@code null}. */
    public static void writeNumber(JsonGenerator g, Number n) throws IOException {
        if (n == null) {
            g.writeNull();
        } else if (n instanceof BigDecimal bd) {
            g.writeNumber(bd.toPlainString());
        } else if (n instanceof Double d) {
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeNull();
            }
        } else if (n instanceof Float f) {
            if (Float.isFinite(f)) {
                g.writeNumber(f);
            } else {
                g.writeNull();
            }
        } else {
            g.writeNumber(n.longValue());
        }
    }

    /**
     * Publishes one encoded dataset for {@code date}: see the class comment for the keys written.
     * Returns the locations written (or already holding these bytes).
     */
    public static List<String> publish(BlobStore store, DatasetPath path, LocalDate date, boolean latestRun,
                                       Visibility fixedVisibility, byte[] encoded) throws IOException {
        requireProducible(path);
        List<String> written = new ArrayList<>();
        if (path.isDated()) {
            String dated = path.keyFor(date);
            putIfChanged(store, dated, encoded, Visibility.PRIVATE);
            written.add(store.describe(dated));
            if (latestRun) {
                putIfChanged(store, path.latestKey(), encoded, Visibility.PUBLIC);
                written.add(store.describe(path.latestKey()));
            }
        } else {
            putIfChanged(store, path.latestKey(), encoded, fixedVisibility);
            written.add(store.describe(path.latestKey()));
        }
        return written;
    }

    /**
     * Publishes several datasets encoded beforehand (so a failure while computing changed none),
     * one after the other, each write atomic; returns every location written.
     */
    public static List<String> publishAll(BlobStore store, Map<DatasetPath, byte[]> encoded, LocalDate date, boolean latestRun,
                                          Visibility fixedVisibility) throws IOException {
        encoded.keySet().forEach(DatasetPublisher::requireProducible);
        List<String> written = new ArrayList<>();
        for (Map.Entry<DatasetPath, byte[]> e : encoded.entrySet()) {
            written.addAll(publish(store, e.getKey(), date, latestRun, fixedVisibility, e.getValue()));
        }
        return written;
    }

    /** A dropped dataset's key stays empty: a number under it would claim a source there is none of. */
    private static void requireProducible(DatasetPath path) {
        if (DatasetPaths.isDropped(path)) {
            throw new IllegalArgumentException("dataset " + path.id() + " (" + path.latestKey() + ") is dropped, so nothing publishes"
                    + " under its key: " + DatasetPaths.DROPPED.get(path));
        }
    }

    /** {@link #publish} for an encoded dataset in a file (a large one, streamed there). */
    public static List<String> publishFile(BlobStore store, DatasetPath path, LocalDate date, boolean latestRun,
                                           Visibility fixedVisibility, java.nio.file.Path encoded) throws IOException {
        requireProducible(path);
        List<String> written = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        if (path.isDated()) {
            keys.add(path.keyFor(date));
            if (latestRun) {
                keys.add(path.latestKey());
            }
        } else {
            keys.add(path.latestKey());
        }
        String digest = BlobStore.sha256Hex(encoded);
        for (String key : keys) {
            Visibility v = path.isDated() ? (key.equals(path.latestKey()) ? Visibility.PUBLIC : Visibility.PRIVATE) : fixedVisibility;
            if (!store.sha256(key).equals(Optional.of(digest))) {
                store.put(key, encoded, v);
            }
            written.add(store.describe(key));
        }
        return written;
    }

    /**
     * Writes unless the store already holds exactly these bytes, judged by their SHA-256 (kept beside the
     * object by S3, so an unchanged publish there is one HEAD, not a GET and a PUT); returns true when it wrote.
     */
    public static boolean putIfChanged(BlobStore store, String key, byte[] content, Visibility visibility) throws IOException {
        if (store.sha256(key).equals(Optional.of(BlobStore.sha256Hex(content)))) {
            return false;
        }
        store.put(key, content, visibility);
        return true;
    }
}
