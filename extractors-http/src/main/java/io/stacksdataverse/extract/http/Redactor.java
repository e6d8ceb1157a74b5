package io.stacksdataverse.extract.http;

import io.stacksdataverse.spi.Secret;
import io.stacksdataverse.spi.SecretMask;
import io.stacksdataverse.spi.SecretNames;
import java.util.Collection;
import java.util.regex.Matcher;
import okhttp3.HttpUrl;

/**
 * Removes secrets from anything that names a request: the query parameters {@link SecretNames}
 * lists ({@code api_key}, {@code key}, {@code token}, …) and every known secret value, in plain and
 * URL-encoded form.
 */
public final class Redactor {
    private final SecretMask mask;

    public Redactor(Collection<Secret> secrets) {
        this.mask = new SecretMask(secrets.stream().map(Secret::reveal).toList());
    }

    public static boolean isSecretParameter(String name) {
        return SecretNames.isSecretParameter(name);
    }

    /** The URL with secret query parameters replaced by {@value Secret#REDACTED} and no user info. */
    public String url(HttpUrl url) {
        HttpUrl.Builder b = url.newBuilder().username("").password("").query(null);
        for (int i = 0; i < url.querySize(); i++) {
            String name = url.queryParameterName(i);
            b.addQueryParameter(name, isSecretParameter(name) ? Secret.REDACTED : url.queryParameterValue(i));
        }
        return mask.apply(b.build().toString());
    }

    /**
     * The text with every known secret value replaced, and the value of every secret query parameter
     * it names ({@code ?api_key=…} in an error message), known or not.
     */
    public String text(String text) {
        String masked = mask.apply(text);
        return masked == null ? null : SecretNames.queryParameterInText().matcher(masked)
                .replaceAll("$1" + Matcher.quoteReplacement(Secret.REDACTED));
    }
}
