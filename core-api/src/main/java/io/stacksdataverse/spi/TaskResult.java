package io.stacksdataverse.spi;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a task hands over: where its outputs went (for people) and a few named values (for
 * downstream tasks). Both are plain strings so a result can be persisted and read back by
 * another process.
 */
public final class TaskResult {
    private final List<String> outputs;
    private final Map<String, String> values;

    private TaskResult(List<String> outputs, Map<String, String> values) {
        this.outputs = List.copyOf(outputs);
        this.values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static TaskResult of(List<String> outputs, Map<String, String> values) {
        return new TaskResult(outputs, values);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the outputs went, e.g. {@code file:/srv/data/price_over_time/latest_7d.json.gz}. */
    public List<String> outputs() {
        return outputs;
    }

    public Map<String, String> values() {
        return values;
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The value as a {@code long}. @throws IllegalStateException naming the value when it is missing or not one */
    public long longValue(String name) {
        return typed(name, "a whole number", Long::parseLong);
    }

    /** The value as a decimal, exactly as written. */
    public BigDecimal decimalValue(String name) {
        return typed(name, "a decimal number", BigDecimal::new);
    }

    /** The value as a date ({@code 2024-06-01}). */
    public LocalDate dateValue(String name) {
        return typed(name, "an ISO date", LocalDate::parse);
    }

    /** The value as an instant ({@code 2024-06-01T00:00:00Z}). */
    public Instant instantValue(String name) {
        return typed(name, "an ISO instant", Instant::parse);
    }

    /** The value as a boolean: {@code true} or {@code false}. */
    public boolean booleanValue(String name) {
        return typed(name, "true or false", v -> switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(v);
        });
    }

    private <T> T typed(String name, String what, Function<String, T> parse) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("task result has no value '" + name + "' (has " + values.keySet() + ")");
        }
        try {
            return parse.apply(v);
        } catch (RuntimeException e) {
            throw new IllegalStateException("task result value '" + name + "' is not " + what + ": '" + v + "'", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskResult other && outputs.equals(other.outputs) && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(outputs, values);
    }

    @Override
    public String toString() {
        return "TaskResult{outputs=" + outputs + ", values=" + values + "}";
    }

    public static final class Builder {
        private final List<String> outputs = new ArrayList<>();
        private final Map<String, String> values = new LinkedHashMap<>();

        public Builder output(String location) {
            outputs.add(Objects.requireNonNull(location));
            return this;
        }

        public Builder outputs(java.util.Collection<String> locations) {
            locations.forEach(this::output);
            return this;
        }

        /**
         * A named value, kept as text: numbers as written ({@link BigDecimal} without exponent), dates
         * and instants in ISO-8601, booleans as {@code true}/{@code false}; read back with the typed getters.
         */
        public Builder value(String name, Object value) {
            Objects.requireNonNull(value);
            values.put(Objects.requireNonNull(name), value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value));
            return this;
        }

        public TaskResult build() {
            return new TaskResult(outputs, values);
        }
    }
}
