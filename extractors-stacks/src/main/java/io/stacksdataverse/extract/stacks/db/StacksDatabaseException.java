package io.stacksdataverse.extract.stacks.db;

import java.io.IOException;

/** The Stacks API database is unreachable, of a version we cannot read, or in a state we cannot use. */
public class StacksDatabaseException extends IOException {
    public StacksDatabaseException(String message) {
        super(message);
    }

    public StacksDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
