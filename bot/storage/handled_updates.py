"""Which updates were handled already: a repeated webhook delivery is answered, not handled
again, across restarts (migration 0010)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.storage.db import SqlRepo, to_db

# Telegram keeps an update it could not deliver for 24 hours; two days leaves a margin.
KEPT_FOR = timedelta(days=2)
# Pruning runs once in this many recorded updates.
PRUNE_EVERY = 500


class SqlHandledUpdates(SqlRepo):
    async def seen(self, channel: str, update_id: int) -> bool:
        return bool(
            await self._db.fetch_value(
                "SELECT EXISTS (SELECT 1 FROM handled_updates"
                " WHERE channel = :c AND update_id = :u)"
                " OR EXISTS (SELECT 1 FROM handled_floor WHERE channel = :c AND update_id >= :u)",
                {"c": channel, "u": update_id},
            )
        )

    async def record(self, channel: str, update_id: int, now: datetime) -> None:
        await self._db.execute(
            "INSERT INTO handled_updates (channel, update_id, handled_at) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (channel, update_id, to_db(now)),
        )
        if update_id % PRUNE_EVERY == 0:
            await self.prune(channel, now - KEPT_FOR)

    async def prune(self, channel: str, before: datetime) -> None:
        """Forget updates handled before ``before``; the floor keeps the highest forgotten."""
        async with self._db.transaction():
            await self._db.execute(
                "INSERT INTO handled_floor (channel, update_id)"
                " SELECT channel, MAX(update_id) FROM handled_updates"
                " WHERE channel = :c AND handled_at < :t GROUP BY channel"
                " ON CONFLICT (channel) DO UPDATE SET"
                " update_id = MAX(update_id, excluded.update_id)",
                {"c": channel, "t": to_db(before)},
            )
            await self._db.execute(
                "DELETE FROM handled_updates WHERE channel = ? AND handled_at < ?",
                (channel, to_db(before)),
            )
