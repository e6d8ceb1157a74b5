package io.stacksdataverse.paths;

/** Names of the warehouse tables: the two published ones and the state the runners keep. */
public final class TableNames {
    private TableNames() {
    }

    /** Catalog #9: hourly STX/USD closes, {@code (unix_timestamp, price_usd)}. */
    public static final String STX_HISTORICAL_PRICES = "stx_historical_prices";
    /** Catalog #7: whale balances per day. */
    public static final String WHALE_HISTORICAL_STX_BALANCES = "whale_historical_stx_balances";
    /** The chain tip seen by each run of {@code sanity_check}, by execution date. */
    public static final String SANITY_CHECK_STATE = "sanity_check_state";
    /** Every task execution with its status and the result it handed downstream. */
    public static final String TASK_RUNS = "dataverse_task_runs";
    /** The versioned schema migrations that have been applied. */
    public static final String SCHEMA_HISTORY = "dataverse_schema_history";
}
