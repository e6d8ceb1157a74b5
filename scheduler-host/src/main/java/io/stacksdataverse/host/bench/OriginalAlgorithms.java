package io.stacksdataverse.host.bench;

import io.stacksdataverse.transform.UtcDays;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The original implementation's algorithms, re-enacted on the same database for comparison (without
 * its canonical-filter bugs fixed: it never applied one). Each reproduces the queries the original
 * made for one run, day by day since S0, sent as its Python driver sent them: as text with the
 * values in it, parsed and planned by the server each time.
 */
final class OriginalAlgorithms {
    private final DataSource db;
    private final LocalDate d;

    OriginalAlgorithms(DataSource db, LocalDate d) {
        this.db = db;
        this.d = d;
    }

    /** daily_txs: one COUNT per day since S0. */
    long dailyTxs() throws SQLException {
        long total = 0;
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (LocalDate day = UtcDays.dayOf(UtcDays.S0); !day.isAfter(d); day = day.plusDays(1)) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM txs WHERE burn_block_time >= " + UtcDays.t(day)
                        + " AND burn_block_time < " + UtcDays.t(day.plusDays(1)))) {
                    rs.next();
                    total += rs.getLong(1);
                }
            }
        }
        return total;
    }

    /** address_growth: per day, the heights of its blocks, then every party in that height range into a running set. */
    Set<String> addressGrowth() throws SQLException {
        Set<String> all = new HashSet<>();
        dayByDay(all, false);
        return all;
    }

    /** daily_active_addresses: the same loop with the set reset every day. */
    long dailyActive() throws SQLException {
        return dayByDay(new HashSet<>(), true);
    }

    private long dayByDay(Set<String> set, boolean resetDaily) throws SQLException {
        long sum = 0;
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (LocalDate day = UtcDays.dayOf(UtcDays.S0); !day.isAfter(d); day = day.plusDays(1)) {
                if (resetDaily) {
                    set.clear();
                }
                List<Long> hs = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT block_height FROM blocks WHERE burn_block_time >= " + UtcDays.t(day)
                        + " AND burn_block_time < " + UtcDays.t(day.plusDays(1)))) {
                    while (rs.next()) {
                        hs.add(rs.getLong(1));
                    }
                }
                if (hs.isEmpty()) {
                    continue;
                }
                long low = Math.min(hs.get(0), hs.get(hs.size() - 1));
                long high = Math.max(hs.get(0), hs.get(hs.size() - 1));
                try (ResultSet rs = s.executeQuery("SELECT sender, recipient FROM stx_events WHERE block_height BETWEEN " + low
                        + " AND " + high)) {
                    while (rs.next()) {
                        for (int i = 1; i <= 2; i++) {
                            String p = rs.getString(i);
                            if (p != null) {
                                set.add(p);
                            }
                        }
                    }
                }
                sum += set.size();
            }
        }
        return sum;
    }

    /** Time of the balance lookups: {@code sampled} of them timed, extrapolated to every principal. */
    record Sampled(int sampled, double extrapolatedSeconds) {
    }

    /** wallet_balances: one query per principal summing its events, as each of its REST calls cost the API. */
    Sampled balances(List<String> principals, int sample) throws Exception {
        principals.sort(null);
        int step = Math.max(1, principals.size() / sample);
        int n = 0;
        long started = System.nanoTime();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < principals.size(); i += step) {
                String p = "'" + principals.get(i).replace("'", "''") + "'";
                try (ResultSet rs = s.executeQuery("SELECT coalesce(sum(CASE WHEN recipient = " + p + " THEN amount ELSE 0 END), 0)"
                        + " - coalesce(sum(CASE WHEN sender = " + p + " THEN amount ELSE 0 END), 0) FROM stx_events"
                        + " WHERE sender = " + p + " OR recipient = " + p)) {
                    rs.next();
                }
                n++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Sampled(n, seconds / n * principals.size());
    }
}
