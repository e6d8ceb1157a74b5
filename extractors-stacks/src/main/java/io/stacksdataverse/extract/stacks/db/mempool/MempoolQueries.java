package io.stacksdataverse.extract.stacks.db.mempool;

import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.StacksSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

/**
 * The mempool read of catalogs #30 and #44: {@code chain_tip.mempool_tx_count}, which the API keeps
 * equal to the number of unpruned {@code mempool_txs} rows. It holds only the present: a run-time probe.
 */
public final class MempoolQueries {
    public static final StacksSchema.TableSet TABLES = new StacksSchema.TableSet("mempool", Map.of(
            "chain_tip", List.of("mempool_tx_count")));

    private final StacksDb db;
    private final String dataset;

    private MempoolQueries(StacksDb db, String dataset) {
        this.db = db;
        this.dataset = dataset;
    }

    public static MempoolQueries open(StacksDb db, String dataset) throws StacksDatabaseException {
        db.requireTables(dataset, TABLES);
        return new MempoolQueries(db, dataset);
    }

    /** The unpruned mempool transactions now; 0 for an empty mempool. */
    public long txCount() {
        return db.read(dataset, "mempool count", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(mempool_tx_count, 0) FROM chain_tip");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }
}
