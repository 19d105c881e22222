"""Periods of exemption: renewal requests and the branch's decisions, and the period's end."""

from __future__ import annotations

from datetime import date, datetime

from bot.core.review.exemptions import Renewal
from bot.storage.db import SqlRepo, to_db
from bot.storage.rows import row_mapper

_renewal = row_mapper(Renewal)


class SqlExemptionRepo(SqlRepo):
    async def add_renewal(self, request: Renewal) -> Renewal:
        renewal_id = await self._db.execute(
            "INSERT INTO renewals (member_id, requested_at, old_end, new_end, reason)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                request.member_id,
                to_db(request.requested_at),
                request.old_end.isoformat() if request.old_end else None,
                request.new_end.isoformat(),
                request.reason,
            ),
        )
        renewal = await self.renewal(renewal_id)
        assert renewal is not None
        return renewal

    async def renewal(self, renewal_id: int) -> Renewal | None:
        row = await self._db.fetch_one("SELECT * FROM renewals WHERE id = ?", (renewal_id,))
        return None if row is None else _renewal(row)

    async def renewals_of(self, member_id: int) -> list[Renewal]:
        rows = await self._db.fetch_all(
            "SELECT * FROM renewals WHERE member_id = ? ORDER BY id", (member_id,)
        )
        return [_renewal(row) for row in rows]

    async def decide_renewal(
        self, renewal_id: int, approve: bool, officer_id: int, now: datetime
    ) -> None:
        await self._db.execute(
            "UPDATE renewals SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?",
            ("approved" if approve else "rejected", officer_id, to_db(now), renewal_id),
        )

    async def set_period_end(self, member_id: int, end: date) -> None:
        await self._db.execute(
            "UPDATE members SET standing_end = ? WHERE id = ?", (end.isoformat(), member_id)
        )
