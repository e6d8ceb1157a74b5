package io.stacksdataverse.spi;

/**
 * Marks an exception that retrying the task cannot heal: bad configuration, a source whose schema
 * this version cannot read, a state that needs an operator. A task failing with such an exception
 * (or with one in its cause chain) is not retried. Implement it on a plugin's own exception types,
 * or throw {@link PermanentTaskException}.
 */
public interface PermanentFailure {
}
