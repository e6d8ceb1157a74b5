package io.stacksdataverse.host.bench;

import io.stacksdataverse.transform.UtcDays;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The original implementation's algorithms, re-enacted on the same database for comparison (without
 * its canonical-filter bugs fixed: it never applied one). Each reproduces the queries the original
 * made for one run, day by day since S0.
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
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM txs WHERE burn_block_time >= ? AND burn_block_time < ?")) {
            for (LocalDate day = UtcDays.dayOf(UtcDays.S0); !day.isAfter(d); day = day.plusDays(1)) {
                ps.setLong(1, UtcDays.t(day));
                ps.setLong(2, UtcDays.t(day.plusDays(1)));
                try (ResultSet rs = ps.executeQuery()) {
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
        try (Connection c = db.getConnection();
             PreparedStatement heights = c.prepareStatement("SELECT block_height FROM blocks WHERE burn_block_time >= ? AND burn_block_time < ?");
             PreparedStatement parties = c.prepareStatement("SELECT sender, recipient FROM stx_events WHERE block_height BETWEEN ? AND ?")) {
            for (LocalDate day = UtcDays.dayOf(UtcDays.S0); !day.isAfter(d); day = day.plusDays(1)) {
                if (resetDaily) {
                    set.clear();
                }
                heights.setLong(1, UtcDays.t(day));
                heights.setLong(2, UtcDays.t(day.plusDays(1)));
                List<Long> hs = new ArrayList<>();
                try (ResultSet rs = heights.executeQuery()) {
                    while (rs.next()) {
                        hs.add(rs.getLong(1));
                    }
                }
                if (hs.isEmpty()) {
                    continue;
                }
                parties.setLong(1, Math.min(hs.get(0), hs.get(hs.size() - 1)));
                parties.setLong(2, Math.max(hs.get(0), hs.get(hs.size() - 1)));
                try (ResultSet rs = parties.executeQuery()) {
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
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(CASE WHEN recipient = ? THEN amount ELSE 0 END), 0)"
                     + " - coalesce(sum(CASE WHEN sender = ? THEN amount ELSE 0 END), 0) FROM stx_events WHERE sender = ? OR recipient = ?")) {
            for (int i = 0; i < principals.size(); i += step) {
                for (int k = 1; k <= 4; k++) {
                    ps.setString(k, principals.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
                n++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Sampled(n, seconds / n * principals.size());
    }
}
