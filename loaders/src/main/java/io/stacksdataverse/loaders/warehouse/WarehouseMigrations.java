package io.stacksdataverse.loaders.warehouse;

import io.stacksdataverse.spi.SchemaMigration;
import java.util.List;

/** The warehouse tables every installation has (namespace {@code warehouse}). */
public final class WarehouseMigrations {
    public static final String NAMESPACE = "warehouse";

    private WarehouseMigrations() {
    }

    public static List<SchemaMigration> all() {
        return List.of(
                SchemaMigration.fromResource(WarehouseMigrations.class, NAMESPACE, 1, "stx_historical_prices",
                        "V1__stx_historical_prices.sql"),
                SchemaMigration.fromResource(WarehouseMigrations.class, NAMESPACE, 2, "sanity_check_state",
                        "V2__sanity_check_state.sql"),
                SchemaMigration.fromResource(WarehouseMigrations.class, NAMESPACE, 3, "chain_state",
                        "V3__chain_state.sql"),
                SchemaMigration.fromResource(WarehouseMigrations.class, NAMESPACE, 4, "chain_principals",
                        "V4__chain_principals.sql"),
                SchemaMigration.fromResource(WarehouseMigrations.class, NAMESPACE, 5, "whale_historical_stx_balances",
                        "V5__whale_historical_stx_balances.sql"),
                SchemaMigration.fromResource(WarehouseMigrations.class, NAMESPACE, 6, "chain_principals_bytewise",
                        "V6__chain_principals_bytewise.sql"),
                SchemaMigration.fromResource(WarehouseMigrations.class, NAMESPACE, 7, "halfhourly_state",
                        "V7__halfhourly_state.sql"),
                SchemaMigration.fromResource(WarehouseMigrations.class, NAMESPACE, 8, "committed_sats_checkpoints",
                        "V8__committed_sats_checkpoints.sql"),
                SchemaMigration.fromResource(WarehouseMigrations.class, NAMESPACE, 9, "nft_trades",
                        "V9__nft_trades.sql"),
                SchemaMigration.fromResource(WarehouseMigrations.class, NAMESPACE, 10, "nft_supply_state",
                        "V10__nft_supply_state.sql"));
    }
}
