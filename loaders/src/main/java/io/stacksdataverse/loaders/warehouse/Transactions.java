package io.stacksdataverse.loaders.warehouse;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Work on one warehouse connection in one transaction: committed when it returns, rolled back when it throws. */
public final class Transactions {
    /** The statements of one transaction. */
    @FunctionalInterface
    public interface Work {
        void run(Connection c) throws SQLException;
    }

    private Transactions() {
    }

    public static void inTransaction(DataSource warehouse, Work work) throws SQLException {
        try (Connection c = warehouse.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }
}
