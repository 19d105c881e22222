-- Updates a webhook has handled, kept so that a delivery Telegram repeats (its answer was lost,
-- or the bot restarted before answering) is not handled twice, however many updates came in
-- between. Telegram keeps an undelivered update for a day; rows older than that are pruned and
-- the floor remembers the highest update id pruned: nothing at or below it is handled again.
CREATE TABLE handled_updates (
    channel    TEXT    NOT NULL,
    update_id  INTEGER NOT NULL,
    handled_at TEXT    NOT NULL,
    PRIMARY KEY (channel, update_id)
) WITHOUT ROWID;

CREATE TABLE handled_floor (
    channel   TEXT    PRIMARY KEY,
    update_id INTEGER NOT NULL
);
