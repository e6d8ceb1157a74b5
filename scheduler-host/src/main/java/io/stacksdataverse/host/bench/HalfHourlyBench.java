package io.stacksdataverse.host.bench;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.DayReads;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.host.Host;
import io.stacksdataverse.loaders.warehouse.CommittedSatsCheckpoints;
import io.stacksdataverse.loaders.warehouse.IntervalProbes;
import io.stacksdataverse.runners.DatasetSettings;
import io.stacksdataverse.runners.LocalRunner;
import io.stacksdataverse.runners.RunIntervals;
import io.stacksdataverse.runners.TaskOutcome;
import io.stacksdataverse.runners.balances.WalletBalancesTask;
import io.stacksdataverse.runners.mining.CommittedTotal;
import io.stacksdataverse.spi.LayeredConfig;
import io.stacksdataverse.spi.ScheduleGroup;
import io.stacksdataverse.spi.Task;
import io.stacksdataverse.spi.TaskResult;
import io.stacksdataverse.transform.UtcDays;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code dataverse bench halfhourly}: the half-hourly group on the synthetic chain with its
 * half-hourly tables ({@link HalfHourlyTables}), its HTTP sources answered by {@link SourcesStandIn}.
 * The tasks are the host's own, built from its configuration (the chain, the stand-in and the
 * warehouse are given as {@code STACKS_DB_URL}, {@code STACKS_API_URL}, {@code CRYPTOCOMPARE_API_URL},
 * {@code DATAVERSE_DB_URL}), and the group is the host's task graph's {@link ScheduleGroup#HALF_HOURLY}.
 *
 * <p>The runs are for successive intervals of the chain's last day, each a new interval end E run
 * for the first time with the clock 90 s after E: the run of the current interval a scheduler
 * starts, which takes the run-time probes (mempool count, fee rate, PoX snapshot) and stores them
 * under E. Re-runs of one E would read the stored probes back and measure a run that production
 * makes only after a failure. Before them, the daily state the group reads is brought to the day
 * before (the wallet-balances state and the supply series of D−1, as the daily run leaves them),
 * and one untimed run of an earlier interval of the day warms the JVM, the connection pools and
 * PostgreSQL's cache (and keeps the spot statistics' history entry of the day's first interval).
 * The warehouse holds the mempool snapshots of the window before, as the runs of earlier intervals
 * leave them. Each dataset's time is the median over the timed runs; its floor the median of as many
 * runs of its statements ({@link HalfHourlyFloors}) for the same interval ends, plus the median of
 * its own HTTP requests of each run sent again bare ({@link BareHttp}): a dataset that fetches the
 * run's shared answers first is measured against what those calls cost at least.
 */
public final class HalfHourlyBench {
    /** The limits of the acceptance: a whole run, a dataset against its floor, HTTP calls per run. */
    static final double MAX_RUN_SECONDS = 2.0;
    static final double MAX_FLOOR_RATIO = 2.0;
    static final int MAX_HTTP_CALLS = 10;

    private final PrintStream out;
    private final SyntheticChain.Settings settings;
    private final int timedRuns;

    public HalfHourlyBench(PrintStream out, SyntheticChain.Settings settings, int timedRuns) {
        this.out = out;
        this.settings = settings;
        this.timedRuns = timedRuns;
    }

    /** One dataset's figures: medians in seconds; NaN where there is none. Its floor is its SQL floor and its bare HTTP. */
    record Row(String dataset, double time, double sqlFloor, double httpFloor, String floorWhat, double httpCalls, double original,
               String originalNote) {
        boolean hasFloor() {
            return !Double.isNaN(sqlFloor) || httpCalls > 0;
        }

        double floor() {
            return (Double.isNaN(sqlFloor) ? 0 : sqlFloor) + (httpCalls > 0 ? httpFloor : 0);
        }
    }

    /** A clock the bench sets to each run's time. */
    static final class BenchClock extends Clock {
        private volatile Instant now = Instant.EPOCH;

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            if (zone.normalized().equals(ZoneOffset.UTC)) {
                return this;
            }
            throw new IllegalArgumentException("the bench clock keeps UTC, the zone of every interval; not " + zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** The run of one interval: each task's time and HTTP requests, the whole run's time and calls. */
    record Run(Map<String, Double> seconds, Map<String, List<SourcesStandIn.Request>> requests, double wholeSeconds, long wholeCalls) {
    }

    public List<Row> run() throws Exception {
        Path work = Files.createTempDirectory("dataverse-bench-halfhourly-");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(work.resolve("postgres"))
                .setServerConfig("shared_buffers", "256MB").setServerConfig("work_mem", "64MB")
                .setServerConfig("max_wal_size", "4GB").setServerConfig("synchronous_commit", "off").start()) {
            DataSource chainDb = ChainBench.database(pg, "bench_chain");
            DataSource warehouseDb = ChainBench.database(pg, "bench_warehouse");
            SyntheticChain chain = new SyntheticChain(chainDb, settings, true);
            long t0 = System.nanoTime();
            chain.create();
            double built = (System.nanoTime() - t0) / 1e9;
            out.printf("synthetic chain: %d days from %s, %d Stacks blocks/day (%s), %d txs/block, %d principals, burn heights %d-%d;"
                            + " %s; built in %.1f s%n", settings.days(), UtcDays.dayOf(UtcDays.S0), settings.blocksPerDay(),
                    settings.tenureBlocks() == 1 ? "one per Bitcoin block" : settings.tenureBlocks() + " per tenure",
                    settings.txsPerBlock(), settings.principals(), chain.burnBase(),
                    chain.burnBase() + (long) settings.days() * 144 - 1, counts(chainDb), built);

            BenchClock clock = new BenchClock();
            try (SourcesStandIn standIn = new SourcesStandIn(chainDb, chain.burnBase(), clock)) {
                Map<String, String> config = new HashMap<>();
                config.put("STACKS_DB_URL", pg.getJdbcUrl("postgres", "bench_chain"));
                config.put("STACKS_DB_USER", "postgres");
                config.put("STACKS_API_URL", standIn.url());
                config.put("STACKS_RATE_LIMIT_PER_SECOND", "1000");
                config.put("CRYPTOCOMPARE_API_URL", standIn.url());
                config.put("CRYPTOCOMPARE_RATE_LIMIT_PER_SECOND", "1000");
                config.put("DATAVERSE_DB_URL", pg.getJdbcUrl("postgres", "bench_warehouse"));
                config.put("DATAVERSE_DB_USER", "postgres");
                config.put("DATAVERSE_BLOB_STORE", "file:" + work.resolve("blobs"));
                config.put("DATAVERSE_HOME", work.resolve("home").toString());
                try (Host host = Host.start(LayeredConfig.ofMap(config), clock,
                        Host.discoverPlugins(Thread.currentThread().getContextClassLoader()))) {
                    StacksDb db = StacksDb.fromConfig(LayeredConfig.ofMap(config)).orElseThrow();
                    return measure(host, chainDb, warehouseDb, standIn, clock, db);
                }
            }
        } finally {
            ChainBench.deleteTree(work);
        }
    }

    private List<Row> measure(Host host, DataSource chainDb, DataSource warehouseDb, SourcesStandIn standIn, BenchClock clock,
                              StacksDb db) throws Exception {
        List<Task> group = host.graph().group(ScheduleGroup.HALF_HOURLY);
        LocalRunner runner = host.runner();
        LocalDate d = UtcDays.dayOf(UtcDays.S0).plusDays(settings.days() - 1L);
        // The daily state of D−1 the group reads, as the daily run leaves it (untimed).
        clock.set(Instant.ofEpochSecond(UtcDays.t(d) + 600));
        check(runner.runOne(host.graph().task(WalletBalancesTask.ID), d.minusDays(1), true, false, Map.of()));
        check(runner.runOne(new SupplySeriesTask(db), d.minusDays(1), true, false, Map.of()));

        // Interval ends from D 12:00 on: the warm-up's, then one per timed run; before them, the
        // mempool snapshots of the window that the runs of earlier intervals took.
        long first = UtcDays.t(d) + 12 * 3600;
        long mempoolWindow = DatasetSettings.read(host.config()).mempoolWindowDays() * UtcDays.DAY_SECONDS;
        storeEarlierMempoolSnapshots(warehouseDb, first - mempoolWindow, first);
        ChainCursor cursor = new ChainCursor(db, "bench");
        runInterval(runner, group, standIn, clock, Instant.ofEpochSecond(first));
        Map<String, double[]> seconds = new LinkedHashMap<>();
        Map<String, double[]> calls = new LinkedHashMap<>();
        Map<String, List<List<SourcesStandIn.Request>>> requests = new LinkedHashMap<>();
        Map<String, double[]> floors = new LinkedHashMap<>();
        group.forEach(t -> {
            seconds.put(t.id(), new double[timedRuns]);
            calls.put(t.id(), new double[timedRuns]);
            requests.put(t.id(), new ArrayList<>());
            if (HalfHourlyFloors.FLOORS.containsKey(t.id())) {
                floors.put(t.id(), new double[timedRuns]);
            }
        });
        double[] whole = new double[timedRuns];
        double[] wholeCalls = new double[timedRuns];
        List<HalfHourlyFloors.Cutoff> cutoffs = new ArrayList<>();
        for (int i = 0; i < timedRuns; i++) {
            Instant e = Instant.ofEpochSecond(first + (i + 1) * 1800L);
            Run run = runInterval(runner, group, standIn, clock, e);
            for (Task t : group) {
                seconds.get(t.id())[i] = run.seconds().get(t.id());
                calls.get(t.id())[i] = run.requests().get(t.id()).size();
                requests.get(t.id()).add(run.requests().get(t.id()));
            }
            whole[i] = run.wholeSeconds();
            wholeCalls[i] = run.wholeCalls();
            BlockRef tip = cursor.requireCutoff(e, "");
            long low = cursor.firstCanonicalHeightAtOrAfter(e.getEpochSecond() - UtcDays.DAY_SECONDS - DayReads.BITCOIN_TIME_AHEAD)
                    .orElse(tip.height() + 1);
            long committedFrom = new CommittedSatsCheckpoints(warehouseDb)
                    .newestAtOrBelow(tip.burnBlockHeight() - CommittedTotal.SETTLED_DEPTH)
                    .map(CommittedSatsCheckpoints.Checkpoint::burnHeight).orElse(-1L);
            cutoffs.add(new HalfHourlyFloors.Cutoff(tip.height(), tip.burnBlockHeight(), e.getEpochSecond(), low, mempoolWindow,
                    committedFrom));
        }
        Map<String, Long> byEndpoint = standIn.requestsByEndpoint(); // before the bare requests below add to it
        // The floors, for the same interval ends: one untimed round, then one timed round per interval.
        for (Map.Entry<String, double[]> f : floors.entrySet()) {
            HalfHourlyFloors.Floor floor = HalfHourlyFloors.FLOORS.get(f.getKey());
            runStatements(chainDb, warehouseDb, floor, cutoffs.get(0));
            for (int i = 0; i < timedRuns; i++) {
                HalfHourlyFloors.Cutoff c = cutoffs.get(i);
                f.getValue()[i] = ChainBench.time(() -> runStatements(chainDb, warehouseDb, floor, c));
            }
        }
        // The HTTP floors: each dataset's requests of each timed run, sent again bare (after one untimed round).
        BareHttp bare = new BareHttp(standIn.url());
        Map<String, double[]> httpFloors = new LinkedHashMap<>();
        for (Map.Entry<String, List<List<SourcesStandIn.Request>>> r : requests.entrySet()) {
            double[] t = new double[timedRuns];
            bare.send(r.getValue().get(0));
            for (int i = 0; i < timedRuns; i++) {
                List<SourcesStandIn.Request> sent = r.getValue().get(i);
                t[i] = ChainBench.time(() -> bare.send(sent));
            }
            httpFloors.put(r.getKey(), t);
        }
        Map<String, Double> originals = new HashMap<>();
        for (Task t : group) {
            Optional<String> sql = Optional.ofNullable(HalfHourlyFloors.ORIGINAL.get(t.id())).flatMap(HalfHourlyFloors.Original::statement);
            if (sql.isPresent()) {
                originals.computeIfAbsent(sql.get(), s -> {
                    try {
                        query(chainDb, s);
                        return ChainBench.median(timedRuns, () -> { }, () -> query(chainDb, s));
                    } catch (Exception ex) {
                        throw new IllegalStateException("the original's statement " + s + ": " + ex.getMessage(), ex);
                    }
                });
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Task t : group) {
            HalfHourlyFloors.Floor floor = HalfHourlyFloors.FLOORS.get(t.id());
            HalfHourlyFloors.Original original = HalfHourlyFloors.ORIGINAL.get(t.id());
            double originalSeconds = original == null ? Double.NaN
                    : original.statement().map(originals::get).orElse(Double.NaN);
            rows.add(new Row(t.id(), median(seconds.get(t.id())), floor == null ? Double.NaN : median(floors.get(t.id())),
                    median(httpFloors.get(t.id())), floor == null ? "" : floor.what(), median(calls.get(t.id())), originalSeconds,
                    original == null ? "" : original.note()));
        }
        print(rows, median(whole), median(wholeCalls), max(wholeCalls), byEndpoint);
        // Last, as they rewrite the state: the incremental tasks' full builds for the last interval end.
        Map<String, Double> full = FullBuilds.time(runner, group, clock, Instant.ofEpochSecond(first + timedRuns * 1800L),
                Math.min(3, timedRuns));
        Map<String, Double> incremental = new LinkedHashMap<>();
        rows.forEach(r -> incremental.put(r.dataset(), r.time()));
        FullBuilds.print(out, full, incremental);
        DailyNftAndPools.measure(out, host, db, clock, d, Math.min(3, timedRuns));
        return rows;
    }

    /**
     * One whole run of the group for E, as {@link LocalRunner#run} makes it: one run id (so the
     * tasks share the run's answers), the tasks in dependency order, each handed its upstream's
     * result; each task timed and its HTTP calls counted on its own.
     */
    private Run runInterval(LocalRunner runner, List<Task> group, SourcesStandIn standIn, BenchClock clock, Instant e) {
        clock.set(e.plusSeconds(90));
        String runId = LocalRunner.newRunId(UtcDays.dayOf(e.getEpochSecond() - 1));
        Map<String, TaskResult> results = new HashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, List<SourcesStandIn.Request>> requests = new LinkedHashMap<>();
        long start = System.nanoTime();
        long startCalls = standIn.requests();
        for (Task task : group) {
            long before = standIn.requests();
            long t = System.nanoTime();
            TaskOutcome o = runner.runOne(runId, task, e, true, false, results, key -> { });
            seconds.put(task.id(), (System.nanoTime() - t) / 1e9);
            requests.put(task.id(), standIn.requestsFrom(before));
            check(o);
            results.put(task.id(), o.result().orElseThrow());
        }
        return new Run(seconds, requests, (System.nanoTime() - start) / 1e9, standIn.requests() - startCalls);
    }

    private void print(List<Row> rows, double wholeSeconds, double wholeCalls, double maxCalls, Map<String, Long> byEndpoint) {
        out.println();
        out.printf("%-24s %9s %9s %9s %9s %10s %5s %13s  %s%n", "dataset", "time (s)", "SQL (s)", "HTTP (s)", "floor (s)",
                "time/floor", "calls", "original (s)", "original (catalog)");
        boolean withinFloors = true;
        for (Row r : rows) {
            String original = Double.isNaN(r.original()) ? "-" : String.format(java.util.Locale.ROOT, "%.4f", r.original());
            out.printf(java.util.Locale.ROOT, "%-24s %9.4f %9s %9s %9s %10s %5.0f %13s  %s%n", r.dataset(), r.time(),
                    Double.isNaN(r.sqlFloor()) ? "-" : String.format(java.util.Locale.ROOT, "%.4f", r.sqlFloor()),
                    r.httpCalls() > 0 ? String.format(java.util.Locale.ROOT, "%.4f", r.httpFloor()) : "-",
                    r.hasFloor() ? String.format(java.util.Locale.ROOT, "%.4f", r.floor()) : "no floor",
                    r.hasFloor() ? String.format(java.util.Locale.ROOT, "%.2f", r.time() / r.floor()) : "-", r.httpCalls(),
                    original, r.originalNote().isEmpty() ? "-" : r.originalNote());
            withinFloors &= !r.hasFloor() || r.time() <= MAX_FLOOR_RATIO * r.floor();
        }
        out.println();
        rows.stream().filter(r -> !Double.isNaN(r.sqlFloor())).forEach(r -> out.println("SQL floor " + r.dataset() + ": " + r.floorWhat()));
        out.println("HTTP floor: the dataset's own requests of the run, sent again to the stand-in by a bare client");
        out.printf(java.util.Locale.ROOT, "whole half-hourly run: %.3f s (median of %d), %.0f HTTP calls per run (at most %.0f): %s%n",
                wholeSeconds, timedRuns, wholeCalls, maxCalls, byEndpoint);
        out.printf(java.util.Locale.ROOT, "%s whole run under %.0f s: %.3f s%n", wholeSeconds < MAX_RUN_SECONDS ? "PASS" : "FAIL",
                MAX_RUN_SECONDS, wholeSeconds);
        out.printf(java.util.Locale.ROOT, "%s every dataset within %.0fx its floor%n", withinFloors ? "PASS" : "FAIL", MAX_FLOOR_RATIO);
        out.printf(java.util.Locale.ROOT, "%s at most %d HTTP calls per run: %.0f%n", maxCalls <= MAX_HTTP_CALLS ? "PASS" : "FAIL",
                MAX_HTTP_CALLS, maxCalls);
    }

    private static void runStatements(DataSource chain, DataSource warehouse, HalfHourlyFloors.Floor floor,
                                      HalfHourlyFloors.Cutoff cutoff) throws SQLException {
        for (var statement : floor.statements()) {
            query(chain, statement.apply(cutoff));
        }
        for (var statement : floor.warehouseStatements()) {
            query(warehouse, statement.apply(cutoff));
        }
    }

    /**
     * The mempool snapshots the half-hourly runs of E in [from, to) would have stored (untimed): one
     * per interval, a count that rises and falls with the time of day.
     */
    private static void storeEarlierMempoolSnapshots(DataSource warehouse, long from, long to) throws SQLException {
        try (Connection c = warehouse.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO interval_probes (probe, interval_end, value) SELECT '" + IntervalProbes.MEMPOOL_TX_COUNT + "', e,"
                    + " 2000 + round(1500 * sin(2 * pi() * (e % 86400) / 86400.0))::bigint + (e / 1800) % 211"
                    + " FROM generate_series(" + (from + RunIntervals.SECONDS) + "::bigint, " + (to - RunIntervals.SECONDS) + "::bigint, "
                    + RunIntervals.SECONDS + ") e ON CONFLICT DO NOTHING");
        }
    }

    private static void query(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rs.getObject(1);
            }
        } catch (SQLException e) {
            throw new SQLException("bench statement " + sql + ": " + e.getMessage(), e);
        }
    }

    private static void check(TaskOutcome o) {
        if (o.status() != TaskOutcome.Status.SUCCEEDED) {
            throw new IllegalStateException("bench task " + o.taskId() + " " + o.status() + ": " + o.message());
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static Map<String, Long> counts(DataSource db) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("blocks", "txs", "burnchain_rewards", "burn_block_pox_txs", "pox4_events", "pox_cycles",
                    "pox_sets", "mempool_txs", "nft_events", "nft_custody")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(DISTINCT stacker) FROM pox4_events")) {
                rs.next();
                counts.put("stackers", rs.getLong(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT count(DISTINCT asset_identifier) FROM nft_events")) {
                rs.next();
                counts.put("collections", rs.getLong(1));
            }
        }
        return counts;
    }
}
