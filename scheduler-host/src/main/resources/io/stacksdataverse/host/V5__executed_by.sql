-- Which scheduler (host name and instance) ran each execution's latest attempt.
ALTER TABLE dataverse_task_runs ADD COLUMN executed_by text;
