package io.stacksdataverse.extract.stacks.db;

import org.jooq.exception.DataAccessException;

/**
 * A read of the Stacks API database ran past its {@code statement_timeout}; the message names the
 * dataset it served. Retryable: the database may be less busy next time.
 */
public class StacksQueryTimeoutException extends DataAccessException {
    public StacksQueryTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
