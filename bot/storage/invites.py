"""Invitation links."""

from __future__ import annotations

from datetime import datetime

from bot.core.kernel.model import Invite
from bot.storage.db import SqlRepo, to_db
from bot.storage.rows import row_mapper

_invite = row_mapper(Invite)


class SqlInviteRepo(SqlRepo):
    async def add(self, invite: Invite) -> None:
        await self._db.execute(
            "INSERT INTO invites (code, branch_id, role, created_at, expires_at, uses, max_uses)"
            " VALUES (?, ?, ?, ?, ?, 0, ?)",
            (
                invite.code,
                invite.branch_id,
                invite.role.value,
                to_db(invite.created_at),
                to_db(invite.expires_at),
                invite.max_uses,
            ),
        )

    async def get(self, code: str) -> Invite | None:
        row = await self._db.fetch_one("SELECT * FROM invites WHERE code = ?", (code,))
        return None if row is None else _invite(row)

    async def open_in_branch(self, branch_id: int, now: datetime) -> list[Invite]:
        rows = await self._db.fetch_all(
            "SELECT * FROM invites WHERE branch_id = ? AND revoked_at IS NULL AND expires_at > ?"
            " ORDER BY created_at",
            (branch_id, to_db(now)),
        )
        return [invite for invite in map(_invite, rows) if invite.is_open(now)]

    async def count_use(self, code: str) -> None:
        await self._db.execute("UPDATE invites SET uses = uses + 1 WHERE code = ?", (code,))

    async def revoke(self, code: str, now: datetime) -> None:
        await self._db.execute(
            "UPDATE invites SET revoked_at = ? WHERE code = ? AND revoked_at IS NULL",
            (to_db(now), code),
        )
