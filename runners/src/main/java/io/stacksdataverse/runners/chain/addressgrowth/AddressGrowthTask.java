package io.stacksdataverse.runners.chain.addressgrowth;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainSnapshot;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.DayReads;
import io.stacksdataverse.extract.stacks.db.chain.PrincipalQueries;
import io.stacksdataverse.loaders.warehouse.ChainStateTable;
import io.stacksdataverse.loaders.warehouse.PgCopyWriter;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.paths.DatasetPaths;
import io.stacksdataverse.runners.DatasetTask;
import io.stacksdataverse.runners.chain.ChainDatabase;
import io.stacksdataverse.runners.chain.IncrementalDailySeries;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.TaskContext;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.transform.DailySeries;
import io.stacksdataverse.transform.UtcDays;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Catalog #2, {@code addx_growth/{D}.json.gz} (copied to {@code latest} by the newest run):
 * {@code {"<t(d)>": n}} for d = S0…D, n = distinct principals that have been sender or recipient
 * of a canonical STX event in blocks up to the end of day d (up to H_D); dense, even+last.
 *
 * <p>State: {@code chain_principals} (principal → first day) and the new principals per day, with
 * the cutoff block of the newest run ({@link IncrementalDailySeries} says which blocks a run reads).
 * A run after the newest one streams the principals of the blocks above its cutoff into the
 * warehouse with {@code COPY}, adds the new ones (a known one keeps the earlier first day) and
 * recounts the days from the earliest of them on. After a reorganisation it deletes the principals
 * first seen in the margin and re-adds those of the margin's canonical events instead, so a
 * principal seen only in an orphaned block disappears, as a full rebuild would have it. State and
 * progress commit in one transaction.
 */
public final class AddressGrowthTask extends DatasetTask {
    private final ChainDatabase database;
    public static final String ID = "address_growth";

    private final int parallelLookupMin;

    @Inject
    public AddressGrowthTask(Optional<StacksDb> database) {
        this(database, PARALLEL_LOOKUP_MIN);
    }

    /** @param parallelLookupMin from how many principals a daily run looks them up in parallel slices */
    public AddressGrowthTask(Optional<StacksDb> database, int parallelLookupMin) {
        super(ID, ScheduleGroup.DAILY, false);
        this.database = requires(new ChainDatabase(database));
        this.parallelLookupMin = parallelLookupMin;
    }

