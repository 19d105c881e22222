"""Invitation links."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.core.kernel.model import Invite, InviteRole
from bot.storage.db import Database, from_db, opt_time, to_db


def _invite(row: sqlite3.Row) -> Invite:
    return Invite(
        code=row["code"],
        branch_id=row["branch_id"],
        role=InviteRole(row["role"]),
        created_at=from_db(row["created_at"]),
        expires_at=from_db(row["expires_at"]),
        uses=row["uses"],
        revoked_at=opt_time(row["revoked_at"]),
    )


class SqlInviteRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, invite: Invite) -> None:
        await self._db.execute(
            "INSERT INTO invites (code, branch_id, role, created_at, expires_at, uses) "
            "VALUES (?, ?, ?, ?, ?, 0)",
            (
                invite.code,
                invite.branch_id,
                invite.role.value,
                to_db(invite.created_at),
                to_db(invite.expires_at),
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
