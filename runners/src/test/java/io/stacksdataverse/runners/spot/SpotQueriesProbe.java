package io.stacksdataverse.runners.spot;

import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.spot.SpotQueries;

/** The row-by-row count that {@code total_txs_alltime} must equal. */
final class SpotQueriesProbe {
    private SpotQueriesProbe() {
    }

    static long fullCount(StacksDb db, long maxHeight) throws Exception {
        return SpotQueries.open(db, "test").fullTxCount(maxHeight);
    }
}
