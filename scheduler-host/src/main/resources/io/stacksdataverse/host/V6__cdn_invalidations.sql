-- The public blob keys each execution changed (what a CDN must forget), and each run's CDN invalidation.
ALTER TABLE dataverse_task_runs ADD COLUMN published_keys text[] NOT NULL DEFAULT '{}';
CREATE TABLE dataverse_cdn_invalidations (
    run_id text PRIMARY KEY,
    status text NOT NULL CHECK (status IN ('PENDING', 'DONE', 'NOTHING', 'FAILED')),
    distribution_id text NOT NULL,
    paths text[] NOT NULL DEFAULT '{}',
    invalidation_id text,
    attempts int NOT NULL DEFAULT 0,
    message text,
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
