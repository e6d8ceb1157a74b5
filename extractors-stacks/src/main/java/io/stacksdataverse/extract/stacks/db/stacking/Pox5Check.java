package io.stacksdataverse.extract.stacks.db.stacking;

import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.pox.UnhandledPoxVersionException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * The catalog's PoX-5 caveat on the database side: the stacking derivations read pox-4 only, so
 * they fail (permanently) once PoX-5 is active as of the cutoff: {@code pox5_events} has canonical
 * rows in blocks ≤ the cutoff, or {@code pox_state.pox_v4_unlock_height} (0 while unset) is ≤ the
 * cutoff's burn height. A database without those tables (v8, early v9) has no PoX-5.
 */
public final class Pox5Check {
    private Pox5Check() {
    }

    public static void requireInactive(StacksDb db, String dataset, long cutoffHeight, long cutoffBurnHeight)
            throws UnhandledPoxVersionException {
        String found = db.read(dataset, "PoX-5 activity", c -> {
            boolean events = false;
            boolean unlock = false;
            try (PreparedStatement ps = c.prepareStatement("SELECT table_name, column_name FROM information_schema.columns"
                    + " WHERE table_schema = ANY (current_schemas(false))"
                    + " AND ((table_name = 'pox5_events' AND column_name = 'canonical')"
                    + "   OR (table_name = 'pox_state' AND column_name = 'pox_v4_unlock_height'))");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events |= rs.getString(1).equals("pox5_events");
                    unlock |= rs.getString(1).equals("pox_state");
                }
            }
            if (events) {
                try (PreparedStatement ps = c.prepareStatement("SELECT block_height FROM pox5_events"
                        + " WHERE canonical AND microblock_canonical AND block_height <= ? ORDER BY block_height LIMIT 1")) {
                    ps.setLong(1, cutoffHeight);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return "pox5_events has canonical rows from block " + rs.getLong(1) + " on";
                        }
                    }
                }
            }
            if (unlock) {
                try (PreparedStatement ps = c.prepareStatement("SELECT pox_v4_unlock_height FROM pox_state");
                     ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getLong(1) > 0 && rs.getLong(1) <= cutoffBurnHeight) {
                        return "pox_state.pox_v4_unlock_height is " + rs.getLong(1) + " (pox-4 locks are force-unlocked there)";
                    }
                }
            }
            return null;
        });
        if (found != null) {
            throw new UnhandledPoxVersionException(dataset + ": PoX-5 is active as of block " + cutoffHeight + " (burn height "
                    + cutoffBurnHeight + "): " + found + "; this version derives stacking figures from pox-4 only and publishes"
                    + " nothing rather than wrong numbers");
        }
    }
}
