package io.stacksdataverse.host;

import io.stacksdataverse.loaders.warehouse.PostgresWarehouse;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The default warehouse: an embedded PostgreSQL whose data lives in a folder under the working
 * directory, kept between runs. Only one process can use the folder at a time.
 */
final class EmbeddedWarehouse implements AutoCloseable {
    static final String DATABASE = "dataverse";
    private final EmbeddedPostgres postgres;
    private final PostgresWarehouse warehouse;

    private EmbeddedWarehouse(EmbeddedPostgres postgres, PostgresWarehouse warehouse) {
        this.postgres = postgres;
        this.warehouse = warehouse;
    }

    static EmbeddedWarehouse start(Path dataDirectory) {
        Path dir = dataDirectory.toAbsolutePath();
        EmbeddedPostgres pg;
        try {
            Files.createDirectories(dir.getParent());
            pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL in " + dir + ": " + e.getMessage()
                    + ". Is another dataverse process using this folder? A folder made by another PostgreSQL major"
                    + " version cannot be opened either: move it away, or set DATAVERSE_DB_URL to use a server.", e);
        }
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            boolean exists;
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            closeQuietly(pg);
            throw new IllegalStateException("cannot create the warehouse database in the embedded PostgreSQL: " + e.getMessage(), e);
        }
        PostgresWarehouse warehouse = new PostgresWarehouse(pg.getDatabase("postgres", DATABASE),
                "embedded PostgreSQL in " + dir + " (" + pg.getJdbcUrl("postgres", DATABASE) + ")");
        return new EmbeddedWarehouse(pg, warehouse);
    }

    PostgresWarehouse warehouse() {
        return warehouse;
    }

    @Override
    public void close() {
        closeQuietly(postgres);
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException ignored) {
            // stopping a server we are leaving anyway
        }
    }
}
