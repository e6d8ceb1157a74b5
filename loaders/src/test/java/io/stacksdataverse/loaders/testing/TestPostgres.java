package io.stacksdataverse.loaders.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One embedded PostgreSQL server per test JVM (started on first use, stopped at exit); each
 * caller gets a database of its own, so tests never see each other's rows.
 */
public final class TestPostgres {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        return server;
    }

    /** A new, empty database. */
    public static DataSource newDatabase() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return server().getDatabase("postgres", name);
    }

    /** The JDBC URL of a database created by {@link #newDatabaseUrl()}. */
    public static String newDatabaseUrl() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return server().getJdbcUrl("postgres", name);
    }

    /** A new database with the warehouse schema applied, as a warehouse. */
    public static io.stacksdataverse.loaders.warehouse.PostgresWarehouse newWarehouse() {
        DataSource ds = newDatabase();
        try {
            io.stacksdataverse.loaders.warehouse.SchemaMigrator.migrate(ds,
                    io.stacksdataverse.loaders.warehouse.WarehouseMigrations.all());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot migrate a test warehouse", e);
        }
        return new io.stacksdataverse.loaders.warehouse.PostgresWarehouse(ds, "test warehouse");
    }
}
