-- Tasks whose data went stale and were reported: one alert per task until it is fresh again.
CREATE TABLE dataverse_stale_alerts (
    task_id text PRIMARY KEY,
    since timestamptz NOT NULL DEFAULT now(),
    description text NOT NULL
);
