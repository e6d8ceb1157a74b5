package io.stacksdataverse.runners.chain;

import io.stacksdataverse.extract.stacks.db.StacksDatabase;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.spi.ScheduleGroup;
import java.util.Optional;

/** A task that reads the Stacks API database: disabled, with the reason, when none is configured. */
abstract class StacksDbTask extends DatasetTask {
    static final String NOT_CONFIGURED = "STACKS_DB_URL is not set (the Stacks API database)";
    private final Optional<StacksDatabase> database;

    StacksDbTask(String id, ScheduleGroup group, boolean latestOnly, Optional<StacksDatabase> database, String... upstream) {
        super(id, group, latestOnly, upstream);
        this.database = database;
    }

    @Override
    public Optional<String> disabledReason() {
        return database.isPresent() ? Optional.empty() : Optional.of(NOT_CONFIGURED);
    }

    /** The database, checked to have every table and column we read. */
    StacksDatabase database() throws StacksDatabaseException {
        StacksDatabase db = database.orElseThrow(() -> new IllegalStateException(NOT_CONFIGURED));
        db.checkSchema();
        return db;
    }
}
