package io.stacksdataverse.spi;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Configuration in three layers: environment variables over a properties file over defaults.
 * The file uses the same names as the environment ({@code STACKS_API_URL=https://…}).
 */
public final class LayeredConfig implements Config {
    private final Map<String, String> environment;
    private final Map<String, String> file;
    private final Map<String, String> defaults;
    private final SecretMask mask;

    private LayeredConfig(Map<String, String> environment, Map<String, String> file, Map<String, String> defaults) {
        this.environment = Map.copyOf(environment);
        this.file = Map.copyOf(file);
        this.defaults = Map.copyOf(defaults);
        List<String> secrets = new ArrayList<>();
        for (Map<String, String> layer : List.of(this.environment, this.file, this.defaults)) {
            layer.forEach((k, v) -> {
                if (isSecretName(k)) {
                    secrets.add(v);
                }
                secrets.addAll(passwordsInUrl(v));
            });
        }
        this.mask = new SecretMask(secrets);
    }

    public static LayeredConfig of(Map<String, String> environment, Map<String, String> file, Map<String, String> defaults) {
        return new LayeredConfig(withoutNulls(environment), withoutNulls(file), withoutNulls(defaults));
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
        String named = environment.get("DATAVERSE_CONFIG");
        Path path = named != null && !named.isBlank() ? Path.of(named) : Path.of("dataverse.properties");
        Map<String, String> file = Map.of();
        if (Files.exists(path)) {
            file = readProperties(path);
        } else if (named != null && !named.isBlank()) {
            throw new IllegalStateException("DATAVERSE_CONFIG names " + path + ", which does not exist");
        }
        return of(environment, file, defaults);
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

    @Override
    public Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        String[] origins = {"env", "file", "default"};
        List<Map<String, String>> layers = List.of(environment, file, defaults);
        for (int i = layers.size() - 1; i >= 0; i--) {
            String origin = origins[i];
            layers.get(i).forEach((k, v) -> {
                if (v != null && !v.isBlank() && (k.startsWith("DATAVERSE_") || k.startsWith("STACKS_")
                        || k.startsWith("CRYPTOCOMPARE_") || k.startsWith("LUNARCRUSH_") || k.startsWith("STX_"))) {
                    out.put(k, (isSecretName(k) ? Secret.REDACTED : redact(sanitize(v.trim()))) + " (" + origin + ")");
                }
            });
        }
        return out;
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
