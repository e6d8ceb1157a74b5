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
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default warehouse: an embedded PostgreSQL whose data lives in a folder under the working
 * directory, kept between runs. Only one process can use the folder at a time.
 */
final class EmbeddedWarehouse implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedWarehouse.class);
    static final String DATABASE = "dataverse";
    private final EmbeddedPostgres postgres;
    private final PostgresWarehouse warehouse;

    private EmbeddedWarehouse(EmbeddedPostgres postgres, PostgresWarehouse warehouse) {
        this.postgres = postgres;
        this.warehouse = warehouse;
    }

    static EmbeddedWarehouse start(Path dataDirectory, java.time.Duration statementTimeout) {
        Path dir = dataDirectory.toAbsolutePath();
        EmbeddedPostgres pg;
        try {
            Files.createDirectories(dir.getParent());
            stopStaleServer(dir);
            // No shutdown hook of its own: the host stops the database last, after the scheduler
            // has let running tasks finish.
            pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
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
        PostgresWarehouse warehouse = PostgresWarehouse.pooled(pg.getDatabase("postgres", DATABASE),
                "embedded PostgreSQL in " + dir + " (" + pg.getJdbcUrl("postgres", DATABASE) + ")", statementTimeout);
        return new EmbeddedWarehouse(pg, warehouse);
    }

    /**
     * Stops a server that a process which ended without stopping it (killed, out of memory) left
     * running on this folder. A folder whose lock another live process holds is in use: that is
     * an error, never a reason to stop anything.
     */
    static void stopStaleServer(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Path lockFile = dir.resolve("epg-lock");
        if (Files.exists(lockFile)) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                 FileLock lock = channel.tryLock()) {
                if (lock == null) {
                    throw new IllegalStateException("another dataverse process is using the embedded PostgreSQL in " + dir);
                }
            } catch (OverlappingFileLockException e) {
                throw new IllegalStateException("this process already runs the embedded PostgreSQL in " + dir, e);
            }
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || !lines.get(0).trim().matches("\\d+")) {
            return;
        }
        Optional<ProcessHandle> server = ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false));
        if (server.isEmpty()) {
            return;
        }
        ProcessHandle p = server.get();
        LOG.warn("stopping the PostgreSQL server (pid {}) that an ended process left running in {}", p.pid(), dir);
        p.destroy();
        try {
            p.onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            p.destroyForcibly();
            p.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping a stale PostgreSQL server", e);
        } catch (ExecutionException e) {
            throw new IOException("cannot stop a stale PostgreSQL server: " + e.getMessage(), e);
        }
    }

    PostgresWarehouse warehouse() {
        return warehouse;
    }

    @Override
    public void close() {
        warehouse.close();
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
