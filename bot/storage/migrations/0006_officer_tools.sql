-- Officer tools: notices that go out as several messages (a long digest and its chart) resume
-- where they stopped; broadcasts and their delivery reports.

ALTER TABLE outbox ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;

CREATE TABLE broadcasts (
    id          INTEGER PRIMARY KEY,
    branch_id   INTEGER NOT NULL REFERENCES branches (id),
    officer_id  INTEGER NOT NULL REFERENCES members (id),
    audience    TEXT NOT NULL,
    text        TEXT NOT NULL,
    document    TEXT,
    recipients  INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    reported_at TEXT
);
-- Who each broadcast was meant for: the delivery report names those it could not reach.
CREATE TABLE broadcast_recipients (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id),
    member_id    INTEGER NOT NULL REFERENCES members (id),
    PRIMARY KEY (broadcast_id, member_id)
);
CREATE INDEX broadcasts_unreported ON broadcasts (id) WHERE reported_at IS NULL;
-- The digest asks each week which reports are still unanswered.
CREATE INDEX dues_ledger_by_report ON dues_ledger (report_id) WHERE report_id IS NOT NULL;
