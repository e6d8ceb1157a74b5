-- State of the half-hourly datasets, keyed by the interval end E (unix seconds) or the day.
-- Run-time probes cannot be recomputed for a past interval: the first run of E stores them and a
-- re-run, --full included, reuses them.
CREATE TABLE interval_probes (
    probe text NOT NULL,          -- mempool_tx_count, transfer_fee_rate
    interval_end bigint NOT NULL,
    value bigint NOT NULL,
    taken_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (probe, interval_end)
);
-- GET /v2/pox snapshots (catalog #8): the STX committed to the next cycle, as the node saw it at E.
CREATE TABLE pox_snapshots (
    interval_end bigint PRIMARY KEY,
    current_cycle integer NOT NULL,
    next_cycle integer NOT NULL,
    next_cycle_stacked_ustx numeric NOT NULL,
    taken_at timestamptz NOT NULL DEFAULT now()
);
-- Exact points of catalog #8 from the pox contract's read-only get-total-ustx-stacked(cycle), one
-- per burn height b, at the highest canonical Stacks block with burn height <= b.
CREATE TABLE stacked_readonly_points (
    cycle integer NOT NULL,
    burn_block_height integer NOT NULL,
    tip_index_block_hash bytea NOT NULL,
    key_time bigint NOT NULL,
    stacked_ustx numeric NOT NULL,
    PRIMARY KEY (cycle, burn_block_height)
);
-- Catalog #31: one entry per UTC day, from the spot statistics of the day's first interval.
CREATE TABLE spot_stats_history (
    day_start bigint PRIMARY KEY,
    median_balance double precision,
    whale_percent double precision,
    stacking_apy double precision,
    interval_end bigint NOT NULL
);
