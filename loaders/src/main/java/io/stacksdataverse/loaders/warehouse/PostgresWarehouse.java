package io.stacksdataverse.loaders.warehouse;

import io.stacksdataverse.spi.Secret;
import io.stacksdataverse.spi.Warehouse;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The warehouse on PostgreSQL, used through jOOQ. */
public final class PostgresWarehouse implements Warehouse, AutoCloseable {
    private final DataSource dataSource;
    private final String description;

    public PostgresWarehouse(DataSource dataSource, String description) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.description = Objects.requireNonNull(description, "description");
    }

    /** A warehouse at a JDBC URL ({@code jdbc:postgresql://host:5432/db}), with a small connection pool. */
    public static PostgresWarehouse connect(String jdbcUrl, String user, Secret password) {
        return connect(jdbcUrl, user, password, Duration.ZERO);
    }

    /**
     * {@link #connect(String, String, Secret)}, each statement cancelled by the server after
     * {@code statementTimeout} ({@link Duration#ZERO}: never).
     */
    public static PostgresWarehouse connect(String jdbcUrl, String user, Secret password, Duration statementTimeout) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException("DATAVERSE_DB_URL must be a jdbc:postgresql: URL, got "
                    + io.stacksdataverse.spi.LayeredConfig.sanitize(jdbcUrl));
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        if (user != null) {
            ds.setUser(user);
        }
        if (password != null) {
            ds.setPassword(password.reveal());
        }
        ds.setApplicationName("stacks-dataverse");
        ds.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        ds.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
        String description = io.stacksdataverse.spi.LayeredConfig.sanitize(jdbcUrl);
        probe(ds, "the warehouse", description);
        return pooled(ds, description, statementTimeout);
    }

    /** How long one connection attempt may take before the server counts as unreachable. */
    public static final int CONNECT_TIMEOUT_SECONDS = 5;

    /**
     * Opens one connection before a pool exists, so that an unreachable server, an unknown host or a wrong
     * password fails within seconds with the server's own reason instead of a pool's timeout that names none.
     */
    public static void probe(DataSource connections, String what, String description) {
        try (java.sql.Connection c = connections.getConnection()) {
            c.isValid(CONNECT_TIMEOUT_SECONDS);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot connect to " + what + " at " + description + ": " + io.stacksdataverse.spi.ErrorReasons.of(e), e);
        }
    }


    /** A warehouse over connections from {@code connections}, pooled (at most 6 open). */
    public static PostgresWarehouse pooled(DataSource connections, String description) {
        return pooled(connections, description, Duration.ZERO);
    }

    /**
     * {@link #pooled(DataSource, String)}, each connection's statements cancelled by the server
     * after {@code statementTimeout} ({@link Duration#ZERO}: never): a hung query then fails its
     * task instead of holding a scheduler thread while heartbeats keep flowing.
     */
    public static PostgresWarehouse pooled(DataSource connections, String description, Duration statementTimeout) {
        if (statementTimeout.isNegative()) {
            throw new IllegalArgumentException("a statement timeout must not be negative, got " + statementTimeout);
        }
        HikariConfig config = new HikariConfig();
        config.setDataSource(connections);
        if (!statementTimeout.isZero()) {
            // On each new connection, whatever the data source: the embedded database's too.
            config.setConnectionInitSql("SET statement_timeout = " + Math.max(1, statementTimeout.toMillis()));
        }
        config.setPoolName("warehouse");
        config.setMaximumPoolSize(6);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(30_000);
        config.setInitializationFailTimeout(-1);
        return new PostgresWarehouse(new HikariDataSource(config), description);
    }

    /** A jOOQ context over a warehouse. */
    public static DSLContext dsl(Warehouse warehouse) {
        return DSL.using(warehouse.dataSource(), SQLDialect.POSTGRES,
                new Settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_QUOTED)
                        .withExecuteLogging(false));
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public String describe() {
        return description;
    }

    /** Closes the connection pool, if this warehouse has one. */
    @Override
    public void close() {
        if (dataSource instanceof HikariDataSource pool) {
            pool.close();
        }
    }
}
