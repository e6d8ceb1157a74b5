-- Catalog #32's all-time committed total, kept incremental: the total up to a settled burn height
-- (far below the tip, where canonical flags no longer change), so a run sums only the heights above it.
CREATE TABLE committed_sats_checkpoints (
    burn_block_height integer PRIMARY KEY,
    total_sats bigint NOT NULL,
    taken_at timestamptz NOT NULL DEFAULT now()
);
