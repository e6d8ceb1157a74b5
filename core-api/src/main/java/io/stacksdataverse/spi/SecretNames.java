package io.stacksdataverse.spi;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one list of what counts as a secret, by name: configuration settings, URL query parameters
 * and HTTP headers. {@link LayeredConfig}, {@link SecretMask}'s users and the HTTP redaction all
 * ask here, so a name is secret everywhere or nowhere.
 */
public final class SecretNames {
    /** Setting names ending so hold credentials ({@code CRYPTOCOMPARE_API_KEY}, {@code DATAVERSE_DB_PASSWORD}). */
    public static final List<String> SETTING_SUFFIXES = List.of("_KEY", "KEY_ID", "PASSWORD", "TOKEN");
    /** Setting names containing these hold credentials anywhere ({@code …_SECRET_ACCESS_KEY}, a webhook URL's path). */
    public static final List<String> SETTING_PARTS = List.of("SECRET", "WEBHOOK");
    /** Query parameters whose value is a credential, compared without case. */
    public static final Set<String> QUERY_PARAMETERS = Set.of("api_key", "apikey", "key", "token", "access_token",
            "secret", "password", "pwd", "auth", "authorization", "x-api-key");
    /** Headers whose value is a credential, compared without case. */
    public static final Set<String> HEADERS = Set.of("authorization", "proxy-authorization", "x-api-key", "cookie",
            "set-cookie");
    /** Secret values shorter than this are not masked in text (they would mask ordinary words). */
    public static final int MIN_MASKED_LENGTH = 4;

    private static final Pattern QUERY_PARAMETER = Pattern.compile("(?i)([?&;](?:"
            + String.join("|", QUERY_PARAMETERS.stream().sorted().map(Pattern::quote).toList()) + ")=)([^&;\\s]*)");

    private SecretNames() {
    }

    public static boolean isSecretSetting(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return SETTING_SUFFIXES.stream().anyMatch(n::endsWith) || SETTING_PARTS.stream().anyMatch(n::contains);
    }

    public static boolean isSecretParameter(String name) {
        return QUERY_PARAMETERS.contains(name.toLowerCase(Locale.ROOT));
    }

    public static boolean isSecretHeader(String name) {
        return HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Matches a secret query parameter inside any text ({@code ?password=…}, {@code &api_key=…}):
     * group 1 is the name with its separator and {@code =}, group 2 the value.
     */
    public static Pattern queryParameterInText() {
        return QUERY_PARAMETER;
    }
}
