package io.stacksdataverse.extract.stacks.db;

import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.ErrorReasons;
import io.stacksdataverse.spi.LayeredConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A read-only, pooled connection to a Stacks Blockchain API database (the indexer's PostgreSQL, not
 * the warehouse): where its tables are, whether a family's tables are there, and how a failed read
 * is named. The queries live with their family ({@code chain}, {@code balances}, {@code supply}).
 */
public final class StacksDb {
    public static final String SOURCE = "stacks-db";
    /** The schema subset we read, as DDL, for tests and the benchmark's synthetic database. */
    public static final String SUBSET_DDL_RESOURCE = "/io/stacksdataverse/extract/stacks/db/stacks-api-schema-subset.sql";
    /** Longest a single statement may run on the Stacks API database ({@code STACKS_DB_STATEMENT_TIMEOUT}, 0: none). */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = StacksDbSettings.DEFAULT_STATEMENT_TIMEOUT;
    /** How long one connection attempt may take; the pool waits twice that before it names the last failure. */
    static final int CONNECT_TIMEOUT_SECONDS = 5;
    /** The schema the API (v9 and later, {@code PG_SCHEMA}) keeps its tables in by default; v8 used {@code public}. */
    public static final String V9_SCHEMA = "stacks_blockchain_api";
    /**
     * Run on each new connection when the URL names no schema: when the search path finds no {@code blocks} table
     * and {@value #V9_SCHEMA} has one, that schema becomes the search path (an explicit currentSchema always wins).
     */
    static final String V9_SCHEMA_FALLBACK = "SELECT set_config('search_path', CASE WHEN to_regclass('blocks') IS NULL"
            + " AND to_regclass('" + V9_SCHEMA + ".blocks') IS NOT NULL THEN '" + V9_SCHEMA + "'"
            + " ELSE current_setting('search_path') END, false)";
    /** PostgreSQL's SQLState for a statement cancelled, here by {@code statement_timeout}. */
    static final String QUERY_CANCELED = "57014";

    private final DataSource dataSource;
    private final String description;
    // Once per process and family: an API upgrade that drops a column needs a restart to be seen.
    private final Set<String> checkedFamilies = ConcurrentHashMap.newKeySet();
    // Unpooled connections, tried once before the pool's first use: a refused connection fails at once with its reason,
    // where the pool would wait out its timeout first; null when the caller hands over its own connections.
    private final DataSource probe;
    private volatile boolean reached;

    public StacksDb(DataSource dataSource, String description) {
        this(dataSource, description, null);
    }

    private StacksDb(DataSource dataSource, String description, DataSource probe) {
        this.dataSource = dataSource;
        this.description = description;
        this.probe = probe;
    }

    /**
     * The database named by {@code STACKS_DB_URL} ({@code jdbc:postgresql://host:5432/stacks_blockchain_api}; with no
     * {@code ?currentSchema=} the tables are found in the search path or else in {@value #V9_SCHEMA}),
     * {@code STACKS_DB_USER}, {@code STACKS_DB_PASSWORD}; empty when it is not configured.
     */
    public static Optional<StacksDb> fromConfig(Config config) {
        StacksDbSettings settings = StacksDbSettings.read(config);
        if (settings.url().isEmpty()) {
            return Optional.empty();
        }
        String url = settings.url().get();
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException("STACKS_DB_URL must be a jdbc:postgresql: URL, got " + LayeredConfig.sanitize(url));
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        settings.user().ifPresent(ds::setUser);
        settings.password().ifPresent(p -> ds.setPassword(p.reveal()));
        ds.setReadOnly(true);
        ds.setApplicationName("stacks-dataverse");
        ds.setDefaultRowFetchSize(10_000);
        ds.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        ds.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
        // A hung query must not hold a scheduler thread forever while heartbeats keep flowing.
        Duration statementTimeout = settings.statementTimeout();
        if (!statementTimeout.isZero()) {
            ds.setOptions("-c statement_timeout=" + statementTimeout.toMillis());
        }
        boolean schemaNamed = url.matches("(?i).*[?&]currentSchema=.*");
        return Optional.of(pooled(ds, LayeredConfig.sanitize(url), schemaNamed ? null : V9_SCHEMA_FALLBACK, ds));
    }

    /** A Stacks database over connections from {@code connections}, pooled (at most 4 open), read-only. */
    public static StacksDb pooled(DataSource connections, String description) {
        return pooled(connections, description, null, null);
    }

