-- A run whose dag command stopped before its tasks ended is marked ABANDONED.
ALTER TABLE dataverse_task_runs DROP CONSTRAINT dataverse_task_runs_status_check;
ALTER TABLE dataverse_task_runs ADD CONSTRAINT dataverse_task_runs_status_check
    CHECK (status IN ('PLANNED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'ABANDONED'));
