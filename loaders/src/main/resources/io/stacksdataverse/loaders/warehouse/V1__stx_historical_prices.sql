-- Catalog #9: hourly STX/USD closes. One row per hour start; re-runs upsert.
CREATE TABLE stx_historical_prices (
    unix_timestamp bigint PRIMARY KEY CHECK (unix_timestamp % 3600 = 0),
    price_usd double precision NOT NULL CHECK (price_usd > 0)
);
