"""Branches."""

from __future__ import annotations

from datetime import datetime

from bot.core.kernel.model import Branch
from bot.storage.db import SqlRepo, to_db
from bot.storage.rows import row_mapper

_branch = row_mapper(Branch)


class SqlBranchRepo(SqlRepo):
    async def add(self, *, name: str, committee: str | None, now: datetime) -> Branch:
        branch_id = await self._db.execute(
            "INSERT INTO branches (name, committee, created_at) VALUES (?, ?, ?)",
            (name, committee, to_db(now)),
        )
        return Branch(branch_id, name, committee, now)

    async def get(self, branch_id: int) -> Branch | None:
        row = await self._db.fetch_one("SELECT * FROM branches WHERE id = ?", (branch_id,))
        return None if row is None else _branch(row)

    async def find(self, *, name: str, committee: str | None) -> Branch | None:
        row = await self._db.fetch_one(
            "SELECT * FROM branches WHERE name = ? AND COALESCE(committee, '') = ?",
            (name, committee or ""),
        )
        return None if row is None else _branch(row)

    async def all(self) -> list[Branch]:
        rows = await self._db.fetch_all("SELECT * FROM branches ORDER BY committee, name")
        return [_branch(row) for row in rows]
