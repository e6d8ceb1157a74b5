package io.stacksdataverse.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One versioned change of the warehouse schema. Migrations of one namespace (a plugin's name)
 * run in version order, each once, in its own transaction; a migration that was applied is never
 * edited (its checksum is verified at start).
 */
public record SchemaMigration(String namespace, int version, String description, String sql) {
    private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

    public SchemaMigration {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(sql, "sql");
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("migration namespace must match " + NAMESPACE + ": " + namespace);
        }
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1: " + namespace + " " + version);
        }
    }

    /** A migration whose SQL is a class-path resource next to {@code anchor}. */
    public static SchemaMigration fromResource(Class<?> anchor, String namespace, int version, String description,
                                               String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration resource not found: " + resource + " next to " + anchor.getName());
            }
            return new SchemaMigration(namespace, version, description, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + resource, e);
        }
    }
}
