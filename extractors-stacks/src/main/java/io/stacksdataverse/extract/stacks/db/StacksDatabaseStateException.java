package io.stacksdataverse.extract.stacks.db;

import io.stacksdataverse.spi.PermanentFailure;

/**
 * The Stacks API database is in a state this version cannot read without an operator: a missing
 * table or column, a reorganisation deeper than the margin, the block a run stopped at gone.
 * Retrying does not help, so the scheduler does not retry.
 */
public class StacksDatabaseStateException extends StacksDatabaseException implements PermanentFailure {
    public StacksDatabaseStateException(String message) {
        super(message);
    }
}
