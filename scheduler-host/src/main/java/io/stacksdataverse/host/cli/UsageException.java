package io.stacksdataverse.host.cli;

/** A command used wrongly (found after parsing, e.g. an unknown task): exit 2, with the command's usage. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
