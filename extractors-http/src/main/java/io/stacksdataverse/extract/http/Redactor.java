package io.stacksdataverse.extract.http;

import io.stacksdataverse.spi.Secret;
import io.stacksdataverse.spi.SecretMask;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Removes secrets from anything that names a request: query parameters with a secret-looking name
 * ({@code api_key}, {@code key}, {@code token}, …) and every known secret value, in plain and
 * URL-encoded form.
 */
public final class Redactor {
    private static final Set<String> SECRET_PARAMETERS = Set.of("api_key", "apikey", "key", "token", "access_token",
            "secret", "password", "auth", "authorization", "x-api-key");
    private final SecretMask mask;

    public Redactor(Collection<Secret> secrets) {
        this.mask = new SecretMask(secrets.stream().map(Secret::reveal).toList());
    }

    public static boolean isSecretParameter(String name) {
        return SECRET_PARAMETERS.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The URL with secret query parameters replaced by {@value Secret#REDACTED} and no user info. */
    public String url(HttpUrl url) {
        HttpUrl.Builder b = url.newBuilder().username("").password("").query(null);
        for (int i = 0; i < url.querySize(); i++) {
            String name = url.queryParameterName(i);
            b.addQueryParameter(name, isSecretParameter(name) ? Secret.REDACTED : url.queryParameterValue(i));
        }
        return text(b.build().toString());
    }

    /** The text with every known secret value replaced. */
    public String text(String text) {
        return mask.apply(text);
    }
}
