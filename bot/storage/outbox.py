"""The outbox table."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import datetime

from bot.core.kernel.contacts import Address, Channel
from bot.core.kernel.notices import Notice, OutboxItem
from bot.storage.db import SqlRepo, from_db, to_db
from bot.storage.rows import address_of, row_mapper

_item = row_mapper(
    OutboxItem,
    address=address_of,
    params=lambda row: json.loads(row["params"]) if row["params"] else {},
)


# Once a message is out, its row keeps the address only of someone the bot still has as a
# contact: the last words to a person whose data was erased or whose registration was rejected
# (and the menu reset after them) leave nothing that reaches them.
_FORGET_LAST_WORDS = (
    "address = CASE WHEN EXISTS (SELECT 1 FROM contacts c WHERE c.channel = outbox.channel"
    " AND c.address = outbox.address) THEN address ELSE '' END"
)


_ENQUEUE = (
    "INSERT INTO outbox (key, kind, channel, address, params, branch_id, subject_id,"
    " urgency, not_before, created_at, peer_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (key) DO NOTHING"
)


def _enqueue_row(notice: Notice, now: datetime) -> tuple[object, ...]:
    return (
        notice.key,
        notice.kind.value,
        notice.address.channel.value,
        notice.address.value,
        json.dumps(dict(notice.params), ensure_ascii=False),
        notice.branch_id,
        notice.subject_id,
        notice.urgency.value,
        to_db(notice.not_before or now),
        to_db(now),
        notice.peer_id,
    )


class SqlOutbox(SqlRepo):
    async def enqueue(self, notice: Notice, now: datetime) -> bool:
        # The UNIQUE key makes a repeated plan a no-op: that is the idempotency.
        return await self._db.execute(_ENQUEUE, _enqueue_row(notice, now)) > 0

    async def enqueue_all(self, notices: Sequence[Notice], now: datetime) -> None:
        await self._db.execute_many(_ENQUEUE, [_enqueue_row(notice, now) for notice in notices])

    async def due(
        self, now: datetime, channel: Channel, limit: int, skip_chats: Collection[Address] = ()
    ) -> list[OutboxItem]:
        """The next due item of each chat (live before scheduled, then oldest first), chats in
        ``skip_chats`` left out: one chat's messages go in order, and a chat with a long queue
        does not fill the batch. One index seek per chat (``outbox_chat_queue``): the sender
        asks after every send, and a burst can leave thousands of messages waiting."""
        rows = await self._db.fetch_all(
            "SELECT * FROM outbox WHERE id IN (SELECT (SELECT queued.id FROM outbox AS queued"
            " WHERE queued.status = 'pending' AND queued.channel = chats.channel"
            " AND queued.address = chats.address"
            " AND queued.not_before <= :now"
            " ORDER BY queued.urgency = 'scheduled', queued.not_before, queued.id LIMIT 1)"
            " FROM (SELECT DISTINCT channel, address FROM outbox WHERE status = 'pending'"
            " AND channel = :channel"
            " AND channel || ':' || address NOT IN (SELECT value FROM json_each(:skip))) AS chats)"
            " ORDER BY urgency = 'scheduled', not_before, id LIMIT :limit",
            {
                "now": to_db(now),
                "channel": channel.value,
                "limit": limit,
                "skip": json.dumps(sorted(map(str, skip_chats))),
            },
        )
        return [_item(row) for row in rows]

    async def queue(self, address: Address, now: datetime, limit: int) -> list[OutboxItem]:
        rows = await self._db.fetch_all(
            "SELECT * FROM outbox WHERE status = 'pending' AND channel = ? AND address = ?"
            " AND not_before <= ? ORDER BY urgency = 'scheduled', not_before, id LIMIT ?",
            (address.channel.value, address.value, to_db(now), limit),
        )
        return [_item(row) for row in rows]

    async def next_due(self) -> datetime | None:
        value = await self._db.fetch_value(
            "SELECT MIN(not_before) FROM outbox WHERE status = 'pending'"
        )
        return None if value is None else from_db(value)

    async def postpone(self, item_id: int, until: datetime) -> None:
        await self._db.execute(
            "UPDATE outbox SET not_before = ? WHERE id = ?", (to_db(until), item_id)
        )

    async def mark_sent(
        self, item_ids: Sequence[int], message_id: int | None, now: datetime
    ) -> None:
        # Once delivered the parameters (names, places) are not needed: don't keep copies.
        await self._db.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ?, message_id = ?, params = NULL,"
            f" error = NULL, {_FORGET_LAST_WORDS} WHERE id IN (SELECT value FROM json_each(?))",
            (to_db(now), message_id, json.dumps(list(item_ids))),
        )

    async def mark_parts_sent(self, item_id: int, parts: int) -> None:
        await self._db.execute("UPDATE outbox SET parts_sent = ? WHERE id = ?", (parts, item_id))

    async def mark_failed(self, item_ids: Sequence[int], error: str) -> None:
        await self._db.execute(
            f"UPDATE outbox SET status = 'failed', params = NULL, error = ?, {_FORGET_LAST_WORDS}"
            " WHERE id IN (SELECT value FROM json_each(?))",
            (error[:500], json.dumps(list(item_ids))),
        )

    async def count_attempt(self, item_id: int, error: str) -> int:
        await self._db.execute(
            "UPDATE outbox SET attempts = attempts + 1, error = ? WHERE id = ?",
            (error[:500], item_id),
        )
        return int(
            await self._db.fetch_value("SELECT attempts FROM outbox WHERE id = ?", (item_id,)) or 0
        )

    async def settle(self, key_prefix: str) -> list[tuple[Address, int]]:
        pattern = key_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        await self._db.execute(
            "UPDATE outbox SET status = 'dropped', params = NULL"
            " WHERE key LIKE ? ESCAPE '\\' AND status = 'pending'",
            (pattern,),
        )
        rows = await self._db.fetch_all(
            "SELECT channel, address, message_id FROM outbox"
            " WHERE key LIKE ? ESCAPE '\\' AND status = 'sent' AND message_id IS NOT NULL"
            " AND address != ''",
            (pattern,),
        )
        return [
            (Address(Channel(row["channel"]), row["address"]), int(row["message_id"]))
            for row in rows
        ]

    async def peer_of(self, address: Address, message_id: int) -> int | None:
        # A message that went out for several notices (routine check-ins listed together)
        # is about several people: a reply to it reaches nobody rather than one at random.
        value = await self._db.fetch_value(
            "SELECT CASE WHEN COUNT(DISTINCT peer_id) = 1 THEN MAX(peer_id) END FROM outbox"
            " WHERE channel = ? AND address = ? AND message_id = ?",
            (address.channel.value, address.value, message_id),
        )
        return None if value is None else int(value)
