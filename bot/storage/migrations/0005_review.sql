-- The year-end review (kiểm điểm, đánh giá xếp loại) and exemption periods: the meeting each
-- branch sets, each member's answer, self-assessment and grade, renewal requests, and a record
-- of planner runs so a stage is planned once.

ALTER TABLE branch_settings ADD COLUMN review_excuse_exempt INTEGER
    CHECK (review_excuse_exempt IN (0, 1));

CREATE TABLE reviews (
    branch_id   INTEGER NOT NULL REFERENCES branches (id),
    year        INTEGER NOT NULL,
    meeting_at  TEXT NOT NULL,
    place       TEXT NOT NULL,
    deadline    TEXT NOT NULL,  -- the last day for remote self-assessments
    set_by      INTEGER,
    set_at      TEXT NOT NULL,
    PRIMARY KEY (branch_id, year)
);

CREATE TABLE review_answers (
    member_id       INTEGER NOT NULL REFERENCES members (id),
    year            INTEGER NOT NULL,
    attendance      TEXT CHECK (attendance IN ('attend', 'remote')),
    reason          TEXT,
    answered_at     TEXT,
    assessment      TEXT,  -- "photo:<id>", "document:<id>" or "text:<the text>"
    assessment_at   TEXT,
    replaced        INTEGER NOT NULL DEFAULT 0,
    grade           TEXT CHECK (grade IN ('excellent', 'good', 'fulfilled', 'not_fulfilled')),
    graded_by       INTEGER,
    graded_at       TEXT,
    PRIMARY KEY (member_id, year)
);

CREATE TABLE renewals (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members (id),
    requested_at TEXT NOT NULL,
    old_end     TEXT,
    new_end     TEXT NOT NULL,
    reason      TEXT,
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by  INTEGER,
    decided_at  TEXT
);
CREATE INDEX renewals_by_member ON renewals (member_id, status);

CREATE TABLE planner_runs (
    branch_id   INTEGER NOT NULL REFERENCES branches (id),
    planner     TEXT NOT NULL,
    period      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (branch_id, planner, period)
);
