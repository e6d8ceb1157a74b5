package io.stacksdataverse.host.bench;

import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.extract.stacks.db.balances.BalanceQueries;
import io.stacksdataverse.extract.stacks.db.chain.ChainQueries;
import io.stacksdataverse.extract.stacks.db.supply.SupplyQueries;
import io.stacksdataverse.loaders.blob.LocalBlobStore;
import io.stacksdataverse.loaders.raw.BlobRawStore;
import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.stacksdataverse.loaders.warehouse.SchemaMigrator;
import io.stacksdataverse.loaders.warehouse.WarehouseMigrations;
import io.stacksdataverse.runners.LocalRunner;
import io.stacksdataverse.runners.TaskGraph;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.runners.chain.addressgrowth.AddressGrowthTask;
import io.stacksdataverse.runners.chain.activeaddresses.DailyActiveAddressesTask;
import io.stacksdataverse.runners.chain.dailytxs.DailyTxsTask;
import io.stacksdataverse.runners.supply.StxSupplySeries;
import io.stacksdataverse.runners.balances.WalletBalancesTask;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.transform.UtcDays;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * {@code dataverse bench chain}: builds a synthetic Stacks API database in an embedded PostgreSQL
 * of its own, then times, for the chain datasets, the full build, the incremental run after one
 * more day, the original implementation's algorithm on the same database and the bare grouped SQL
 * aggregate that produces the numbers (the physical floor). Full builds, floors and the original's
 * loops are each the median of three runs after an untimed warm-up; the incremental run the median
 * of nine after thirty warm-up runs; the original's balance lookups one pass over a sample.
 */
public final class ChainBench {
    /** How often each figure is measured: timed runs of a full build, floor or original loop; warm-up and timed runs of the incremental one. */
    public record Repeats(int timedRuns, int incrementalWarmups, int incrementalTimedRuns) {
        /** The figures of the README. */
        public static final Repeats STANDARD = new Repeats(3, 30, 9);
        /** One run of each, to check that the command works (the figures are not stable). */
        public static final Repeats QUICK = new Repeats(1, 1, 1);
    }

    private final PrintStream out;
    private final SyntheticChain.Settings settings;
    private final boolean original;
    private final Repeats repeats;

    /** @param original whether to time the original algorithms too (they hold every principal in memory) */
    public ChainBench(PrintStream out, SyntheticChain.Settings settings, boolean original, Repeats repeats) {
        this.out = out;
        this.settings = settings;
        this.original = original;
        this.repeats = repeats;
    }

    /** One dataset's figures, in seconds. */
    record Row(String dataset, double full, double floor, double incremental, double original, String originalNote) {
    }

