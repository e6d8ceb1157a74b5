package io.stacksdataverse.runners.chain.addressgrowth;

import io.stacksdataverse.extract.stacks.db.chain.PrincipalQueries;
import io.stacksdataverse.loaders.warehouse.ChainStateTable;
import io.stacksdataverse.loaders.warehouse.PgCopyWriter;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.runners.chain.IncrementalDailySeries;
import io.stacksdataverse.spi.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The warehouse state of {@code address_growth}: {@code chain_principals} (principal → first day)
 * and the new principals per day in {@code chain_state}, with the progress. Each update commits
 * state and progress in one transaction (a backfill changes nothing) and returns the new
 * principals per day S0…D.
 */
final class FirstSeenTable {
    /** The new principals per day S0…D, the first day recomputed ({@code from} after D: none), and how many principals were read. */
    record Update(NavigableMap<LocalDate, Long> newPerDay, LocalDate from, long principalsRead) {
    }

    /** Streams the principals a plan reads into the sink. */
    @FunctionalInterface
    interface PrincipalStream {
        void streamTo(PrincipalQueries.FirstSeenSink sink) throws Exception;
    }

    private final Warehouse store;
    private final DataSource warehouse;
    private final String dataset;

    FirstSeenTable(Warehouse warehouse, String dataset) {
        this.store = warehouse;
        this.warehouse = warehouse.dataSource();
        this.dataset = dataset;
    }

