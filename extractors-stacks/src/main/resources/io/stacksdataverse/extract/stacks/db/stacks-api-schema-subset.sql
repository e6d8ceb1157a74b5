-- The part of the Stacks Blockchain API database that the Stacks Dataverse reads: the tables and
-- columns with the types and indexes of the API's own migrations (hirosystems/stacks-blockchain-api,
-- migrations/, v8.x to 9.0; `block_time` of blocks and txs since the Nakamoto release, 2024).
-- Tests and the benchmark build a database from this file; a real API database has more columns.
-- chain_tip.stx_supply (unreleased, migration 1779800000009) is left out: nothing may require it.

CREATE TABLE blocks (
    index_block_hash bytea PRIMARY KEY,
    block_hash bytea NOT NULL,
    block_height integer NOT NULL,
    burn_block_time integer NOT NULL,
    burn_block_height integer NOT NULL,
    miner_txid bytea NOT NULL,
    parent_index_block_hash bytea NOT NULL,
    canonical boolean NOT NULL,
    tx_count int NOT NULL DEFAULT 1,
    block_time integer NOT NULL DEFAULT 0,
    tenure_height integer
);
CREATE INDEX blocks_block_height_index ON blocks (block_height DESC);
CREATE INDEX blocks_burn_block_height_index ON blocks (burn_block_height DESC);
CREATE INDEX blocks_canonical_block_time_desc_idx ON blocks (block_time DESC) WHERE canonical = true;

CREATE TABLE txs (
    id serial PRIMARY KEY,
    tx_id bytea NOT NULL,
    tx_index smallint NOT NULL,
    index_block_hash bytea NOT NULL,
    block_hash bytea NOT NULL,
    block_height integer NOT NULL,
    burn_block_time integer NOT NULL,
    burn_block_height integer NOT NULL,
    type_id smallint NOT NULL,
    status smallint NOT NULL,
    canonical boolean NOT NULL,
    microblock_canonical boolean NOT NULL,
    microblock_sequence integer NOT NULL,
    microblock_hash bytea NOT NULL,
    fee_rate bigint NOT NULL,
    sponsored boolean NOT NULL,
    sponsor_address text,
    sender_address text NOT NULL,
    block_time integer NOT NULL DEFAULT 0,
    token_transfer_recipient_address text,
    token_transfer_amount bigint
);
CREATE INDEX txs_index_block_hash_canonical_index ON txs (index_block_hash, canonical);
CREATE INDEX txs_block_height_microblock_sequence_tx_index_index ON txs (block_height DESC, microblock_sequence DESC, tx_index DESC);
CREATE INDEX txs_burn_block_time_index ON txs (burn_block_time);

CREATE TABLE stx_events (
    id serial PRIMARY KEY,
    event_index integer NOT NULL,
    tx_id bytea NOT NULL,
    tx_index smallint NOT NULL,
    block_height integer NOT NULL,
    index_block_hash bytea NOT NULL,
    microblock_hash bytea NOT NULL,
    microblock_sequence integer NOT NULL,
    microblock_canonical boolean NOT NULL,
    canonical boolean NOT NULL,
    asset_event_type_id smallint NOT NULL,
    amount bigint NOT NULL,
    sender text,
    recipient text,
    CONSTRAINT valid_asset_transfer CHECK (asset_event_type_id != 1 OR (NOT (sender, recipient) IS NULL)),
    CONSTRAINT valid_asset_mint CHECK (asset_event_type_id != 2 OR (sender IS NULL AND recipient IS NOT NULL)),
    CONSTRAINT valid_asset_burn CHECK (asset_event_type_id != 3 OR (recipient IS NULL AND sender IS NOT NULL))
);
CREATE INDEX stx_events_tx_id_index ON stx_events (tx_id);
CREATE INDEX stx_events_index_block_hash_canonical_index ON stx_events (index_block_hash, canonical);
CREATE INDEX stx_events_sender_index ON stx_events (sender);
CREATE INDEX stx_events_recipient_index ON stx_events (recipient);
CREATE INDEX stx_events_block_height_index ON stx_events (block_height DESC);

CREATE TABLE microblocks (
    id bigserial PRIMARY KEY,
    receive_timestamp timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    canonical boolean NOT NULL,
    microblock_canonical boolean NOT NULL,
    microblock_hash bytea NOT NULL UNIQUE,
    microblock_sequence integer NOT NULL,
    index_block_hash bytea NOT NULL,
    block_height integer NOT NULL,
    parent_burn_block_time integer NOT NULL
);
CREATE INDEX microblocks_block_height_microblock_sequence_index ON microblocks (block_height DESC, microblock_sequence DESC);

