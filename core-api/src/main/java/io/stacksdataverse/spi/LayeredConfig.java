package io.stacksdataverse.spi;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Configuration in three layers: environment variables over a properties file over defaults.
 * The file uses the same names as the environment ({@code STACKS_API_URL=https://…}).
 */
public final class LayeredConfig implements Config {
    private final Map<String, String> environment;
    private final Map<String, String> file;
    private final Map<String, String> defaults;
    private final Map<String, Setting> declared;
    private final SecretMask mask;

    private LayeredConfig(Map<String, String> environment, Map<String, String> file, Map<String, String> defaults,
                          Collection<Setting> declarations) {
        this.environment = Map.copyOf(environment);
        this.file = Map.copyOf(file);
        Map<String, Setting> byName = new TreeMap<>();
        Map<String, String> allDefaults = new LinkedHashMap<>(defaults);
        for (Setting s : declarations) {
            Setting before = byName.putIfAbsent(s.name(), s);
            if (before != null && !before.equals(s)) {
                throw new IllegalStateException("setting " + s.name() + " is declared twice, differently");
            }
            s.defaultValue().ifPresent(v -> allDefaults.putIfAbsent(s.name(), v));
        }
        this.declared = Map.copyOf(byName);
        this.defaults = Map.copyOf(allDefaults);
        List<String> secrets = new ArrayList<>();
        for (Map<String, String> layer : List.of(this.environment, this.file, this.defaults)) {
            layer.forEach((k, v) -> {
                if (isSecret(k)) {
                    secrets.add(v);
                }
                secrets.addAll(passwordsInUrl(v));
            });
        }
        this.mask = new SecretMask(secrets);
    }

    public static LayeredConfig of(Map<String, String> environment, Map<String, String> file, Map<String, String> defaults) {
        return new LayeredConfig(withoutNulls(environment), withoutNulls(file), withoutNulls(defaults), List.of());
    }

    /** Layers whose defaults come from the declared settings, which {@link #describe()} lists. */
    public static LayeredConfig of(Map<String, String> environment, Map<String, String> file, Collection<Setting> declared) {
        return new LayeredConfig(withoutNulls(environment), withoutNulls(file), Map.of(), declared);
    }

    /** Only these values (e.g. for tests and embedding). */
    public static LayeredConfig ofMap(Map<String, String> values) {
        return of(values, Map.of(), Map.of());
    }

    /**
     * The process configuration: {@code System.getenv()}, over the file named by
     * {@code DATAVERSE_CONFIG} (or {@code ./dataverse.properties} when that exists), over defaults.
     */
    public static LayeredConfig fromEnvironment(Map<String, String> environment, Map<String, String> defaults) {
        return of(environment, configFile(environment), defaults);
    }

    /** {@link #fromEnvironment(Map, Map)} with the defaults, meanings and secrets of the declared settings. */
    public static LayeredConfig fromEnvironment(Map<String, String> environment, Collection<Setting> declared) {
        return of(environment, configFile(environment), declared);
    }

    private static Map<String, String> configFile(Map<String, String> environment) {
        String named = environment.get("DATAVERSE_CONFIG");
        Path path = named != null && !named.isBlank() ? Path.of(named) : Path.of("dataverse.properties");
        Map<String, String> file = Map.of();
        if (Files.exists(path)) {
            file = readProperties(path);
        } else if (named != null && !named.isBlank()) {
            throw new IllegalStateException("DATAVERSE_CONFIG names " + path + ", which does not exist");
        }
        return file;
    }

    public static Map<String, String> readProperties(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read configuration file " + path + ": " + e.getMessage(), e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }

    /** Names that hold credentials, as {@link SecretNames#isSecretSetting} lists them. */
    public static boolean isSecretName(String name) {
        return SecretNames.isSecretSetting(name);
    }

    @Override
    public Optional<String> get(String name) {
        for (Map<String, String> layer : List.of(environment, file, defaults)) {
            String v = layer.get(name);
            if (v != null && !v.isBlank()) {
                return Optional.of(v.trim());
            }
        }
        return Optional.empty();
    }

    @Override
    public String redact(String text) {
        return mask.apply(text);
    }

    private static final java.util.regex.Pattern USER_INFO = java.util.regex.Pattern.compile("://([^/@\\s]+)@");
    private static final java.util.regex.Pattern PASSWORD_PARAMETER = SecretNames.queryParameterInText();

    /** Passwords that a URL carries, in its user info or as a parameter {@link SecretNames} calls secret. */
    static List<String> passwordsInUrl(String value) {
        List<String> found = new ArrayList<>();
        if (value == null) {
            return found;
        }
        java.util.regex.Matcher m = USER_INFO.matcher(value);
        while (m.find()) {
            String info = m.group(1);
            int colon = info.indexOf(':');
            if (colon >= 0) {
                found.add(info.substring(colon + 1));
            }
        }
        m = PASSWORD_PARAMETER.matcher(value);
        while (m.find()) {
            found.add(m.group(2));
        }
        return found;
    }

    /** A value with the user info and password-like parameters of any URL in it replaced. */
    public static String sanitize(String value) {
        if (value == null) {
            return null;
        }
        String out = USER_INFO.matcher(value).replaceAll("://" + java.util.regex.Matcher.quoteReplacement(Secret.REDACTED) + "@");
        return PASSWORD_PARAMETER.matcher(out).replaceAll("$1" + java.util.regex.Matcher.quoteReplacement(Secret.REDACTED));
    }

    /**
     * Every declared setting with its value (secrets redacted) and where the value came from
     * ({@code env}, {@code file}, {@code default}, or {@code unset}), plus the undeclared names the
     * file or the defaults hold and the undeclared environment variables that look like one of ours
     * (same first word as a declared name), marked {@code not declared} so a misspelt name shows.
     */
    @Override
    public Map<String, String> describe() {
        Set<String> families = new java.util.HashSet<>();
        declared.keySet().forEach(n -> families.add(n.split("_", 2)[0] + "_"));
        Set<String> names = new TreeSet<>(declared.keySet());
        names.addAll(nonBlankKeys(file));
        names.addAll(nonBlankKeys(defaults));
        nonBlankKeys(environment).stream()
                .filter(n -> declared.isEmpty() || families.stream().anyMatch(n::startsWith))
                .forEach(names::add);
        String[] origins = {"env", "file", "default"};
        List<Map<String, String>> layers = List.of(environment, file, defaults);
        Map<String, String> out = new TreeMap<>();
        for (String name : names) {
            String shown = "(unset)";
            for (int i = 0; i < layers.size(); i++) {
                String v = layers.get(i).get(name);
                if (v != null && !v.isBlank()) {
                    shown = (isSecret(name) ? Secret.REDACTED : redact(sanitize(v.trim()))) + " (" + origins[i] + ")";
                    break;
                }
            }
            if (!declared.isEmpty() && !declared.containsKey(name)) {
                shown += " (not declared)";
            }
            out.put(name, shown);
        }
        return out;
    }

    /** The declared settings by name. */
    public Map<String, Setting> declared() {
        return declared;
    }

    private boolean isSecret(String name) {
        Setting s = declared.get(name);
        return (s != null && s.secret()) || isSecretName(name);
    }

    private static Set<String> nonBlankKeys(Map<String, String> layer) {
        Set<String> keys = new TreeSet<>();
        layer.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                keys.add(k);
            }
        });
        return keys;
    }

    private static Map<String, String> withoutNulls(Map<String, String> map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k != null && v != null) {
                out.put(k, v);
            }
        });
        return out;
    }
}
