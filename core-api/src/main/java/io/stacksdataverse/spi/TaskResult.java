package io.stacksdataverse.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

    public long longValue(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("task result has no value '" + name + "' (has " + values.keySet() + ")");
        }
        return Long.parseLong(v);
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

        public Builder value(String name, Object value) {
            values.put(Objects.requireNonNull(name), String.valueOf(Objects.requireNonNull(value)));
            return this;
        }

        public TaskResult build() {
            return new TaskResult(outputs, values);
        }
    }
}
