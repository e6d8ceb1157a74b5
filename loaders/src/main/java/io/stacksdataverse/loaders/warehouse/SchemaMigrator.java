package io.stacksdataverse.loaders.warehouse;

import io.stacksdataverse.paths.TableNames;
import io.stacksdataverse.spi.SchemaMigration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the warehouse schema up to date: every {@link SchemaMigration} not yet applied runs once,
 * in namespace and version order, each in its own transaction, under an advisory lock so that two
 * hosts starting together do not race. An applied migration whose SQL changed fails the start.
 */
public final class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final long LOCK_KEY = 0x5DA7A_5E_11L;
    private static final String HISTORY = TableNames.SCHEMA_HISTORY;

    private SchemaMigrator() {
    }

    /** Applies what is missing; returns the migrations that ran now. */
    public static List<SchemaMigration> migrate(DataSource dataSource, Collection<SchemaMigration> migrations) throws SQLException {
        Map<String, TreeMap<Integer, SchemaMigration>> byNamespace = new TreeMap<>();
        for (SchemaMigration m : migrations) {
            SchemaMigration previous = byNamespace.computeIfAbsent(m.namespace(), k -> new TreeMap<>()).put(m.version(), m);
            if (previous != null && !previous.sql().equals(m.sql())) {
                throw new IllegalStateException("two different migrations " + m.namespace() + " V" + m.version());
            }
        }
        byNamespace.forEach((ns, versions) -> {
            int expected = 1;
            for (int v : versions.keySet()) {
                if (v != expected++) {
                    throw new IllegalStateException("migrations of " + ns + " must be numbered 1, 2, 3… without gaps; found " + versions.keySet());
                }
            }
        });
        List<SchemaMigration> applied = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
            }
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS " + HISTORY + " (namespace text NOT NULL, version int NOT NULL, "
                            + "description text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), "
                            + "PRIMARY KEY (namespace, version))");
                }
                Map<String, String> done = new TreeMap<>();
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT namespace, version, checksum FROM " + HISTORY)) {
                    while (rs.next()) {
                        done.put(rs.getString(1) + "/" + rs.getInt(2), rs.getString(3));
                    }
                }
                for (TreeMap<Integer, SchemaMigration> versions : byNamespace.values()) {
                    for (SchemaMigration m : versions.values()) {
                        String checksum = checksum(m.sql());
                        String key = m.namespace() + "/" + m.version();
                        if (done.containsKey(key)) {
                            if (!done.get(key).equals(checksum)) {
                                throw new IllegalStateException("migration " + m.namespace() + " V" + m.version() + " ("
                                        + m.description() + ") was changed after it was applied; add a new version instead");
                            }
                            continue;
                        }
                        apply(c, m, checksum);
                        applied.add(m);
                    }
                }
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
                }
            }
        }
        return applied;
    }

    private static void apply(Connection c, SchemaMigration m, String checksum) throws SQLException {
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute(m.sql());
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + HISTORY
                    + " (namespace, version, description, checksum) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, m.namespace());
                ps.setInt(2, m.version());
                ps.setString(3, m.description());
                ps.setString(4, checksum);
                ps.executeUpdate();
            }
            c.commit();
            LOG.info("applied warehouse migration {} V{} ({})", m.namespace(), m.version(), m.description());
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("warehouse migration " + m.namespace() + " V" + m.version() + " (" + m.description()
                    + ") failed: " + e.getMessage(), e.getSQLState(), e);
        } finally {
            c.setAutoCommit(true);
        }
    }

    static String checksum(String sql) {
        try {
            String normalized = sql.replace("\r\n", "\n").strip();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