    /**
     * A build from S0, a recomputed margin, a long run of new blocks, or a backfill: the principals
     * stream from the chain into the warehouse with {@code COPY}. From scratch they replace the
     * table; after a reorganisation those first seen in the margin are deleted and re-added from
     * the margin's canonical events (so a principal seen only in an orphaned block disappears); new
     * blocks add the new ones, a known one keeping the earlier first day; a backfill only counts.
     */
    Update merge(IncrementalDailySeries.Plan plan, LocalDate d, ChainStateTable.Progress reached, PrincipalStream principals)
            throws Exception {
        IncrementalDailySeries.Mode mode = plan.mode();
        LocalDate first = IncrementalDailySeries.FIRST_DAY;
        LocalDate from = plan.from();
        NavigableMap<LocalDate, Long> newPerDay = new TreeMap<>();
        NavigableMap<LocalDate, Long> streamedPerDay = new TreeMap<>();
        long streamed;
        try (Connection c = warehouse.getConnection()) {
            c.setAutoCommit(false);
            try {
                // A build from S0 replaces the whole table: the principals stream straight into it (one row
                // each, grouped by the query). Otherwise they go to a temporary table and are merged.
                boolean fromScratch = mode == IncrementalDailySeries.Mode.FROM_SCRATCH;
                String target = fromScratch ? "chain_principals" : "tmp_first_seen";
                try (Statement s = c.createStatement()) {
                    if (fromScratch) {
                        // Bulk load: indexes are built once after the COPY instead of row by row.
                        s.execute("TRUNCATE chain_principals");
                        s.execute("ALTER TABLE chain_principals DROP CONSTRAINT chain_principals_pkey");
                        s.execute("DROP INDEX chain_principals_first_day_idx");
                    } else {
                        s.execute("CREATE TEMPORARY TABLE tmp_first_seen (principal text COLLATE \"C\" NOT NULL, first_day date NOT NULL)"
                                + " ON COMMIT DROP");
                    }
                }
                try (PgCopyWriter copy = fromScratch ? PgCopyWriter.frozen(c, target, "principal", "first_day")
                        : new PgCopyWriter(c, target, "principal", "first_day")) {
                    PrincipalQueries.FirstSeenSink sink = (csvLine, day) -> {
                        copy.csvLine(csvLine);
                        streamedPerDay.merge(day, 1L, Long::sum);
                    };
                    principals.streamTo(sink);
                    streamed = copy.finish();
                }
                if (fromScratch) {
                    try (Statement s = c.createStatement()) {
                        s.execute("ALTER TABLE chain_principals ADD CONSTRAINT chain_principals_pkey PRIMARY KEY (principal)");
                        s.execute("CREATE INDEX chain_principals_first_day_idx ON chain_principals (first_day)");
                    }
                }
                DSLContext tx = DSL.using(c, SQLDialect.POSTGRES);
                switch (mode) {
                    case FROM_SCRATCH, MARGIN -> {
                        if (mode == IncrementalDailySeries.Mode.MARGIN) {
                            tx.execute("DELETE FROM chain_principals WHERE first_day >= ?", from);
                            tx.execute("INSERT INTO chain_principals (principal, first_day) SELECT principal, first_day"
                                    + " FROM tmp_first_seen ON CONFLICT (principal) DO NOTHING");
                            countNewPerDay(tx, from, newPerDay);
                        } else {
                            newPerDay.putAll(streamedPerDay); // from scratch, every principal streamed is new
                        }
                        ChainStateTable.replaceFromWithin(tx, dataset, from, newPerDay, reached);
                        c.commit();
                    }
                    case NEW_BLOCKS -> {
                        // The new blocks' principals: new ones are added, known ones keep the earlier first day
                        // (a block may carry an older Bitcoin time than one before it); the days from the
                        // earliest day among them on are recounted.
                        LocalDate earliest = streamedPerDay.isEmpty() ? null : streamedPerDay.firstKey();
                        if (earliest != null) {
                            // A known principal can only move to an earlier first day if the new blocks fall on a day
                            // before the newest first day stored; otherwise the new principals are simply added.
                            LocalDate newestStored = tx.fetchOne("SELECT max(first_day) FROM chain_principals").get(0, LocalDate.class);
                            if (newestStored != null && earliest.isBefore(newestStored)) {
                                tx.execute("UPDATE chain_principals p SET first_day = t.first_day FROM tmp_first_seen t"
                                        + " WHERE p.principal = t.principal AND t.first_day < p.first_day");
                            }
                            // Most of them are known: each is looked up by key (a scalar subquery, never a scan of
                            // the whole table), and only the new ones are inserted.
                            tx.execute("INSERT INTO chain_principals (principal, first_day) SELECT t.principal, t.first_day"
                                    + " FROM tmp_first_seen t WHERE (SELECT true FROM chain_principals k WHERE k.principal = t.principal)"
                                    + " IS NULL ON CONFLICT (principal) DO NOTHING");
                            from = earliest;
                            countNewPerDay(tx, from, newPerDay);
                            ChainStateTable.replaceFromWithin(tx, dataset, from, newPerDay, reached);
                        } else {
                            from = d.plusDays(1);
                            countNewPerDay(tx, from, newPerDay); // days after D keep their counts (see runNewBlocks)
                            ChainStateTable.replaceFromWithin(tx, dataset, from, newPerDay, reached);
                        }
                        c.commit();
                    }
                    case BACKFILL -> {
                        // Principals of D's margin not already seen before it, without touching the state.
                        tx.fetch("SELECT t.first_day, count(*) FROM tmp_first_seen t WHERE NOT EXISTS ("
                                        + "SELECT 1 FROM chain_principals p WHERE p.principal = t.principal AND p.first_day < ?)"
                                        + " GROUP BY t.first_day", from)
                                .forEach(r -> newPerDay.put(r.get(0, LocalDate.class), r.get(1, Long.class)));
                        c.rollback();
                    }
                    default -> throw new IllegalStateException(mode.name());
                }
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
        NavigableMap<LocalDate, Long> all = ChainStateTable.read(PostgresWarehouse.dsl(store), dataset, first,
                plan.newest() ? d : from.minusDays(1));
        if (!plan.newest()) {
            all.putAll(newPerDay);
        }
        return new Update(all, from, streamed);
    }

    // Read-only: the principals among the given ones that are new, or known with a later first day (a new
    // block may carry an older Bitcoin time). Each is looked up by key (a scalar subquery, never a scan of
    // the whole table); nearly all of a day's principals are known and drop out here.
    private static final String CHANGED_SQL = """
            SELECT x.principal, x.day FROM unnest(?::text[], ?::int[]) AS x (principal, day)
            WHERE coalesce((SELECT k.first_day FROM chain_principals k WHERE k.principal = x.principal COLLATE "C"),
                           DATE 'infinity') > DATE '1970-01-01' + x.day""";
    private static final String UPSERT_SQL = """
            INSERT INTO chain_principals (principal, first_day)
            SELECT x.principal, DATE '1970-01-01' + x.day FROM unnest(?::text[], ?::int[]) AS x (principal, day)
            ON CONFLICT (principal) DO UPDATE SET first_day = least(chain_principals.first_day, EXCLUDED.first_day)""";
    private static final String NEW_PER_DAY_SQL =
            "SELECT first_day, count(*) FROM chain_principals WHERE first_day >= ? GROUP BY first_day";
    /**
     * The daily run: the blocks above the stored cutoff span a few days, so their principals are
     * held in memory (a few thousand) and looked up in the state as arrays, in {@code slices}
     * parallel read-only slices; then one transaction adds the new ones, moves a known one to an
     * earlier first day when a new block carries an older Bitcoin time, recounts the days from the
     * earliest day among the new blocks' principals on, and records the progress.
     */
    Update addDaily(PrincipalQueries.NewPrincipals fresh, LocalDate d, ChainStateTable.Progress reached, int slices) throws Exception {
        LocalDate first = IncrementalDailySeries.FIRST_DAY;
        LocalDate from = d.plusDays(1);
        for (int day : fresh.firstEpochDays()) {
            LocalDate x = LocalDate.ofEpochDay(day);
            from = x.isBefore(from) ? x : from;
        }
        PrincipalQueries.NewPrincipals changed = changed(warehouse, fresh, slices);
        NavigableMap<LocalDate, Long> all;
        try (Connection c = warehouse.getConnection()) {
            c.setAutoCommit(false);
            try {
                NavigableMap<LocalDate, Long> newPerDay = new TreeMap<>();
                if (changed.size() > 0) {
                    try (PreparedStatement ps = c.prepareStatement(UPSERT_SQL)) {
                        bind(c, ps, changed);
                        ps.executeUpdate();
                    }
                }
                // Recounted from the table even with nothing new: days after D may hold principals of a block
                // below the cutoff that carries the next day's Bitcoin time, and their counts must stay.
                try (PreparedStatement ps = c.prepareStatement(NEW_PER_DAY_SQL)) {
                    ps.setObject(1, from);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            newPerDay.put(rs.getObject(1, LocalDate.class), rs.getLong(2));
                        }
                    }
                }
                all = ChainStateTable.replaceRangeAndRead(c, dataset, from, ChainStateTable.OPEN_END, newPerDay, reached, first, d);
                c.commit();
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
        return new Update(all, from, fresh.size());
    }

    /** The principals of {@code fresh} that are new or move to an earlier first day, looked up in parallel slices. */
    private static PrincipalQueries.NewPrincipals changed(DataSource warehouse, PrincipalQueries.NewPrincipals fresh,
                                                        int slices) throws Exception {
        int n = fresh.size();
        List<java.util.concurrent.Future<List<Object[]>>> pending = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        // The run owns its lookup threads and ends them before it returns: no pool outlives a task in an embedding JVM.
        java.util.concurrent.ExecutorService lookups = slices <= 1 ? null : java.util.concurrent.Executors.newFixedThreadPool(
                slices - 1, r -> {
                    Thread t = new Thread(io.stacksdataverse.runners.TaskMdc.carried(r), "address-growth-lookup"); // its lines carry the task's keys
                    t.setDaemon(true);
                    return t;
                });
        try {
            for (int i = 1; i < slices; i++) {
                int lo = (int) ((long) n * i / slices);
                int hi = (int) ((long) n * (i + 1) / slices);
                pending.add(lookups.submit(() -> changedSlice(warehouse, fresh, lo, hi)));
            }
            rows.addAll(changedSlice(warehouse, fresh, 0, (int) ((long) n / slices))); // the first slice on this thread
            for (java.util.concurrent.Future<List<Object[]>> f : pending) {
                rows.addAll(f.get());
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            pending.forEach(f -> f.cancel(false));
            if (lookups != null) {
                lookups.shutdown();
            }
        }
        String[] principals = new String[rows.size()];
        int[] days = new int[rows.size()];
        for (int i = 0; i < principals.length; i++) {
            principals[i] = (String) rows.get(i)[0];
            days[i] = (Integer) rows.get(i)[1];
        }
        return new PrincipalQueries.NewPrincipals(principals, days);
    }

    private static List<Object[]> changedSlice(DataSource warehouse, PrincipalQueries.NewPrincipals fresh, int lo, int hi)
            throws SQLException {
        List<Object[]> out = new ArrayList<>();
        if (lo >= hi) {
            return out;
        }
        PrincipalQueries.NewPrincipals slice = new PrincipalQueries.NewPrincipals(java.util.Arrays.copyOfRange(fresh.principals(), lo, hi),
                java.util.Arrays.copyOfRange(fresh.firstEpochDays(), lo, hi));
        try (Connection c = warehouse.getConnection(); PreparedStatement ps = c.prepareStatement(CHANGED_SQL)) {
            bind(c, ps, slice);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Object[] {rs.getString(1), rs.getInt(2)});
                }
            }
        }
        return out;
    }

    private static void bind(Connection c, PreparedStatement ps, PrincipalQueries.NewPrincipals p) throws SQLException {
        ps.setArray(1, c.createArrayOf("text", p.principals()));
        ps.setArray(2, c.createArrayOf("int4", java.util.Arrays.stream(p.firstEpochDays()).boxed().toArray(Integer[]::new)));
    }

    /** The principals first seen on each day from {@code from} on, from the state table. */
    private static void countNewPerDay(DSLContext tx, LocalDate from, NavigableMap<LocalDate, Long> into) {
        tx.fetch("SELECT first_day, count(*) FROM chain_principals WHERE first_day >= ? GROUP BY first_day", from)
                .forEach(r -> into.put(r.get(0, LocalDate.class), r.get(1, Long.class)));
    }}
