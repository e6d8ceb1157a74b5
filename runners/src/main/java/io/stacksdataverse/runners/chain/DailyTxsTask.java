package io.stacksdataverse.runners.chain;

import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.chain.ChainQueries;
import io.stacksdataverse.paths.DatasetPath;
import io.stacksdataverse.paths.DatasetPaths;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Catalog #1, {@code daily_txs/{D}.json.gz}: per UTC day d = S0…D, the canonical transactions
 * whose {@code burn_block_time} lies in day d, in blocks up to H_D.
 */
public final class DailyTxsTask extends DailySeriesTask {
    public static final String ID = "daily_txs";

    @Inject
    public DailyTxsTask(Optional<StacksDb> database) {
        super(ID, database);
    }

    @Override
    DatasetPath path() {
        return DatasetPaths.DAILY_TXS;
    }

    @Override
    IncrementalDailySeries.DaySource source(StacksDb db) throws StacksDatabaseException {
        return ChainQueries.open(db, ID)::dailyTxCounts;
    }
}
