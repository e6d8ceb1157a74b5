-- Every attempt of every task execution: who ran it, when, how it ended.
CREATE TABLE dataverse_task_attempts (
    run_id text NOT NULL,
    task_id text NOT NULL,
    attempt int NOT NULL,
    executed_by text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    status text NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'INTERRUPTED', 'LOST', 'ABANDONED')),
    message text,
    published_keys text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (run_id, task_id, attempt),
    FOREIGN KEY (run_id, task_id) REFERENCES dataverse_task_runs (run_id, task_id) ON DELETE CASCADE
);