    public List<Row> run() throws Exception {
        Path work = Files.createTempDirectory("dataverse-bench-");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(work.resolve("postgres"))
                .setServerConfig("shared_buffers", "256MB").setServerConfig("work_mem", "64MB")
                .setServerConfig("max_wal_size", "4GB").setServerConfig("synchronous_commit", "off").start()) {
            DataSource chainDb = database(pg, "bench_chain");
            DataSource warehouseDb = database(pg, "bench_warehouse");
            SchemaMigrator.migrate(warehouseDb, WarehouseMigrations.all());
            SyntheticChain chain = new SyntheticChain(chainDb, settings);
            long t0 = System.nanoTime();
            chain.create();
            double generated = seconds(t0);
            Map<String, Long> counts = counts(chainDb);
            out.printf("synthetic chain: %d days from %s, %d Stacks blocks/day (%s), %d txs/block, %d principals; %s; built in %.1f s%n",
                    settings.days(), UtcDays.dayOf(UtcDays.S0), settings.blocksPerDay(),
                    settings.tenureBlocks() == 1 ? "one per Bitcoin block" : settings.tenureBlocks() + " per tenure",
                    settings.txsPerBlock(), settings.principals(), counts, generated);

            // The chain is read through the connection settings a configured STACKS_DB_URL gets.
            StacksDb db = StacksDb.fromConfig(io.stacksdataverse.spi.LayeredConfig.ofMap(
                    Map.of("STACKS_DB_URL", pg.getJdbcUrl("postgres", "bench_chain")))).orElseThrow();
            PostgresWarehouse warehouse = PostgresWarehouse.pooled(warehouseDb, "bench warehouse");
            LocalBlobStore blobs = new LocalBlobStore(work.resolve("blobs"), false);
            LocalDate d = UtcDays.dayOf(UtcDays.S0).plusDays(settings.days() - 1L);
            List<Task> tasks = List.of(new DailyTxsTask(Optional.of(db)), new AddressGrowthTask(Optional.of(db)),
                    new DailyActiveAddressesTask(Optional.of(db)), new WalletBalancesTask(Optional.of(db), 0),
                    new SupplySeriesTask(db));
            WalletBalancesTask balancesNearTip = new WalletBalancesTask(Optional.of(db), Long.MAX_VALUE / 4);
            LocalRunner runner = LocalRunner.builder(new TaskGraph(tasks)).blobs(blobs).raw(new BlobRawStore(blobs))
                    .warehouse(warehouse).build();

            // Once per process and family in production too: not charged to the first dataset.
            ChainQueries.open(db, "bench");
            BalanceQueries.open(db, "bench");
            SupplyQueries.open(db, "bench");
            Map<String, Double> full = new LinkedHashMap<>();
            Map<String, Double> floor = new LinkedHashMap<>();
            long hd = new ChainCursor(db, "bench").cutoff(java.time.Instant.ofEpochSecond(UtcDays.t(d.plusDays(1)))).orElseThrow().height();
            for (Task task : tasks) {
                // One untimed round warms the JVM and PostgreSQL's cache for both; the second is timed.
                floorQuery(chainDb, task.id(), hd);
                check(runner.runOne(task, d, true, true, Map.of()));
                full.put(task.id(), median(() -> check(runner.runOne(task, d, true, true, Map.of()))));
                floor.put(task.id(), median(() -> floorQuery(chainDb, task.id(), hd)));
            }
            Map<String, AfterD> afterD = new LinkedHashMap<>();
            for (Task task : tasks) {
                afterD.put(task.id(), AfterD.capture(warehouseDb, task.id(), d, work.resolve("blobs")));
            }
            chain.appendDay(settings.days());
            LocalDate next = d.plusDays(1);
            Map<String, Double> incremental = new LinkedHashMap<>();
            for (Task task : tasks) {
                Task t = task.id().equals(WalletBalancesTask.ID) ? balancesNearTip : task;
                AfterD state = afterD.get(task.id());
                // Each run for D+1 starts from the state the run for D left (restored untimed), so it does
                // the whole daily work again: read the new day's blocks, update the state, write new files.
                for (int i = 0; i < repeats.incrementalWarmups(); i++) {
                    state.restore();
                    check(runner.runOne(t, next, true, false, Map.of()));
                }
                incremental.put(task.id(), median(repeats.incrementalTimedRuns(), state::restore,
                        () -> check(runner.runOne(t, next, true, false, Map.of()))));
            }
            OriginalAlgorithms orig = new OriginalAlgorithms(chainDb, next);
            if (original) {
                orig.dailyTxs(); // warm-up, untimed
            }
            List<Row> rows = new ArrayList<>();
            rows.add(new Row(DailyTxsTask.ID, full.get(DailyTxsTask.ID), floor.get(DailyTxsTask.ID),
                    incremental.get(DailyTxsTask.ID), original ? median(orig::dailyTxs) : Double.NaN, "one COUNT per day"));
            Set<String> principals = new HashSet<>();
            rows.add(new Row(AddressGrowthTask.ID, full.get(AddressGrowthTask.ID), floor.get(AddressGrowthTask.ID),
                    incremental.get(AddressGrowthTask.ID), original ? median(() -> principals.addAll(orig.addressGrowth())) : Double.NaN,
                    "two queries per day, parties pulled into memory"));
            rows.add(new Row(DailyActiveAddressesTask.ID, full.get(DailyActiveAddressesTask.ID),
                    floor.get(DailyActiveAddressesTask.ID), incremental.get(DailyActiveAddressesTask.ID),
                    original ? median(orig::dailyActive) : Double.NaN, "two queries per day, a set per day"));
            OriginalAlgorithms.Sampled balances = original ? orig.balances(new ArrayList<>(principals), 2_000)
                    : new OriginalAlgorithms.Sampled(0, Double.NaN);
            rows.add(new Row(WalletBalancesTask.ID, full.get(WalletBalancesTask.ID), floor.get(WalletBalancesTask.ID),
                    incremental.get(WalletBalancesTask.ID), balances.extrapolatedSeconds(),
                    "one query per principal: " + balances.sampled() + " of " + principals.size() + " timed, extrapolated"));
            rows.add(new Row(StxSupplySeries.STATE, full.get(StxSupplySeries.STATE), floor.get(StxSupplySeries.STATE),
                    incremental.get(StxSupplySeries.STATE), Double.NaN,
                    "none: the original took market caps from CoinGecko (the supply read of market_caps, #14-15)"));
            print(rows);
            return rows;
        } finally {
            deleteTree(work);
        }
    }

    private void print(List<Row> rows) {
        Runtime rt = Runtime.getRuntime();
        out.println();
        out.printf("%-24s %10s %10s %10s %12s %10s %12s %14s%n", "dataset", "full (s)", "floor (s)", "full/floor",
                "incr. (s)", "incr/full", "original (s)", "original/incr");
        for (Row r : rows) {
            if (Double.isNaN(r.original())) {
                out.printf("%-24s %10.3f %10.3f %10.2f %12.4f %9.2f%% %12s %14s%n", r.dataset(), r.full(), r.floor(),
                        r.full() / r.floor(), r.incremental(), 100 * r.incremental() / r.full(), "-", "-");
            } else {
                out.printf("%-24s %10.3f %10.3f %10.2f %12.4f %9.2f%% %12.2f %13.0fx%n", r.dataset(), r.full(), r.floor(),
                        r.full() / r.floor(), r.incremental(), 100 * r.incremental() / r.full(), r.original(),
                        r.original() / r.incremental());
            }
        }
        out.println();
        if (original) {
            rows.forEach(r -> out.println("original " + r.dataset() + ": " + r.originalNote()));
        } else {
            out.println("original algorithms not timed (--skip-original)");
        }
        out.printf("JVM heap: max %d MiB, %d MiB in use at the end%n", rt.maxMemory() / (1024 * 1024),
                (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
    }

    private static void check(TaskOutcome o) {
        if (o.status() != TaskOutcome.Status.SUCCEEDED) {
            throw new IllegalStateException("bench task " + o.taskId() + " failed: " + o.message());
        }
    }

    private static void floorQuery(DataSource db, String dataset, long maxHeight) {
        // Each floor groups the parties as the dataset's own query does (address_growth unpivots each event
        // once, daily_active_addresses takes senders and recipients in two scans), without the state or
        // the transfer of rows.
        String unpivoted = """
                SELECT b.burn_block_time / 86400 AS day, x.p FROM stx_events e
                JOIN blocks b ON b.index_block_hash = e.index_block_hash AND b.canonical
                CROSS JOIN LATERAL (VALUES (e.sender), (e.recipient)) x (p)
                WHERE e.canonical AND e.microblock_canonical AND x.p IS NOT NULL AND e.block_height <= %1$d"""
                .formatted(maxHeight);
        String parties = """
                SELECT b.burn_block_time / 86400 AS day, e.sender AS p FROM stx_events e
                JOIN blocks b ON b.index_block_hash = e.index_block_hash AND b.canonical
                WHERE e.canonical AND e.microblock_canonical AND e.sender IS NOT NULL AND e.block_height <= %1$d
                UNION ALL SELECT b.burn_block_time / 86400, e.recipient FROM stx_events e
                JOIN blocks b ON b.index_block_hash = e.index_block_hash AND b.canonical
                WHERE e.canonical AND e.microblock_canonical AND e.recipient IS NOT NULL AND e.block_height <= %1$d"""
                .formatted(maxHeight);
        String sql = switch (dataset) {
            case DailyTxsTask.ID -> "SELECT burn_block_time / 86400, count(*) FROM txs WHERE canonical AND microblock_canonical"
                    + " AND block_height <= " + maxHeight + " GROUP BY 1";
            case AddressGrowthTask.ID -> "SELECT first_day, count(*) FROM (SELECT p, min(day) AS first_day FROM (" + unpivoted
                    + ") x GROUP BY p) f GROUP BY first_day";
            case DailyActiveAddressesTask.ID -> "SELECT day, count(DISTINCT p) FROM (" + parties + ") x GROUP BY day";
            case WalletBalancesTask.ID -> """
                    WITH balances AS MATERIALIZED (SELECT address, sum(delta) AS balance FROM (
                        SELECT recipient AS address, amount::numeric AS delta FROM stx_events
                        WHERE canonical AND microblock_canonical AND recipient IS NOT NULL AND block_height <= %1$d
                      UNION ALL SELECT sender, -amount::numeric FROM stx_events
                        WHERE canonical AND microblock_canonical AND sender IS NOT NULL AND block_height <= %1$d
                      UNION ALL SELECT CASE WHEN sponsored THEN sponsor_address ELSE sender_address END, -fee_rate::numeric FROM txs
                        WHERE canonical AND microblock_canonical AND block_height <= %1$d
                      UNION ALL SELECT m.recipient, m.coinbase_amount + m.tx_fees_anchored FROM miner_rewards m
                        JOIN blocks b ON b.index_block_hash = m.index_block_hash AND b.canonical
                        WHERE m.canonical AND b.block_height <= %1$d) parts GROUP BY address)
                    SELECT count(*) FILTER (WHERE balance > 0), count(*) FILTER (WHERE balance >= 10000000000) FROM balances"""
                    .formatted(maxHeight);
            case StxSupplySeries.STATE -> """
                    SELECT b.burn_block_time / 86400, sum(x.change) FROM blocks b JOIN (
                        SELECT index_block_hash, (CASE WHEN asset_event_type_id = 2 THEN amount ELSE -amount END)::numeric AS change
                        FROM stx_events WHERE asset_event_type_id IN (2, 3) AND canonical AND microblock_canonical
                      UNION ALL SELECT index_block_hash, coinbase_amount FROM miner_rewards WHERE canonical) x
                      ON x.index_block_hash = b.index_block_hash
                    WHERE b.canonical AND b.block_height <= %1$d GROUP BY 1""".formatted(maxHeight);
            default -> throw new IllegalArgumentException(dataset);
        };
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("floor query of " + dataset + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Long> counts(DataSource db) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("blocks", "txs", "stx_events", "miner_rewards", "microblocks", "ft_balances")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    static DataSource database(EmbeddedPostgres pg, String name) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return pg.getDatabase("postgres", name);
    }

    interface Work {
        void run() throws Exception;
    }

    /** The median of the timed runs (three by default: the machine is shared, one run can be off by a third). */
    private double median(Work work) throws Exception {
        return median(repeats.timedRuns(), () -> { }, work);
    }

    /** The median of {@code runs} timed runs of {@code work}, each after an untimed {@code before}. */
    static double median(int runs, Work before, Work work) throws Exception {
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            before.run();
            t[i] = time(work);
        }
        java.util.Arrays.sort(t);
        return t[runs / 2];
    }

    /**
     * What the run for D left for one dataset: its progress row; restoring it also removes the
     * state of later days and the files published after D, so that the next run for D+1 does the
     * whole daily work again. (On a chain where no block above H_D has a Bitcoin time on D, the
     * default one, this is exactly the state after D.)
     */
    record AfterD(DataSource warehouse, String dataset, LocalDate d, Path blobs, Optional<Object[]> progress) {
        static AfterD capture(DataSource warehouse, String dataset, LocalDate d, Path blobs) throws SQLException {
            try (Connection c = warehouse.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
                    "SELECT last_day, last_height, last_index_block_hash FROM chain_progress WHERE dataset = ?")) {
                ps.setString(1, dataset);
                try (ResultSet rs = ps.executeQuery()) {
                    Optional<Object[]> progress = rs.next()
                            ? Optional.of(new Object[] {rs.getObject(1), rs.getObject(2), rs.getObject(3)}) : Optional.empty();
                    return new AfterD(warehouse, dataset, d, blobs, progress);
                }
            }
        }

        void restore() throws Exception {
            try (Connection c = warehouse.getConnection()) {
                c.setAutoCommit(false);
                try (java.sql.PreparedStatement values = c.prepareStatement("DELETE FROM chain_daily_values WHERE dataset = ? AND day > ?");
                     java.sql.PreparedStatement progressRow = c.prepareStatement("UPDATE chain_progress SET last_day = ?,"
                             + " last_height = ?, last_index_block_hash = ? WHERE dataset = ?")) {
                    values.setString(1, dataset);
                    values.setObject(2, d);
                    values.executeUpdate();
                    if (progress.isPresent()) {
                        for (int i = 0; i < 3; i++) {
                            progressRow.setObject(i + 1, progress.get()[i]);
                        }
                        progressRow.setString(4, dataset);
                        progressRow.executeUpdate();
                    }
                    if (dataset.equals(WalletBalancesTask.ID)) {
                        try (java.sql.PreparedStatement whales = c.prepareStatement(
                                     "DELETE FROM whale_historical_stx_balances WHERE \"timestamp\" > ?");
                             java.sql.PreparedStatement nonzero = c.prepareStatement(
                                     "DELETE FROM chain_daily_values WHERE dataset = ? AND day > ?")) {
                            whales.setLong(1, UtcDays.t(d));
                            whales.executeUpdate();
                            nonzero.setString(1, WalletBalancesTask.NONZERO_DATASET);
                            nonzero.setObject(2, d);
                            nonzero.executeUpdate();
                        }
                    }
                    if (dataset.equals(AddressGrowthTask.ID)) {
                        try (java.sql.PreparedStatement principals = c.prepareStatement("DELETE FROM chain_principals WHERE first_day > ?")) {
                            principals.setObject(1, d);
                            principals.executeUpdate();
                        }
                    }
                }
                c.commit();
            }
            String later = d.plusDays(1) + ".json.gz";
            try (Stream<Path> files = Files.walk(blobs)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String name = f.getFileName().toString();
                    if (name.equals(later) || name.startsWith("latest")) {
                        Files.delete(f);
                    }
                }
            }
        }
    }

    static double time(Work work) throws Exception {
        long t = System.nanoTime();
        work.run();
        return seconds(t);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

}
