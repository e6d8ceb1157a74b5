package io.stacksdataverse.spi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces every occurrence of known secret values, plain or URL-encoded, by
 * {@value Secret#REDACTED}. Values shorter than {@value SecretNames#MIN_MASKED_LENGTH} characters are
 * not masked (they would mask ordinary text); which names hold secrets is {@link SecretNames}' list.
 */
public final class SecretMask {
    private final List<String> forms;

    public SecretMask(Collection<String> secretValues) {
        List<String> all = new ArrayList<>();
        for (String raw : secretValues) {
            String v = raw == null ? "" : raw.trim();
            if (v.length() >= SecretNames.MIN_MASKED_LENGTH) {
                all.add(v);
                String encoded = URLEncoder.encode(v, StandardCharsets.UTF_8);
                if (!encoded.equals(v)) {
                    all.add(encoded);
                }
            }
        }
        all.sort(Comparator.comparingInt(String::length).reversed());
        this.forms = List.copyOf(all);
    }

    public String apply(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String form : forms) {
            out = out.replace(form, Secret.REDACTED);
        }
        return out;
    }
}
