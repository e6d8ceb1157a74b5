package io.stacksdataverse.runners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.extract.stacks.db.BlockRef;
import io.stacksdataverse.extract.stacks.db.ChainCursor;
import io.stacksdataverse.extract.stacks.db.ChainBuilder;
import io.stacksdataverse.extract.stacks.db.StacksDb;
import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.spi.LayeredConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Since v9 the API keeps its tables in {@code stacks_blockchain_api}: found there when the URL names no schema. */
class StacksSchemaLocationIT {
    @Test
    void tablesInTheV9SchemaAreFoundWithoutCurrentSchemaAndAnExplicitSchemaWins() throws Exception {
        String url = TestPostgres.newDatabaseUrl();
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA stacks_blockchain_api");
        }
        PGSimpleDataSource inSchema = new PGSimpleDataSource();
        inSchema.setUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=stacks_blockchain_api");
        inSchema.setUser("postgres");
        ChainBuilder.create(inSchema).block("b1", "g", 1, 1_717_200_060L, 1_717_200_060L, 10, true).tip(1);

        StacksDb found = StacksDb.fromConfig(LayeredConfig.ofMap(Map.of("STACKS_DB_URL", url, "STACKS_DB_USER", "postgres")))
                .orElseThrow();
        Optional<BlockRef> cutoff = ChainCursor.open(found, "daily_txs").cutoff(Instant.parse("2024-06-02T00:00:00Z"));
        assertThat(cutoff).map(BlockRef::height).contains(1L);

        String publicOnly = url + (url.contains("?") ? "&" : "?") + "currentSchema=public";
        StacksDb explicit = StacksDb.fromConfig(LayeredConfig.ofMap(Map.of("STACKS_DB_URL", publicOnly,
                "STACKS_DB_USER", "postgres"))).orElseThrow();
        assertThatThrownBy(() -> ChainCursor.open(explicit, "daily_txs")).hasMessageContaining("missing table blocks")
                .hasMessageContaining("stacks_blockchain_api");
    }

    @Test
    void aStatementPastTheStatementTimeoutFails() throws Exception {
        String url = TestPostgres.newDatabaseUrl();
        StacksDb db = StacksDb.fromConfig(LayeredConfig.ofMap(Map.of("STACKS_DB_URL", url, "STACKS_DB_USER", "postgres",
                "STACKS_DB_STATEMENT_TIMEOUT", "PT0.2S"))).orElseThrow();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("SELECT pg_sleep(5)")).hasMessageContaining("statement timeout");
        }
    }
}
