package io.stacksdataverse.spi;

import io.stacksdataverse.paths.DatasetPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Publishes a task's datasets for the run's date by the catalog's rules: a dated dataset under its
 * dated key (private) and, when the run is the latest, under its {@code latest} key (public); a
 * fixed key with the visibility given. An object whose bytes would not change is not written again.
 * Every public key is recorded before it is written, so the host can tell a CDN to forget it.
 * Each method returns the locations written (or already holding these bytes).
 */
public interface Publisher {

    /** Publishes gzipped bytes (see {@link #jsonObject}); a fixed key gets {@code fixedVisibility}. */
    List<String> publish(DatasetPath dataset, byte[] gzipped, Visibility fixedVisibility) throws IOException;

    /** {@link #publish(DatasetPath, byte[], Visibility)} of a public dataset. */
    default List<String> publish(DatasetPath dataset, byte[] gzipped) throws IOException {
        return publish(dataset, gzipped, Visibility.PUBLIC);
    }

    /** {@link #publish} of gzipped bytes in a file (a large dataset, streamed there). */
    List<String> publishFile(DatasetPath dataset, Path gzipped, Visibility fixedVisibility) throws IOException;

    /**
     * Publishes several datasets encoded beforehand (so a failure while computing changed none), one
     * after the other, each write atomic, in the map's order.
     */
    List<String> publishAll(Map<DatasetPath, byte[]> gzipped, Visibility fixedVisibility) throws IOException;

    /**
     * The catalog's encoding of a flat JSON object {@code {"key": number, …}} in the map's order:
     * gzipped UTF-8, no time in the gzip header (same content, same bytes); NaN and null give null.
     */
    byte[] jsonObject(Map<String, ? extends Number> values) throws IOException;

    /**
     * The same encoding of any JSON value built from maps (written in their order, keys as
     * strings), lists, numbers, strings, booleans and nulls; NaN and infinities give null.
     */
    byte[] json(Object value) throws IOException;
}
