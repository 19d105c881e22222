-- Branches, the people in them, where members work, invitation links, the audit log,
-- the outbox of notices, and the chat adapter's saved conversations.

CREATE TABLE branches (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    committee   TEXT,
    created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX branches_unique_name ON branches (name, COALESCE(committee, ''));

CREATE TABLE members (
    id              INTEGER PRIMARY KEY,
    branch_id       INTEGER NOT NULL REFERENCES branches (id),
    chat_id         INTEGER UNIQUE,
    role            TEXT NOT NULL CHECK (role IN ('member', 'secretary', 'deputy', 'treasurer')),
    status          TEXT NOT NULL CHECK (status IN ('pending', 'active', 'returned', 'erased')),
    full_name       TEXT NOT NULL,
    phone           TEXT,
    home_commune    TEXT,
    expected_return TEXT,
    standing        TEXT NOT NULL DEFAULT 'none'
                    CHECK (standing IN ('none', 'exempt', 'temp_exempt', 'temp_transfer')),
    standing_start  TEXT,
    standing_end    TEXT,
    host_org        TEXT,
    letter_date     TEXT,
    registered_at   TEXT NOT NULL,
    approved_at     TEXT,
    erased_at       TEXT
);
CREATE INDEX members_by_branch ON members (branch_id, status);

CREATE TABLE placements (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    province    TEXT NOT NULL,
    district    TEXT NOT NULL,
    employer    TEXT NOT NULL,
    occupation  TEXT NOT NULL,
    since       TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    ended_at    TEXT
);
-- A member has at most one current placement.
CREATE UNIQUE INDEX placements_one_current ON placements (member_id) WHERE ended_at IS NULL;

CREATE TABLE invites (
    code        TEXT PRIMARY KEY,
    branch_id   INTEGER NOT NULL REFERENCES branches (id),
    role        TEXT NOT NULL CHECK (role IN ('member', 'secretary', 'deputy', 'treasurer')),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    uses        INTEGER NOT NULL DEFAULT 0,
    revoked_at  TEXT
);
CREATE INDEX invites_by_branch ON invites (branch_id);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    branch_id   INTEGER,
    actor_id    INTEGER,
    action      TEXT NOT NULL,
    subject_id  INTEGER,
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_branch ON audit_log (branch_id, id);

-- Every message the bot sends on its own goes through here (ARCHITECTURE.md, reminders).
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    chat_id     INTEGER NOT NULL,
    params      TEXT,               -- JSON; cleared once sent
    branch_id   INTEGER,
    subject_id  INTEGER,
    urgency     TEXT NOT NULL CHECK (urgency IN ('live', 'scheduled')),
    not_before  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sent', 'failed', 'dropped')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    sent_at     TEXT,
    message_id  INTEGER,
    error       TEXT
);
CREATE INDEX outbox_pending ON outbox (not_before, id) WHERE status = 'pending';
CREATE INDEX outbox_by_subject ON outbox (subject_id) WHERE subject_id IS NOT NULL;

-- The chat adapter's half-filled forms (python-telegram-bot persistence), so a member who
-- leaves a form half-way finds it again after a restart.
CREATE TABLE chat_conversations (
    name    TEXT NOT NULL,
    key     TEXT NOT NULL,
    state   TEXT NOT NULL,
    PRIMARY KEY (name, key)
);
CREATE TABLE chat_user_data (
    user_id INTEGER PRIMARY KEY,
    data    TEXT NOT NULL
);
