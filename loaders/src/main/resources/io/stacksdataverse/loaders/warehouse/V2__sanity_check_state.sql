-- Catalog #22: the API database tip seen by each run of sanity_check, by execution date.
CREATE TABLE sanity_check_state (
    execution_date date PRIMARY KEY,
    maxblock bigint NOT NULL CHECK (maxblock >= 0),
    checked_at timestamptz NOT NULL
);
