package io.stacksdataverse.runners.chain;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.StacksDatabase;
import io.stacksdataverse.extract.stacks.db.StacksDatabaseException;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.transform.UtcDays;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.NavigableMap;

/**
 * The daily change of the total STX supply (µSTX, {@link StacksDatabase#dailySupplyChanges}), kept
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

    public static Changes read(TaskContext ctx, StacksDatabase db) throws StacksDatabaseException, SQLException {
        IncrementalDailySeries.Series s = IncrementalDailySeries.build(ctx, db, STATE,
                (from, to, maxHeight) -> db.dailySupplyChanges(from, to, maxHeight, UtcDays.S0));
        return new Changes(s.byDay(), s.cutoff(), s.recomputed());
    }
}