    private static StacksDb pooled(DataSource connections, String description, String connectionInitSql, DataSource probe) {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setDataSource(connections);
        if (connectionInitSql != null) {
            config.setConnectionInitSql(connectionInitSql);
        }
        config.setPoolName("stacks-db");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setReadOnly(true);
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(2_000L * CONNECT_TIMEOUT_SECONDS);
        return new StacksDb(new com.zaxxer.hikari.HikariDataSource(config), description, probe);
    }

    public static String subsetDdl() {
        try (InputStream in = StacksDb.class.getResourceAsStream(SUBSET_DDL_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String describe() {
        return description;
    }

    public DSLContext dsl() {
        return DSL.using(dataSource, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
    }

    private void probeUntilReached(String dataset) throws StacksDatabaseException {
        if (probe == null || reached) {
            return;
        }
        try (Connection c = probe.getConnection()) {
            reached = true;
        } catch (SQLException e) {
            throw new StacksDatabaseException(dataset + ": cannot connect to " + SOURCE + " " + description + ": " + ErrorReasons.of(e), e);
        }
    }

    /** Opens and closes a connection: fails fast with the database named when it cannot be reached. */
    public void ping() throws StacksDatabaseException {
        try (Connection c = dataSource.getConnection()) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new StacksDatabaseException("cannot connect to " + SOURCE + " " + description + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fails, naming the dataset and what is missing, when a table or column of {@code tables} is
     * absent (an API version without it, or a wrong database or schema). Each family is checked
     * the first time one of its datasets runs, so a database serves the datasets it can.
     */
    public void requireTables(String dataset, StacksSchema.TableSet tables) throws StacksDatabaseException {
        if (checkedFamilies.contains(tables.family())) {
            return;
        }
        probeUntilReached(dataset);
        Map<String, List<String>> present = new TreeMap<>();
        try {
            dsl().resultQuery("SELECT table_name, column_name FROM information_schema.columns"
                            + " WHERE table_schema = ANY (current_schemas(false))")
                    .fetch()
                    .forEach(r -> present.computeIfAbsent(r.get(0, String.class), k -> new ArrayList<>()).add(r.get(1, String.class)));
        } catch (RuntimeException e) {
            throw new StacksDatabaseException(dataset + ": cannot read the schema of " + description + ": " + ErrorReasons.of(e), e);
        }
        List<String> missing = new ArrayList<>();
        tables.columns().forEach((table, columns) -> {
            List<String> have = present.get(table);
            if (have == null) {
                missing.add("table " + table);
            } else {
                columns.stream().filter(c -> !have.contains(c)).forEach(c -> missing.add(table + "." + c));
            }
        });
        if (!missing.isEmpty()) {
            throw new StacksDatabaseStateException(dataset + ": " + SOURCE + " " + description + " is not a Stacks Blockchain API"
                    + " database this version can read for the " + tables.family() + " datasets (v8.15 or later): missing "
                    + String.join(", ", missing) + ". The tables are looked for in the search path, then in " + V9_SCHEMA
                    + " (the API's default since v9); if the API keeps them in another schema, add ?currentSchema=<schema>"
                    + " to STACKS_DB_URL.");
        }
        checkedFamilies.add(tables.family());
    }

    /** A read on one connection. */
    @FunctionalInterface
    public interface Read<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code read} on a pooled connection; a failure names the dataset and the query ({@link #failure}). */
    public <T> T read(String dataset, String what, Read<T> read) {
        try (Connection c = dataSource.getConnection()) {
            return read.run(c);
        } catch (SQLException | DataAccessException e) {
            throw failure(dataset, what, e);
        }
    }

    /** Runs a jOOQ query; a failure names the dataset and the query ({@link #failure}). */
    public <T> T query(String dataset, String what, java.util.function.Function<DSLContext, T> query) {
        try {
            return query.apply(dsl());
        } catch (DataAccessException e) {
            throw failure(dataset, what, e);
        }
    }

    /**
     * The error of a failed read, naming the dataset it served, the query and the database; a
     * statement cancelled by {@code statement_timeout} gives a {@link StacksQueryTimeoutException}.
     */
    public DataAccessException failure(String dataset, String what, Exception e) {
        String where = dataset + ": " + SOURCE + " " + description + ": " + what;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
                return new StacksQueryTimeoutException(where + ": cancelled by the statement timeout (STACKS_DB_STATEMENT_TIMEOUT): "
                        + sql.getMessage(), e);
            }
        }
        return new DataAccessException(where + ": " + e.getMessage(), e);
    }

    /**
     * Turns parallel query off for the rest of the transaction: a read of a few days' blocks takes a
     * few milliseconds, less than starting the workers would.
     */
    public static void serial(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL max_parallel_workers_per_gather = 0");
        }
    }
}
