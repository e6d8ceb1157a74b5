package io.stacksdataverse.runners.chain;

import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.chain.ChainQueries;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.paths.DatasetPaths;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Catalog #3, {@code addx_dailyactive/{D}.json.gz}: per UTC day d = S0…D, the distinct principals
 * that are sender or recipient of a canonical STX event in blocks of day d (up to H_D).
 */
public final class DailyActiveAddressesTask extends DailySeriesTask {
    public static final String ID = "daily_active_addresses";

    @Inject
    public DailyActiveAddressesTask(Optional<StacksDb> database) {
        super(ID, database);
    }

    @Override
    DatasetPath path() {
        return DatasetPaths.DAILY_ACTIVE_ADDRESSES;
    }

    @Override
    IncrementalDailySeries.DaySource source(StacksDb db) throws StacksDatabaseException {
        return ChainQueries.open(db, ID)::dailyActivePrincipals;
    }
}
