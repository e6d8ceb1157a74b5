package io.stacksdataverse.runners.chain;

import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.spi.ScheduleGroup;
import java.util.Optional;

/** A task that reads the Stacks API database: disabled, with the reason, when none is configured. */
abstract class StacksDbTask extends DatasetTask {
    static final String NOT_CONFIGURED = "STACKS_DB_URL is not set (the Stacks API database)";
    private final Optional<StacksDb> database;

    StacksDbTask(String id, ScheduleGroup group, boolean latestOnly, Optional<StacksDb> database, String... upstream) {
        super(id, group, latestOnly, upstream);
        this.database = database;
    }

    @Override
    public Optional<String> disabledReason() {
        return database.isPresent() ? Optional.empty() : Optional.of(NOT_CONFIGURED);
    }

    /** The database; each family's queries check its tables when they are opened. */
    StacksDb database() {
        return database.orElseThrow(() -> new IllegalStateException(NOT_CONFIGURED));
    }
}
