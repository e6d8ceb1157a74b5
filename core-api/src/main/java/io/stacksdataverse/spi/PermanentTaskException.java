package io.stacksdataverse.spi;

/** A task failure that retrying cannot heal ({@link PermanentFailure}). */
public class PermanentTaskException extends Exception implements PermanentFailure {
    public PermanentTaskException(String message) {
        super(message);
    }

    public PermanentTaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
