-- Catalogs #37–38: one row per NFT trade (a canonical transaction with an NFT transfer and a
-- positive STX outflow), filled by block height, so a half-hourly run reads only the blocks added
-- since the newest run. The progress row says which heights the table covers and where the
-- newest run stopped, to detect a reorganisation.
CREATE TABLE nft_trades (
    tx_id bytea NOT NULL,
    index_block_hash bytea NOT NULL,
    block_height integer NOT NULL,
    burn_block_time bigint NOT NULL,
    volume_ustx bigint NOT NULL CHECK (volume_ustx > 0),
    PRIMARY KEY (tx_id, index_block_hash)
);
CREATE INDEX nft_trades_block_height_index ON nft_trades (block_height);
CREATE TABLE nft_trades_progress (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    low_height integer NOT NULL,          -- the table holds every trade of the heights low_height..last_height
    last_height integer NOT NULL,
    last_index_block_hash bytea NOT NULL,
    last_interval_end bigint NOT NULL,    -- E of the run that stopped there (the reorg margin counts back from it)
    updated_at timestamptz NOT NULL DEFAULT now()
);
