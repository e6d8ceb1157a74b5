package io.stacksdataverse.spi;

import java.net.UnknownHostException;
import java.util.LinkedHashSet;

/** The words of an exception and its causes, for an error that must name what went wrong (a pool's timeout alone names no reason). */
public final class ErrorReasons {
    private ErrorReasons() {
    }

    /** Each message of the cause chain once, at most five, secrets in URLs masked. */
    public static String of(Throwable e) {
        LinkedHashSet<String> parts = new LinkedHashSet<>();
        for (Throwable t = e; t != null && parts.size() < 5; t = t.getCause()) {
            String message = t.getMessage();
            if (message == null) {
                parts.add(t.getClass().getSimpleName());
            } else {
                parts.add(t instanceof UnknownHostException ? "unknown host " + message : message);
            }
        }
        return LayeredConfig.sanitize(String.join("; ", parts));
    }
}
