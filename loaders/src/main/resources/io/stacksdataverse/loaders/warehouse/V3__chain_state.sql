-- State of the incremental chain datasets: one value per dataset and UTC day, and how far each
-- dataset has read the chain (its last cutoff block), to detect a reorganisation deeper than the
-- recomputed margin.
CREATE TABLE chain_daily_values (
    dataset text NOT NULL,
    day date NOT NULL,
    value bigint NOT NULL,
    PRIMARY KEY (dataset, day)
);
CREATE TABLE chain_progress (
    dataset text PRIMARY KEY,
    last_day date NOT NULL,
    last_height integer NOT NULL,
    last_index_block_hash bytea NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
