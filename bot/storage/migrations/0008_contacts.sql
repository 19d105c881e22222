-- pragma: foreign_keys=off
-- Contacts instead of chat ids (docs/decisions/0001): a person is reached through one contact
-- per chat platform, the address kept as text, and each outbox row names the channel and the
-- address it goes to. members.chat_id moves into a Telegram contact; no row is lost.
-- (SQLite cannot drop a UNIQUE column, so members and outbox are rebuilt; foreign keys are
-- off while the tables are swapped and checked before the commit.)

CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    channel     TEXT NOT NULL CHECK (channel IN ('telegram', 'zalo')),
    address     TEXT NOT NULL CHECK (address != ''),
    reachable   INTEGER NOT NULL DEFAULT 1,
    since       TEXT NOT NULL,      -- when it became reachable, or unreachable
    last_used_at TEXT,              -- the last time the person wrote through it
    UNIQUE (channel, address),
    UNIQUE (member_id, channel)
);

INSERT INTO contacts (member_id, channel, address, reachable, since)
SELECT id, 'telegram', CAST(chat_id AS TEXT), unreachable_since IS NULL,
       COALESCE(unreachable_since, approved_at, registered_at)
FROM members WHERE chat_id IS NOT NULL;

CREATE TABLE members_new (
    id              INTEGER PRIMARY KEY,
    branch_id       INTEGER NOT NULL REFERENCES branches (id),
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
    erased_at       TEXT,
    paused_until    TEXT,
    pause_reason    TEXT,
    unreachable_since TEXT,         -- no contact of theirs reaches them
    return_requested_at TEXT,
    returned_at     TEXT,
    dues_category   TEXT CHECK (dues_category IN ('salary', 'pension', 'student', 'other')),
    dues_base       INTEGER CHECK (dues_base > 0),
    dues_region     TEXT CHECK (dues_region IN ('I', 'II', 'III', 'IV')),
    dues_senior     INTEGER NOT NULL DEFAULT 0,
    dues_confirmed_at TEXT
);
INSERT INTO members_new (
    id, branch_id, role, status, full_name, phone, home_commune, expected_return, standing,
    standing_start, standing_end, host_org, letter_date, registered_at, approved_at, erased_at,
    paused_until, pause_reason, unreachable_since, return_requested_at, returned_at,
    dues_category, dues_base, dues_region, dues_senior, dues_confirmed_at)
SELECT
    id, branch_id, role, status, full_name, phone, home_commune, expected_return, standing,
    standing_start, standing_end, host_org, letter_date, registered_at, approved_at, erased_at,
    paused_until, pause_reason, unreachable_since, return_requested_at, returned_at,
    dues_category, dues_base, dues_region, dues_senior, dues_confirmed_at
FROM members;
DROP TABLE members;
ALTER TABLE members_new RENAME TO members;
CREATE INDEX members_by_branch ON members (branch_id, status);

CREATE TABLE outbox_new (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    channel     TEXT NOT NULL CHECK (channel IN ('telegram', 'zalo')),
    address     TEXT NOT NULL,      -- '' once the person's data was erased
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
    error       TEXT,
    peer_id     INTEGER,
    parts_sent  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO outbox_new (
    id, key, kind, channel, address, params, branch_id, subject_id, urgency, not_before,
    created_at, status, attempts, sent_at, message_id, error, peer_id, parts_sent)
SELECT
    id, key, kind, 'telegram', CAST(chat_id AS TEXT), params, branch_id, subject_id, urgency,
    not_before, created_at, status, attempts, sent_at, message_id, error, peer_id, parts_sent
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (not_before, id) WHERE status = 'pending';
CREATE INDEX outbox_by_subject ON outbox (subject_id) WHERE subject_id IS NOT NULL;
CREATE INDEX outbox_by_message ON outbox (channel, address, message_id)
    WHERE message_id IS NOT NULL;
CREATE INDEX outbox_chat_queue ON outbox (channel, address, urgency = 'scheduled', not_before, id)
    WHERE status = 'pending';
