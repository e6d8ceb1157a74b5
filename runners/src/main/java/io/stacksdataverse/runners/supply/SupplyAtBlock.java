package io.stacksdataverse.runners.supply;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.supply.SupplyQueries;
import io.stacksdataverse.loaders.warehouse.ChainStateTable;
import java.math.BigInteger;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The total STX supply (µSTX) over the canonical blocks up to a block, from the project's own
 * incremental supply series (#14): the sum of its stored daily changes, which cover the blocks up
 * to the newest daily run's cutoff, plus the blocks from there to the block. Without that state,
 * or when the cutoff block left the canonical chain or lies above the block, one pass over the
 * whole chain.
 */
public final class SupplyAtBlock {
    private SupplyAtBlock() {
    }

    /** The supply and how it was read ({@code "series + N blocks"} or {@code "whole chain"}). */
    public record Supply(BigInteger microStx, String how) {
    }

    public static Supply read(DataSource warehouse, StacksDb db, String dataset, BlockRef block) throws Exception {
        SupplyQueries supply = SupplyQueries.open(db, dataset);
        Optional<ChainStateTable.Progress> progress;
        BigInteger stored;
        try (Connection c = warehouse.getConnection()) {
            // The sum and the progress must come from one state: a daily run replaces both in one transaction.
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                var dsl = DSL.using(c, SQLDialect.POSTGRES);
                progress = ChainStateTable.progress(dsl, StxSupplySeries.STATE);
                stored = ChainStateTable.read(dsl, StxSupplySeries.STATE, LocalDate.of(1970, 1, 1), ChainStateTable.OPEN_END)
                        .values().stream().map(BigInteger::valueOf).reduce(BigInteger.ZERO, BigInteger::add);
                c.commit();
            } finally {
                c.setAutoCommit(true);
            }
        }
        if (progress.isPresent() && progress.get().lastHeight() <= block.height()
                && new ChainCursor(db, dataset).isCanonical(progress.get().lastIndexBlockHash()).orElse(false)) {
            long from = progress.get().lastHeight();
            return new Supply(stored.add(supply.supplyChange(from, block.height())), "series + " + (block.height() - from) + " blocks");
        }
        return new Supply(supply.supplyChange(-1, block.height()), "whole chain");
    }
}
