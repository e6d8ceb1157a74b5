package io.stacksdataverse.paths;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The key template of one published dataset.
 *
 * <p>A <em>dated</em> template contains {@value #DATE_PLACEHOLDER}: a run writes it under its
 * execution date ({@code daily_txs/2022-03-01.json.gz}) and the public copy under
 * {@code latest} ({@code daily_txs/latest.json.gz}). A <em>fixed</em> template has no
 * placeholder and every run overwrites the same key.
 */
public final class DatasetPath {
    public static final String DATE_PLACEHOLDER = "{execution_date}";
    public static final String LATEST = "latest";

    private final String id;
    private final String template;

    private DatasetPath(String id, String template) {
        this.id = Objects.requireNonNull(id, "id");
        this.template = Objects.requireNonNull(template, "template");
        if (!template.endsWith(".json.gz") && !template.endsWith(".csv.gz")) {
            throw new IllegalArgumentException("dataset " + id + ": a key ends in .json.gz or .csv.gz, got " + template);
        }
        if (template.startsWith("/") || template.contains("..") || template.contains("//")) {
            throw new IllegalArgumentException("dataset " + id + ": not a relative key: " + template);
        }
    }

    /** A dated template, e.g. {@code daily_txs/{execution_date}.json.gz}. */
    public static DatasetPath dated(String id, String template) {
        if (!template.contains(DATE_PLACEHOLDER)) {
            throw new IllegalArgumentException("dataset " + id + ": a dated template needs " + DATE_PLACEHOLDER);
        }
        return new DatasetPath(id, template);
    }

    /** A fixed key, e.g. {@code price_over_time/latest_7d.json.gz}. */
    public static DatasetPath fixed(String id, String key) {
        if (key.contains("{")) {
            throw new IllegalArgumentException("dataset " + id + ": a fixed key has no placeholder: " + key);
        }
        return new DatasetPath(id, key);
    }

    public String id() {
        return id;
    }

    public String template() {
        return template;
    }

    public boolean isDated() {
        return template.contains(DATE_PLACEHOLDER);
    }

    /** The key for an execution date; for a fixed template, the fixed key. */
    public String keyFor(LocalDate executionDate) {
        Objects.requireNonNull(executionDate, "executionDate");
        return template.replace(DATE_PLACEHOLDER, executionDate.toString());
    }

    /** The public {@code latest} key; for a fixed template, the fixed key. */
    public String latestKey() {
        return template.replace(DATE_PLACEHOLDER, LATEST);
    }

    /** The key prefix under which every dated version lies (the folder of the template). */
    public String prefix() {
        int slash = template.lastIndexOf('/');
        return slash < 0 ? "" : template.substring(0, slash + 1);
    }

    public boolean isCsv() {
        return template.endsWith(".csv.gz");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetPath other && id.equals(other.id) && template.equals(other.template);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, template);
    }

    @Override
    public String toString() {
        return id + "=" + template;
    }
}
