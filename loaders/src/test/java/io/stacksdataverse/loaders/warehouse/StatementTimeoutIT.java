package io.stacksdataverse.loaders.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.loaders.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The warehouse's connections carry a {@code statement_timeout}: a hung query fails instead of holding its thread. */
class StatementTimeoutIT {

    @Test
    void aStatementPastTheTimeoutIsCancelledByTheServer() throws Exception {
        try (PostgresWarehouse warehouse = PostgresWarehouse.pooled(TestPostgres.newDatabase(), "test", Duration.ofMillis(300))) {
            assertThat(show(warehouse)).isEqualTo("300ms");
            try (Connection c = warehouse.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_sleep(0.05)"); // within the timeout
                long started = System.nanoTime();
                assertThatThrownBy(() -> s.execute("SELECT pg_sleep(30)")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("statement timeout")
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void aWarehouseAtAUrlHasItToo() throws Exception {
        try (PostgresWarehouse warehouse = PostgresWarehouse.connect(TestPostgres.newDatabaseUrl(), null, null, Duration.ofMinutes(30))) {
            assertThat(show(warehouse)).isEqualTo("30min");
        }
    }

    @Test
    void zeroMeansNone() throws Exception {
        try (PostgresWarehouse warehouse = PostgresWarehouse.pooled(TestPostgres.newDatabase(), "test", Duration.ZERO)) {
            assertThat(show(warehouse)).isEqualTo("0");
        }
        assertThatThrownBy(() -> PostgresWarehouse.pooled(TestPostgres.newDatabase(), "test", Duration.ofSeconds(-1)))
                .hasMessageContaining("must not be negative");
    }

    private static String show(PostgresWarehouse warehouse) throws SQLException {
        try (Connection c = warehouse.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
