"""When each planner next looks at a member or a branch (migration 0012 and its triggers)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.storage.db import SqlRepo, to_db


class SqlDueQueue(SqlRepo):
    async def due(self, planner: str, now: datetime) -> list[int]:
        # '' sorts before every stored time: a row a trigger reset is due at once.
        rows = await self._db.fetch_all(
            "SELECT subject_id FROM due_queue WHERE planner = ? AND due_at <= ?"
            " ORDER BY due_at, subject_id",
            (planner, to_db(now)),
        )
        return [row[0] for row in rows]

    async def set(self, planner: str, next_at: Mapping[int, datetime | None]) -> None:
        await self._db.execute_many(
            "INSERT INTO due_queue (planner, subject_id, due_at) VALUES (?, ?, ?)"
            " ON CONFLICT (planner, subject_id) DO UPDATE SET due_at = excluded.due_at",
            [
                (planner, subject, None if at is None else to_db(at))
                for subject, at in next_at.items()
            ],
        )
