package io.stacksdataverse.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * One setting a plugin (or the host) reads: its name, its default, what it means and whether it is
 * a secret. Plugins list theirs in {@link DataversePlugin#settings()}; {@code dataverse config}
 * and the README's configuration table come from these declarations.
 *
 * @param name         the name, as an environment variable or a line of {@code dataverse.properties}
 * @param defaultValue the value used when the setting is unset, or empty when there is none
 * @param whenUnset    what happens without a value, in words (shown when there is no default value)
 * @param meaning      what the setting does, one sentence
 * @param secret       true for credentials: the value is only handed out as a {@link Secret} and never shown
 */
public record Setting(String name, Optional<String> defaultValue, String whenUnset, String meaning, boolean secret) {

    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(whenUnset, "whenUnset");
        Objects.requireNonNull(meaning, "meaning");
        if (!name.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("a setting's name is upper case letters, digits and underscores, got '" + name + "'");
        }
    }

    /** A setting with a default value. */
    public static Setting of(String name, String defaultValue, String meaning) {
        return new Setting(name, Optional.of(defaultValue), "", meaning, false);
    }

    /** A setting with no default value; {@code whenUnset} says what happens then (e.g. "the task is disabled"). */
    public static Setting optional(String name, String whenUnset, String meaning) {
        return new Setting(name, Optional.empty(), whenUnset, meaning, false);
    }

    /** A credential with no default. */
    public static Setting secret(String name, String whenUnset, String meaning) {
        return new Setting(name, Optional.empty(), whenUnset, meaning, true);
    }

    /** The default as the configuration table shows it: the value in backticks, or the words for unset. */
    public String defaultShown() {
        return defaultValue.map(v -> "`" + v + "`").orElse(whenUnset.isEmpty() ? "–" : whenUnset);
    }
}
