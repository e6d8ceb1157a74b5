package io.stacksdataverse.loaders.warehouse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams rows into PostgreSQL with {@code COPY … FROM STDIN (FORMAT csv)}, in 256 KiB chunks, so
 * millions of rows load in one statement with bounded memory.
 */
public final class PgCopyWriter implements AutoCloseable {
    private static final int CHUNK = 256 * 1024;
    private final CopyIn copy;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(CHUNK + 1024);
    private long rows;
    private boolean done;

    /** Starts {@code COPY table (columns) FROM STDIN} on the connection (which must be PostgreSQL's). */
    public PgCopyWriter(Connection connection, String table, String... columns) throws SQLException {
        this(connection, false, table, columns);
    }

    private PgCopyWriter(Connection connection, boolean freeze, String table, String... columns) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        this.copy = pg.getCopyAPI().copyIn("COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN (FORMAT csv"
                + (freeze ? ", FREEZE" : "") + ")");
    }

    /**
     * {@code COPY … (FREEZE)} into a table created or truncated earlier in the same transaction: the
     * rows are written frozen and visible to all, so later index lookups need not visit the table.
     */
    public static PgCopyWriter frozen(Connection connection, String table, String... columns) throws SQLException {
        return new PgCopyWriter(connection, true, table, columns);
    }

    /** One row; every cell is written as a quoted CSV field ({@code null} as an empty, unquoted one). */
    public void row(Object... cells) throws SQLException {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            if (cells[i] != null) {
                line.append('"').append(String.valueOf(cells[i]).replace("\"", "\"\"")).append('"');
            }
        }
        line.append('\n');
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        buffer.write(bytes, 0, bytes.length);
        rows++;
        if (buffer.size() >= CHUNK) {
            flush();
        }
    }

    /** One row already encoded as a CSV line (ending with a newline), e.g. as another PostgreSQL's COPY wrote it. */
    public void csvLine(byte[] line) throws SQLException {
        buffer.write(line, 0, line.length);
        rows++;
        if (buffer.size() >= CHUNK) {
            flush();
        }
    }

    private void flush() throws SQLException {
        if (buffer.size() > 0) {
            byte[] chunk = buffer.toByteArray();
            copy.writeToCopy(chunk, 0, chunk.length);
            buffer.reset();
        }
    }

    /** Ends the COPY; returns the rows written. */
    public long finish() throws SQLException {
        flush();
        done = true;
        copy.endCopy();
        return rows;
    }

    @Override
    public void close() throws SQLException {
        if (!done && copy.isActive()) {
            copy.cancelCopy();
        }
    }
}
