package io.stacksdataverse.runners.supply;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.runners.chain.IncrementalDailySeries;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.supply.SupplyQueries;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.transform.UtcDays;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.NavigableMap;

/**
 * The daily change of the total STX supply (µSTX, {@link SupplyQueries#dailySupplyChanges}), kept
 * in the warehouse like the other daily chain series (state {@value #STATE}): a run reads only the
 * blocks added since the newest run, recomputes the margin after a reorganisation, and a backfill
 * of an older date computes under that date's cutoff without touching the state.
 */
public final class StxSupplySeries {
    /** The series' name in {@code chain_daily_values} and {@code chain_progress}. */
    public static final String STATE = "stx_supply_changes";

    private StxSupplySeries() {
    }

    /**
     * The changes of every day S0…D with one (days without a change are absent or 0), as of the
     * cutoff H_D it returns too.
     */
    public record Changes(NavigableMap<LocalDate, Long> byDay, BlockRef cutoff, String recomputed) {
    }

    /** @param dataset the dataset the series serves, named by every read's error */
    public static Changes read(TaskContext ctx, StacksDb db, String dataset) throws StacksDatabaseException, SQLException {
        SupplyQueries supply = SupplyQueries.open(db, dataset);
        IncrementalDailySeries.Series s = IncrementalDailySeries.build(ctx, ChainCursor.open(db, dataset), STATE,
                (from, to, maxHeight) -> supply.dailySupplyChanges(from, to, maxHeight, UtcDays.S0));
        return new Changes(s.byDay(), s.cutoff(), s.recomputed());
    }
}
