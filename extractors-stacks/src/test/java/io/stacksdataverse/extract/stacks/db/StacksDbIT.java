package io.stacksdataverse.extract.stacks.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.extract.stacks.db.balances.BalanceQueries;
import io.stacksdataverse.extract.stacks.db.chain.ChainQueries;
import io.stacksdataverse.extract.stacks.db.supply.SupplyQueries;
import io.stacksdataverse.spi.LayeredConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The connection part against a real PostgreSQL: per-family table checks and the statement timeout. */
class StacksDbIT {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    /** A new database holding the schema subset and one canonical block; its JDBC URL. */
    private static String newChain() throws Exception {
        String name = "chain_" + COUNTER.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        ChainBuilder.create(pg.getDatabase("postgres", name))
                .block("b1", "g", 1, 1_717_200_060L, 1_717_200_060L, 10, true)
                .tx("t1", "b1", 1, 1_717_200_060L, 0, true, true, "SP1", 180)
                .tip(1);
        return pg.getJdbcUrl("postgres", name);
    }

    private static StacksDb connect(String url, String statementTimeout) {
        return StacksDb.fromConfig(LayeredConfig.ofMap(Map.of("STACKS_DB_URL", url, "STACKS_DB_USER", "postgres",
                "STACKS_DB_STATEMENT_TIMEOUT", statementTimeout))).orElseThrow();
    }

    @Test
    void aDatabaseWithoutOneFamilysTableServesTheOthersAndNamesTheMissingTable() throws Exception {
        String url = newChain();
        try (Connection c = pg.getDatabase("postgres", url.substring(url.lastIndexOf('/') + 1).split("\\?")[0]).getConnection();
             Statement s = c.createStatement()) {
            s.execute("DROP TABLE ft_balances");
        }
        StacksDb db = connect(url, "PT1M");

        assertThat(ChainQueries.open(db, "daily_txs").dailyTxCounts(0, Integer.MAX_VALUE, 1)).containsEntry(1_717_200_000L, 1L);
        assertThat(SupplyQueries.open(db, "market_caps").dailySupplyChanges(0, Integer.MAX_VALUE, 1, 0)).isEmpty();
        assertThat(ChainCursor.open(db, "sanity_check").tipHeight()).as("chain_tip without stx_supply").isEqualTo(1);
        assertThatThrownBy(() -> BalanceQueries.open(db, "wallet_balances"))
                .isInstanceOf(StacksDatabaseStateException.class)
                .hasMessageStartingWith("wallet_balances: ")
                .hasMessageContaining("missing table ft_balances")
                .hasMessageNotContaining("stx_supply");
    }

    @Test
    void aQueryPastTheStatementTimeoutFailsNamingItsDataset() throws Exception {
        String url = newChain();
        StacksDb db = connect(url, "PT0.2S");
        ChainQueries queries = ChainQueries.open(db, "daily_txs");
        // Another session holds the table: the read waits until the statement timeout cancels it.
        try (Connection holder = pg.getDatabase("postgres", url.substring(url.lastIndexOf('/') + 1).split("\\?")[0])
                .getConnection(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE txs IN ACCESS EXCLUSIVE MODE");
            long started = System.nanoTime();
            assertThatThrownBy(() -> queries.dailyTxCounts(0, Integer.MAX_VALUE, 1))
                    .isInstanceOf(StacksQueryTimeoutException.class)
                    .hasMessageStartingWith("daily_txs: stacks-db ")
                    .hasMessageContaining("transactions per day")
                    .hasMessageContaining("STACKS_DB_STATEMENT_TIMEOUT");
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms until cancelled").isLessThan(10_000);
            holder.rollback();
        }
        assertThat(queries.dailyTxCounts(0, Integer.MAX_VALUE, 1)).as("the pooled connection is usable again").hasSize(1);
        assertThat(new ChainCursor(db, "txs_per_block").cutoff(Instant.parse("2024-06-02T00:00:00Z"))).isPresent();
    }
}
