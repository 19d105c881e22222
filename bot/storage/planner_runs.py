"""Which planner ran for which period in each branch: what makes a planner's once-a-day or
once-a-week work happen once, whatever the restarts."""

from __future__ import annotations

from datetime import datetime

from bot.storage.db import SqlRepo, to_db


class SqlPlannerRuns(SqlRepo):
    async def first_time(self, branch_id: int, planner: str, period: str, now: datetime) -> bool:
        inserted = await self._db.execute(
            "INSERT INTO planner_runs (branch_id, planner, period, created_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (branch_id, planner, period, to_db(now)),
        )
        return inserted > 0
