package io.stacksdataverse.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration by name, e.g. {@code STACKS_API_URL}. The host's implementation is
 * {@link LayeredConfig}: an environment variable wins over the config file, which wins over the
 * default. Names that denote credentials (see {@link LayeredConfig#isSecretName(String)}) are
 * only handed out as {@link Secret}s and are redacted by {@link #redact(String)}.
 */
public interface Config {

    /** The value, or empty when unset or blank. */
    Optional<String> get(String name);

    default String get(String name, String defaultValue) {
        return get(name).orElse(defaultValue);
    }

    /** A value that must be set. */
    default String require(String name) {
        return get(name).orElseThrow(() -> new IllegalStateException("configuration " + name + " is not set"));
    }

    default Optional<Secret> secret(String name) {
        return get(name).map(Secret::new);
    }

    default int getInt(String name, int defaultValue) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.get().trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("configuration " + name + " must be an integer, got '" + v.get() + "'");
        }
    }

    default double getDouble(String name, double defaultValue) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(v.get().trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("configuration " + name + " must be a number, got '" + v.get() + "'");
        }
    }

    default boolean getBoolean(String name, boolean defaultValue) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        return switch (v.get().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalStateException("configuration " + name + " must be true or false, got '" + v.get() + "'");
        };
    }

    /** A duration in ISO-8601 ({@code PT30S}) or as seconds ({@code 30}). */
    default Duration getDuration(String name, Duration defaultValue) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        String s = v.get().trim();
        try {
            return s.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(s)) : Duration.parse(s);
        } catch (RuntimeException e) {
            throw new IllegalStateException("configuration " + name + " must be a duration (PT30S or seconds), got '" + s + "'");
        }
    }

    /** {@code text} with every configured secret value replaced by {@value Secret#REDACTED}. */
    String redact(String text);

    /** Every name that has a value, with the value (secrets redacted) and where it came from. */
    Map<String, String> describe();
}