CREATE TABLE miner_rewards (
    id serial PRIMARY KEY,
    index_block_hash bytea NOT NULL,
    from_index_block_hash bytea NOT NULL,
    mature_block_height integer NOT NULL,
    canonical boolean NOT NULL,
    recipient text NOT NULL,
    coinbase_amount numeric NOT NULL,
    tx_fees_anchored numeric NOT NULL,
    tx_fees_streamed_confirmed numeric NOT NULL,
    tx_fees_streamed_produced numeric NOT NULL
);
CREATE INDEX miner_rewards_index_block_hash_canonical_index ON miner_rewards (index_block_hash, canonical);
CREATE INDEX miner_rewards_recipient_index ON miner_rewards (recipient);
CREATE INDEX miner_rewards_mature_block_height_index ON miner_rewards (mature_block_height DESC);

CREATE TABLE ft_balances (
    id bigserial PRIMARY KEY,
    address text NOT NULL,
    token text NOT NULL,
    balance numeric NOT NULL,
    CONSTRAINT unique_address_token UNIQUE (address, token)
);
CREATE INDEX ft_balances_token_balance_index ON ft_balances (token, balance DESC);

CREATE TABLE chain_tip (
    id bool PRIMARY KEY DEFAULT true CHECK (id),
    block_height integer NOT NULL,
    block_count integer NOT NULL,
    block_hash bytea NOT NULL,
    index_block_hash bytea NOT NULL,
    burn_block_height integer NOT NULL,
    microblock_count integer NOT NULL,
    tx_count integer NOT NULL,
    tx_count_unanchored integer NOT NULL,
    mempool_tx_count int DEFAULT 0
);
INSERT INTO chain_tip (id, block_height, block_count, block_hash, index_block_hash, burn_block_height, microblock_count,
                       tx_count, tx_count_unanchored, mempool_tx_count)
VALUES (true, 0, 0, '\x'::bytea, '\x'::bytea, 0, 0, 0, 0, 0);

CREATE TABLE burnchain_rewards (
    id serial PRIMARY KEY,
    canonical boolean NOT NULL,
    burn_block_hash bytea NOT NULL,
    burn_block_height integer NOT NULL,
    burn_amount numeric NOT NULL,
    reward_recipient text NOT NULL,
    reward_amount numeric NOT NULL,
    reward_index integer NOT NULL
);
CREATE INDEX burnchain_rewards_burn_block_hash_index ON burnchain_rewards USING hash (burn_block_hash);
CREATE INDEX burnchain_rewards_burn_block_height_index ON burnchain_rewards (burn_block_height DESC);

CREATE TABLE burn_block_pox_txs (
    burn_block_height integer NOT NULL,
    burn_block_hash bytea NOT NULL,
    tx_id bytea NOT NULL,
    recipient text NOT NULL,
    utxo_idx integer NOT NULL,
    amount numeric NOT NULL,
    canonical boolean NOT NULL,
    CONSTRAINT burn_block_pox_txs_unique_idx UNIQUE (burn_block_height, burn_block_hash, tx_id, utxo_idx)
);
CREATE INDEX burn_block_pox_txs_burn_block_hash_canonical_index ON burn_block_pox_txs (burn_block_hash, canonical);

CREATE TABLE pox4_events (
    id bigserial PRIMARY KEY,
    event_index integer NOT NULL,
    tx_id bytea NOT NULL,
    tx_index smallint NOT NULL,
    block_height integer NOT NULL,
    index_block_hash bytea NOT NULL,
    parent_index_block_hash bytea NOT NULL,
    microblock_hash bytea NOT NULL,
    microblock_sequence integer NOT NULL,
    microblock_canonical boolean NOT NULL,
    canonical boolean NOT NULL,
    stacker text NOT NULL,
    locked numeric NOT NULL,
    balance numeric NOT NULL,
    burnchain_unlock_height bigint NOT NULL,
    name text NOT NULL,
    lock_amount numeric,
    unlock_burn_height numeric,
    delegator text,
    total_locked numeric
);
CREATE INDEX pox4_events_index_block_hash_canonical_index ON pox4_events (index_block_hash, canonical);
CREATE INDEX pox4_events_stacker_index ON pox4_events (stacker);
CREATE INDEX pox4_events_block_height_index ON pox4_events (block_height DESC, microblock_sequence DESC, tx_index DESC, event_index DESC);

CREATE TABLE pox_sets (
    id bigserial PRIMARY KEY,
    block_height integer NOT NULL,
    index_block_hash bytea NOT NULL,
    parent_index_block_hash bytea NOT NULL,
    cycle_number int NOT NULL,
    pox_ustx_threshold numeric NOT NULL,
    canonical boolean NOT NULL,
    signing_key bytea NOT NULL,
    weight int NOT NULL,
    stacked_amount numeric NOT NULL,
    weight_percent double precision NOT NULL,
    stacked_amount_percent double precision NOT NULL,
    total_weight int NOT NULL,
    total_stacked_amount numeric NOT NULL
);
CREATE INDEX pox_sets_cycle_number_index ON pox_sets (cycle_number);

CREATE TABLE pox_cycles (
    id bigserial PRIMARY KEY,
    block_height integer NOT NULL,
    index_block_hash bytea NOT NULL,
    parent_index_block_hash bytea NOT NULL,
    cycle_number int NOT NULL,
    canonical boolean NOT NULL,
    total_weight int NOT NULL,
    total_stacked_amount numeric NOT NULL,
    total_signers int NOT NULL,
    CONSTRAINT pox_cycles_unique UNIQUE (cycle_number, index_block_hash)
);
CREATE INDEX pox_cycles_index_block_hash_index ON pox_cycles (index_block_hash);

