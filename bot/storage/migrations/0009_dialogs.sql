-- Dialogs in the database (docs/decisions/0002): one row per person holds the form they are
-- filling in, the question it is at and the answers so far, instead of python-telegram-bot's
-- per-chat conversation states and user_data. A form half-filled before the upgrade is kept:
-- the first of a person's drafts becomes their dialog (one dialog per person from now on).

CREATE TABLE dialogs (
    channel     TEXT NOT NULL CHECK (channel IN ('telegram', 'zalo')),
    address     TEXT NOT NULL,
    name        TEXT NOT NULL,      -- which dialog: the form's name
    state       TEXT,               -- the question it is at, or the summary
    data        TEXT NOT NULL,      -- JSON: answers so far, what the dialog was started with
    started_at  TEXT NOT NULL,
    touched_at  TEXT NOT NULL,
    PRIMARY KEY (channel, address)
);

INSERT OR IGNORE INTO dialogs (channel, address, name, state, data, started_at, touched_at)
SELECT 'telegram', CAST(u.user_id AS TEXT), f.key, json_extract(f.value, '$.at'), f.value,
       strftime('%Y-%m-%dT%H:%M:%S.000000+00:00', 'now'),
       strftime('%Y-%m-%dT%H:%M:%S.000000+00:00', 'now')
FROM chat_user_data u, json_each(u.data, '$.forms') f
ORDER BY u.user_id, f.key;

DROP TABLE chat_user_data;
DROP TABLE chat_conversations;