    @Override
    public TaskResult run(TaskContext ctx) throws Exception {
        StacksDb db = database.get();
        ChainCursor cursor = ChainCursor.open(db, ID);
        PrincipalQueries principals = PrincipalQueries.open(db, ID);
        LocalDate d = ctx.executionDate();
        LocalDate first = IncrementalDailySeries.FIRST_DAY;
        IncrementalDailySeries.Start start = IncrementalDailySeries.start(ctx, cursor, ID);
        BlockRef cut = start.cut();
        DSLContext wh = PostgresWarehouse.dsl(ctx.warehouse());
        IncrementalDailySeries.Plan plan = start.plan();
        IncrementalDailySeries.Mode mode = plan.mode();
        if (mode == IncrementalDailySeries.Mode.NEW_BLOCKS && isShort(start.snapshot())) {
            return runNewBlocks(ctx, principals, start);
        }
        LocalDate from = plan.from();
        long fromTime = from.equals(first) ? 0 : UtcDays.t(from);
        // The state takes every event up to H_D, even one whose Bitcoin time lies after D (a block stamped
        // before midnight may carry a Bitcoin time of the next day): the next run reads only the blocks
        // above H_D, so it would never see that event again. Days after D are kept, not published.
        // A backfill, which leaves the state alone, takes the days up to D only.
        long end = plan.newest() ? Integer.MAX_VALUE : UtcDays.t(d.plusDays(1));
        ChainStateTable.Progress reached = new ChainStateTable.Progress(d, cut.height(), cut.indexBlockHash());

        NavigableMap<LocalDate, Long> newPerDay = new TreeMap<>();
        NavigableMap<LocalDate, Long> streamedPerDay = new TreeMap<>();
        long streamed;
        try (Connection c = ctx.warehouse().dataSource().getConnection()) {
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
                    if (mode == IncrementalDailySeries.Mode.NEW_BLOCKS) {
                        principals.principalsOfBlocks(plan.aboveHeight(), cut.height(), end, UtcDays.S0, sink);
                    } else {
                        principals.firstSeenPrincipals(fromTime, end, cut.height(), UtcDays.S0, sink);
                    }
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
                        ChainStateTable.replaceFromWithin(tx, ID, from, newPerDay, reached);
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
                            ChainStateTable.replaceFromWithin(tx, ID, from, newPerDay, reached);
                        } else {
                            from = d.plusDays(1);
                            countNewPerDay(tx, from, newPerDay); // days after D keep their counts (see runNewBlocks)
                            ChainStateTable.replaceFromWithin(tx, ID, from, newPerDay, reached);
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
        NavigableMap<LocalDate, Long> all = ChainStateTable.read(wh, ID, first, plan.newest() ? d : from.minusDays(1));
        if (!plan.newest()) {
            all.putAll(newPerDay);
        }
        return publish(ctx, d, all, cut, from.isAfter(d) ? "none" : from + ".." + d, streamed);
    }

    /** Whether the blocks above the stored cutoff span at most a few days (the usual daily run). */
    private static boolean isShort(ChainSnapshot s) {
        return s.firstNewDay().isEmpty()
                || s.lastNewDay().getAsLong() - s.firstNewDay().getAsLong() < DayReads.SHORT_READ_DAYS * 86_400L;
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
    /** Below this many principals a daily run looks them up in one statement; from it on, in one per processor (at most 4). */
    public static final int PARALLEL_LOOKUP_MIN = 2_000;
    private static final int LOOKUP_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    /**
     * The daily run: the blocks above the stored cutoff span a few days, so their principals are read
     * into memory (a few thousand) and looked up in the state as arrays, in parallel slices on
     * read-only connections; then one transaction adds the new ones, moves a known one to an earlier
     * first day when a new block carries an older Bitcoin time, recounts the days from the earliest
     * day among the new blocks' principals on, and records the progress.
     */
    private TaskResult runNewBlocks(TaskContext ctx, PrincipalQueries principals, IncrementalDailySeries.Start start) throws Exception {
        LocalDate d = ctx.executionDate();
        LocalDate first = IncrementalDailySeries.FIRST_DAY;
        BlockRef cut = start.cut();
        PrincipalQueries.NewPrincipals fresh = start.snapshot().firstNewDay().isEmpty()
                ? new PrincipalQueries.NewPrincipals(new String[0], new int[0])
                : principals.principalsOfNewBlocks(start.plan().aboveHeight(), cut.height(), UtcDays.S0);
        LocalDate from = d.plusDays(1);
        for (int day : fresh.firstEpochDays()) {
            LocalDate x = LocalDate.ofEpochDay(day);
            from = x.isBefore(from) ? x : from;
        }
        PrincipalQueries.NewPrincipals changed = changed(ctx.warehouse().dataSource(), fresh,
                fresh.size() < parallelLookupMin ? 1 : LOOKUP_THREADS);
        NavigableMap<LocalDate, Long> all;
        try (Connection c = ctx.warehouse().dataSource().getConnection()) {
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
                all = ChainStateTable.replaceRangeAndRead(c, ID, from, ChainStateTable.OPEN_END, newPerDay, start.reached(d), first, d);
                c.commit();
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
        return publish(ctx, d, all, cut, from.isAfter(d) ? "none" : from + ".." + d, fresh.size());
    }

    /** The principals of {@code fresh} that are new or move to an earlier first day, looked up in parallel slices. */
    private static PrincipalQueries.NewPrincipals changed(javax.sql.DataSource warehouse, PrincipalQueries.NewPrincipals fresh,
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

    private static List<Object[]> changedSlice(javax.sql.DataSource warehouse, PrincipalQueries.NewPrincipals fresh, int lo, int hi)
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

    private static TaskResult publish(TaskContext ctx, LocalDate d, NavigableMap<LocalDate, Long> newPerDay, BlockRef cut,
                                      String recomputed, long streamed) throws java.io.IOException {
        // Transform: cumulative from S0, downsampled even+last. Load: the dated key, and latest for the newest run.
        byte[] encoded = ctx.publisher().jsonObject(
                DailySeries.denseCumulativeEvenPlusLast(newPerDay, IncrementalDailySeries.FIRST_DAY, d));
        return TaskResult.builder()
                .outputs(ctx.publisher().publish(DatasetPaths.ADDRESS_GROWTH, encoded))
                .value("cutoff_height", cut.height())
                .value("recomputed", recomputed)
                .value("principals_streamed", streamed)
                .value("principals_total", newPerDay.values().stream().mapToLong(Long::longValue).sum())
                .build();
    }

    /** The principals first seen on each day from {@code from} on, from the state table. */
    private static void countNewPerDay(DSLContext tx, LocalDate from, NavigableMap<LocalDate, Long> into) {
        tx.fetch("SELECT first_day, count(*) FROM chain_principals WHERE first_day >= ? GROUP BY first_day", from)
                .forEach(r -> into.put(r.get(0, LocalDate.class), r.get(1, Long.class)));
    }
}
