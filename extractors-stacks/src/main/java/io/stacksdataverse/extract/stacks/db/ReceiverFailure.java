package io.stacksdataverse.extract.stacks.db;

/**
 * Carries an error of a caller's receiver (a sink fed row by row) out of a read, so that it goes up
 * as it is and is not taken for a failed read of the Stacks database.
 */
public final class ReceiverFailure extends RuntimeException {
    private final Exception error;

    public ReceiverFailure(Exception error) {
        super(error);
        this.error = error;
    }

    public Exception error() {
        return error;
    }
}
