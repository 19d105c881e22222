-- Check-ins from the workplace: branch settings, prompts and answers, pauses, reachability,
-- and the outbox remembering whom a reply to a delivered message should reach.

CREATE TABLE branch_settings (
    branch_id       INTEGER PRIMARY KEY REFERENCES branches (id),
    -- NULL means the deployment's default
    cadence         TEXT CHECK (cadence IN ('weekly', 'fortnightly', 'monthly')),
    quiet_start     TEXT,
    quiet_end       TEXT,
    relay_routine   TEXT CHECK (relay_routine IN ('at_once', 'digest')),
    checkin_time    TEXT
);

ALTER TABLE members ADD COLUMN paused_until TEXT;
ALTER TABLE members ADD COLUMN pause_reason TEXT;
ALTER TABLE members ADD COLUMN unreachable_since TEXT;
ALTER TABLE members ADD COLUMN return_requested_at TEXT;
ALTER TABLE members ADD COLUMN returned_at TEXT;

CREATE TABLE checkin_prompts (
    id              INTEGER PRIMARY KEY,
    member_id       INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    due_date        TEXT NOT NULL,
    planned_at      TEXT NOT NULL,
    nudged_at       TEXT,
    escalated_at    TEXT,
    UNIQUE (member_id, due_date)
);

CREATE TABLE checkins (
    id              INTEGER PRIMARY KEY,
    member_id       INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    at              TEXT NOT NULL,
    kind            TEXT NOT NULL
                    CHECK (kind IN ('same', 'moved', 'returned', 'difficulty', 'paused')),
    prompt_id       INTEGER REFERENCES checkin_prompts (id) ON DELETE SET NULL,
    note            TEXT,
    latitude        REAL,
    longitude       REAL,
    difficulty      TEXT CHECK (difficulty IN ('work', 'health', 'money', 'family', 'other')),
    placement_id    INTEGER,
    relayed         INTEGER NOT NULL DEFAULT 1  -- 0: a routine check-in left for the digest
);
CREATE INDEX checkins_by_member ON checkins (member_id, at);

-- A reply to a delivered message reaches this member (a relay card: the member it is about;
-- a message to a member: the officer who wrote it).
ALTER TABLE outbox ADD COLUMN peer_id INTEGER;
CREATE INDEX outbox_by_message ON outbox (chat_id, message_id) WHERE message_id IS NOT NULL;
