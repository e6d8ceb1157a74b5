-- Every task execution of the host: its status and the result it handed downstream.
CREATE TABLE dataverse_task_runs (
    run_id text NOT NULL,
    task_id text NOT NULL,
    schedule_group text NOT NULL,
    execution_date date NOT NULL,
    latest boolean NOT NULL,
    full_rebuild boolean NOT NULL,
    status text NOT NULL CHECK (status IN ('PLANNED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED')),
    attempts int NOT NULL DEFAULT 0,
    result jsonb,
    message text,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz,
    PRIMARY KEY (run_id, task_id)
);
CREATE INDEX dataverse_task_runs_success_idx ON dataverse_task_runs (task_id, execution_date, finished_at)
    WHERE status = 'SUCCEEDED';
