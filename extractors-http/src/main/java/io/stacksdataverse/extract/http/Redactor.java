package io.stacksdataverse.extract.http;

import io.stacksdataverse.spi.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
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
    private final List<String> secretValues;

    public Redactor(Collection<Secret> secrets) {
        List<String> values = new ArrayList<>();
        for (Secret s : secrets) {
            String v = s.reveal();
            if (v.length() >= 4) {
                values.add(v);
                String encoded = URLEncoder.encode(v, StandardCharsets.UTF_8);
                if (!encoded.equals(v)) {
                    values.add(encoded);
                }
            }
        }
        values.sort(Comparator.comparingInt(String::length).reversed());
        this.secretValues = List.copyOf(values);
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
        if (text == null) {
            return null;
        }
        String out = text;
        for (String v : secretValues) {
            out = out.replace(v, Secret.REDACTED);
        }
        return out;
    }
}
