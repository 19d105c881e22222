-- Dues: each member's dues category, the branch's dues settings, the append-only ledger, the
-- warnings sent under the 3-month rule, and the months whose reminders were planned.

ALTER TABLE members ADD COLUMN dues_category TEXT
    CHECK (dues_category IN ('salary', 'pension', 'student', 'other'));
ALTER TABLE members ADD COLUMN dues_base INTEGER CHECK (dues_base > 0);
ALTER TABLE members ADD COLUMN dues_region TEXT CHECK (dues_region IN ('I', 'II', 'III', 'IV'));
ALTER TABLE members ADD COLUMN dues_senior INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN dues_confirmed_at TEXT;

ALTER TABLE branch_settings ADD COLUMN dues_day INTEGER CHECK (dues_day BETWEEN 1 AND 28);
ALTER TABLE branch_settings ADD COLUMN dues_rounding TEXT
    CHECK (dues_rounding IN ('up_1000', 'nearest_1000', 'none'));
ALTER TABLE branch_settings ADD COLUMN dues_region TEXT
    CHECK (dues_region IN ('I', 'II', 'III', 'IV'));

CREATE TABLE dues_ledger (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members (id),
    branch_id   INTEGER NOT NULL REFERENCES branches (id),
    kind        TEXT NOT NULL CHECK (kind IN ('report', 'confirmation', 'rejection', 'correction',
                                              'reduction', 'cant_pay')),
    at          TEXT NOT NULL,
    actor_id    INTEGER,
    months      TEXT NOT NULL DEFAULT '',   -- YYYY-MM, comma-separated
    amount      INTEGER,                    -- dong
    method      TEXT CHECK (method IN ('portal', 'cash', 'relative')),
    payer       TEXT,
    note        TEXT,
    report_id   INTEGER REFERENCES dues_ledger (id),
    receipt     TEXT,
    percent     INTEGER CHECK (percent BETWEEN 0 AND 100)
);
CREATE INDEX dues_ledger_by_member ON dues_ledger (member_id, id);
CREATE INDEX dues_ledger_by_branch ON dues_ledger (branch_id, kind);
-- A report is answered once per month: a Confirm pressed twice cannot count twice.
CREATE UNIQUE INDEX dues_report_answered_once ON dues_ledger (report_id, months)
    WHERE kind IN ('confirmation', 'rejection');

-- Append-only: nothing is deleted, and what a line says about money never changes. Erasing a
-- member's personal data may blank the payer's name, a note and a receipt, nothing else.
CREATE TRIGGER dues_ledger_no_delete BEFORE DELETE ON dues_ledger
BEGIN
    SELECT RAISE(ABORT, 'the dues ledger is append-only');
END;
CREATE TRIGGER dues_ledger_no_rewrite
BEFORE UPDATE OF id, member_id, branch_id, kind, at, actor_id, months, amount, method,
                 report_id, percent ON dues_ledger
BEGIN
    SELECT RAISE(ABORT, 'the dues ledger is append-only');
END;

CREATE TABLE dues_warnings (
    member_id   INTEGER NOT NULL REFERENCES members (id),
    year        INTEGER NOT NULL,
    level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
    at          TEXT NOT NULL,
    PRIMARY KEY (member_id, year, level)
);

CREATE TABLE dues_runs (
    branch_id   INTEGER NOT NULL REFERENCES branches (id),
    month       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (branch_id, month)
);
