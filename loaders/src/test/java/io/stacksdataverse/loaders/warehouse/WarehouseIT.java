package io.stacksdataverse.loaders.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.loaders.testing.TestPostgres;
import io.stacksdataverse.spi.SchemaMigration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WarehouseIT {
    private DataSource ds;
    private DSLContext dsl;

    @BeforeEach
    void setUp() throws Exception {
        ds = TestPostgres.newDatabase();
        SchemaMigrator.migrate(ds, WarehouseMigrations.all());
        dsl = PostgresWarehouse.dsl(new PostgresWarehouse(ds, "test"));
    }

    @Test
    void migrationsRunOnceAndAChangedMigrationFailsTheStart() throws Exception {
        assertThat(SchemaMigrator.migrate(ds, WarehouseMigrations.all())).isEmpty();
        SchemaMigration changed = new SchemaMigration("warehouse", 1, "stx_historical_prices", "SELECT 1");
        assertThatThrownBy(() -> SchemaMigrator.migrate(ds, List.of(changed)))
                .hasMessageContaining("warehouse V1")
                .hasMessageContaining("changed after it was applied");
    }

    @Test
    void aFailingMigrationLeavesNothingBehind() {
        SchemaMigration bad = new SchemaMigration("fork", 1, "broken", "CREATE TABLE fork_t (x int); SELECT nope;");
        assertThatThrownBy(() -> SchemaMigrator.migrate(ds, List.of(bad))).hasMessageContaining("fork V1 (broken) failed");
        assertThat(dsl.fetchValue("SELECT to_regclass('fork_t')::text")).isNull();
        assertThatThrownBy(() -> SchemaMigrator.migrate(ds, List.of(new SchemaMigration("fork", 2, "gap", "SELECT 1"))))
                .hasMessageContaining("without gaps");
    }

    @Test
    void missingHoursComeAsIslandsAndUpsertIsIdempotent() {
        long h = 1_717_200_000L;
        Map<Long, Double> prices = new TreeMap<>();
        for (int i = 0; i < 24; i++) {
            if (i != 5 && i != 6 && i != 20) {
                prices.put(h + i * 3600L, 1.0 + i);
            }
        }
        assertThat(StxPriceTable.upsert(dsl, prices)).isEqualTo(21);
        assertThat(StxPriceTable.upsert(dsl, prices)).as("same prices change nothing").isZero();
        assertThat(StxPriceTable.missingRanges(dsl, h, h + 24 * 3600L)).containsExactly(
                new StxPriceTable.HourRange(h + 5 * 3600L, h + 6 * 3600L),
                new StxPriceTable.HourRange(h + 20 * 3600L, h + 20 * 3600L));
        assertThat(StxPriceTable.missingRanges(dsl, h - 3600, h)).containsExactly(new StxPriceTable.HourRange(h - 3600, h - 3600));
        assertThat(StxPriceTable.upsert(dsl, Map.of(h, 9.5))).as("a changed close is updated").isEqualTo(1);
        assertThat(StxPriceTable.read(dsl, h, h + 2 * 3600L)).containsExactly(Map.entry(h, 9.5), Map.entry(h + 3600L, 2.0));
        assertThat(dsl.fetchCount(StxPriceTable.TABLE)).isEqualTo(21);
    }

    @Test
    void sanityStateComparesWithTheLatestEarlierDate() {
        LocalDate d = LocalDate.of(2024, 6, 1);
        assertThat(SanityCheckTable.latestBefore(dsl, d)).isEmpty();
        SanityCheckTable.record(dsl, d.minusDays(2), 100, Instant.EPOCH);
        SanityCheckTable.record(dsl, d, 120, Instant.EPOCH);
        SanityCheckTable.record(dsl, d.minusDays(1), 110, Instant.EPOCH);
        SanityCheckTable.record(dsl, d.minusDays(1), 111, Instant.EPOCH);
        assertThat(SanityCheckTable.latestBefore(dsl, d)).contains(new SanityCheckTable.Seen(d.minusDays(1), 111));
    }
}
