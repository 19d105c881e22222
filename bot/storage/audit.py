"""The audit log of officer and operator actions."""

from __future__ import annotations

from bot.core.kernel.model import AuditEntry
from bot.storage.db import SqlRepo, from_db, to_db


class SqlAuditRepo(SqlRepo):
    async def record(self, entry: AuditEntry) -> None:
        await self._db.execute(
            "INSERT INTO audit_log (at, branch_id, actor_id, action, subject_id, detail)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                to_db(entry.at),
                entry.branch_id,
                entry.actor_id,
                entry.action,
                entry.subject_id,
                entry.detail,
            ),
        )

    async def for_branch(self, branch_id: int, limit: int, offset: int = 0) -> list[AuditEntry]:
        rows = await self._db.fetch_all(
            "SELECT * FROM audit_log WHERE branch_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
            (branch_id, limit, offset),
        )
        return [
            AuditEntry(
                from_db(r["at"]),
                r["branch_id"],
                r["actor_id"],
                r["action"],
                r["subject_id"],
                r["detail"],
            )
            for r in rows
        ]
