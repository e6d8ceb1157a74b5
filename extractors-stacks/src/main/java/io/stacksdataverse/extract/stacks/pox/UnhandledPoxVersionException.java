package io.stacksdataverse.extract.stacks.pox;

import io.stacksdataverse.spi.PermanentFailure;

/**
 * The network runs a pox contract (or PoX-5 tables hold rows) that the stacking derivations do not
 * read: publishing would give wrong numbers, and retrying cannot help.
 */
public final class UnhandledPoxVersionException extends Exception implements PermanentFailure {
    public UnhandledPoxVersionException(String message) {
        super(message);
    }
}
