-- Catalogs #41-42: the NFTs in existence (mints - burns) as of each day's boundary H(t(d) + 1800),
-- with that boundary's height (null: no canonical block before it), so a run recomputes only the
-- days whose boundary lies above the newest block that is known unchanged.
CREATE TABLE nft_supply_days (
    day date PRIMARY KEY,
    boundary_height integer,
    supply bigint NOT NULL
);
-- The cutoff block H(E) of the newest run (one row), to detect a reorganisation.
CREATE TABLE nft_supply_progress (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    last_day date NOT NULL,
    last_height integer NOT NULL,
    last_index_block_hash bytea NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