CREATE TABLE mempool_txs (
    id serial PRIMARY KEY,
    pruned boolean NOT NULL,
    tx_id bytea NOT NULL,
    type_id smallint NOT NULL,
    anchor_mode smallint NOT NULL,
    status smallint NOT NULL,
    post_conditions bytea NOT NULL,
    nonce integer NOT NULL,
    fee_rate bigint NOT NULL,
    sponsored boolean NOT NULL,
    sponsor_address text,
    sponsor_nonce integer,
    sender_address text NOT NULL,
    origin_hash_mode smallint NOT NULL,
    raw_tx bytea NOT NULL,
    receipt_time integer NOT NULL,
    receipt_block_height integer NOT NULL,
    token_transfer_recipient_address text,
    token_transfer_amount bigint,
    token_transfer_memo bytea,
    tx_size integer NOT NULL GENERATED ALWAYS AS (length(raw_tx)) STORED,
    replaced_by_tx_id bytea,
    CONSTRAINT unique_tx_id UNIQUE (tx_id)
);
CREATE INDEX mempool_txs_receipt_time_index ON mempool_txs (receipt_time DESC);
CREATE INDEX idx_mempool_txs_optimized ON mempool_txs (receipt_time DESC) WHERE pruned = false;
CREATE INDEX mempool_txs_type_id_fee_rate_index ON mempool_txs (type_id, fee_rate) WHERE pruned = false;
CREATE INDEX mempool_txs_sender_address_nonce_index ON mempool_txs (sender_address, nonce);

CREATE TABLE nft_events (
    id serial PRIMARY KEY,
    event_index integer NOT NULL,
    tx_id bytea NOT NULL,
    tx_index smallint NOT NULL,
    block_height integer NOT NULL,
    index_block_hash bytea NOT NULL,
    parent_index_block_hash bytea NOT NULL,
    microblock_hash bytea NOT NULL,
    microblock_sequence integer NOT NULL,
    microblock_canonical boolean NOT NULL,
    canonical boolean NOT NULL,
    asset_event_type_id smallint NOT NULL,
    asset_identifier text NOT NULL,
    value bytea NOT NULL,
    sender text,
    recipient text,
    CONSTRAINT valid_asset_transfer CHECK (asset_event_type_id != 1 OR (NOT (sender, recipient) IS NULL)),
    CONSTRAINT valid_asset_mint CHECK (asset_event_type_id != 2 OR (sender IS NULL AND recipient IS NOT NULL)),
    CONSTRAINT valid_asset_burn CHECK (asset_event_type_id != 3 OR (recipient IS NULL AND sender IS NOT NULL))
);
CREATE INDEX nft_events_tx_id_index ON nft_events (tx_id);
CREATE INDEX nft_events_index_block_hash_canonical_index ON nft_events (index_block_hash, canonical);
CREATE INDEX nft_events_microblock_hash_index ON nft_events (microblock_hash);
CREATE INDEX nft_events_sender_index ON nft_events (sender);
CREATE INDEX nft_events_recipient_index ON nft_events (recipient);
CREATE INDEX nft_events_event_index_index ON nft_events (event_index);
CREATE INDEX nft_events_asset_identifier_value_index ON nft_events (asset_identifier, value);
CREATE INDEX nft_events_asset_identifier_index ON nft_events USING hash (asset_identifier) WHERE asset_event_type_id = 2;
CREATE INDEX nft_events_block_height_index ON nft_events (block_height DESC);
CREATE INDEX idx_nft_events_optimized ON nft_events (sender, recipient, block_height DESC, microblock_sequence DESC,
    tx_index DESC, event_index DESC) WHERE canonical = TRUE AND microblock_canonical = TRUE;

-- One row per token: its latest event (the API does not remove the rows of orphaned blocks).
CREATE TABLE nft_custody (
    asset_identifier text NOT NULL,
    value bytea NOT NULL,
    recipient text,
    block_height integer NOT NULL,
    index_block_hash bytea NOT NULL,
    parent_index_block_hash bytea NOT NULL,
    microblock_hash bytea NOT NULL,
    microblock_sequence integer NOT NULL,
    tx_id bytea NOT NULL,
    tx_index smallint NOT NULL,
    event_index integer NOT NULL,
    CONSTRAINT nft_custody_unique UNIQUE (asset_identifier, value)
);
CREATE INDEX nft_custody_recipient_asset_identifier_index ON nft_custody (recipient, asset_identifier);
CREATE INDEX nft_custody_value_index ON nft_custody (value);
CREATE INDEX nft_custody_block_height_index ON nft_custody (block_height DESC, microblock_sequence DESC, tx_index DESC,
    event_index DESC);
CREATE INDEX nft_custody_recipient_asset_identifier_value_index ON nft_custody (recipient, asset_identifier, value);
