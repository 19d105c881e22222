"""Broadcasts, their recipients, and where each delivery stands (read from the outbox)."""

from __future__ import annotations

from datetime import datetime

from bot.core.broadcast import Broadcast
from bot.storage.db import SqlRepo, to_db
from bot.storage.rows import row_mapper

_broadcast = row_mapper(Broadcast)


class SqlBroadcastRepo(SqlRepo):
    async def add(self, broadcast: Broadcast) -> Broadcast:
        broadcast_id = await self._db.execute(
            "INSERT INTO broadcasts (branch_id, officer_id, audience, text, document, recipients,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                broadcast.branch_id,
                broadcast.officer_id,
                broadcast.audience.value,
                broadcast.text,
                broadcast.document,
                broadcast.recipients,
                to_db(broadcast.created_at),
            ),
        )
        row = await self._db.fetch_one("SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,))
        assert row is not None
        return _broadcast(row)

    async def add_recipient(self, broadcast_id: int, member_id: int) -> None:
        await self._db.execute(
            "INSERT INTO broadcast_recipients (broadcast_id, member_id) VALUES (?, ?)"
            " ON CONFLICT DO NOTHING",
            (broadcast_id, member_id),
        )

    async def statuses(self, broadcast_id: int, key_prefix: str) -> list[tuple[str, str]]:
        rows = await self._db.fetch_all(
            "SELECT CASE WHEN o.id IS NULL THEN 'skipped'"
            "  WHEN o.status = 'failed' AND o.error = 'blocked' THEN 'blocked'"
            "  ELSE o.status END AS status, m.full_name"
            " FROM broadcast_recipients r JOIN members m ON m.id = r.member_id"
            " LEFT JOIN outbox o ON o.key = ? || r.member_id"
            " WHERE r.broadcast_id = ? ORDER BY m.full_name",
            (key_prefix, broadcast_id),
        )
        return [(row["status"], row["full_name"]) for row in rows]

    async def unreported(self) -> list[Broadcast]:
        rows = await self._db.fetch_all(
            "SELECT * FROM broadcasts WHERE reported_at IS NULL ORDER BY id"
        )
        return [_broadcast(row) for row in rows]

    async def mark_reported(self, broadcast_id: int, at: datetime) -> None:
        await self._db.execute(
            "UPDATE broadcasts SET reported_at = ? WHERE id = ?", (to_db(at), broadcast_id)
        )
