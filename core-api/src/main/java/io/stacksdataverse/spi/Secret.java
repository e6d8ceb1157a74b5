package io.stacksdataverse.spi;

import java.util.Objects;

/** A credential. Its {@link #toString()} never shows the value; call {@link #reveal()} where it is sent. */
public final class Secret {
    public static final String REDACTED = "<redacted>";
    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return REDACTED;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
