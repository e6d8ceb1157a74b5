package io.stacksdataverse.runners.chain;

import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.runners.Prerequisite;
import java.util.Optional;

/**
 * The Stacks API database a task reads, if one is configured: a task holds one and is disabled,
 * with the reason, without it.
 */
public final class ChainDatabase implements Prerequisite {
    public static final String NOT_CONFIGURED = "STACKS_DB_URL is not set (the Stacks API database)";
    private final Optional<StacksDb> database;
    private final String notConfigured;

    public ChainDatabase(Optional<StacksDb> database) {
        this(database, NOT_CONFIGURED);
    }

    /** @param notConfigured the reason a task is disabled without the database */
    public ChainDatabase(Optional<StacksDb> database, String notConfigured) {
        this.database = database;
        this.notConfigured = notConfigured;
    }

    @Override
    public Optional<String> disabledReason() {
        return database.isPresent() ? Optional.empty() : Optional.of(notConfigured);
    }

    /** The database; each family's queries check their tables when they are opened. */
    public StacksDb get() {
        return database.orElseThrow(() -> new IllegalStateException(notConfigured));
    }

    public boolean isPresent() {
        return database.isPresent();
    }
}
