-- The weekly digest: when each branch wants it (NULL: the default, Monday 07:30).

ALTER TABLE branch_settings ADD COLUMN digest_weekday INTEGER
    CHECK (digest_weekday BETWEEN 0 AND 6);  -- 0 is Monday
ALTER TABLE branch_settings ADD COLUMN digest_time TEXT;
ALTER TABLE branch_settings ADD COLUMN digest_enabled INTEGER CHECK (digest_enabled IN (0, 1));

CREATE INDEX checkins_by_time ON checkins (at);
CREATE INDEX placements_by_time ON placements (recorded_at);

-- One row per digest built, so the planner knows a week's digest is done without rebuilding it.
CREATE TABLE digest_runs (
    branch_id   INTEGER NOT NULL REFERENCES branches (id),
    period_end  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (branch_id, period_end)
);
