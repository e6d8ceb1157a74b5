-- Catalog #7: the principals holding at least 10,000 STX at the end of each day, in STX.
-- "timestamp" is t(D), the unix second of D 00:00 UTC, as in the original table.
CREATE TABLE whale_historical_stx_balances (
    "timestamp" bigint NOT NULL,
    whale_address text NOT NULL,
    balance numeric NOT NULL,
    PRIMARY KEY ("timestamp", whale_address)
);
