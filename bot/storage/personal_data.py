"""Everything stored about one person: export on request, and erasure.

Each table that can hold a person's details is listed here once. The erasure test reads the
database file's bytes afterwards, so a table forgotten here fails it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.storage.db import SqlRepo, to_db

# table -> condition selecting this person's rows (:member is their id, :addresses the
# channel:address of each of their contacts)
_EXPORT: dict[str, str] = {
    "members": "id = :member",
    "contacts": "member_id = :member",
    "placements": "member_id = :member",
    "checkins": "member_id = :member",
    "checkin_prompts": "member_id = :member",
    "dues_ledger": "member_id = :member",
    "dues_warnings": "member_id = :member",
    "review_answers": "member_id = :member",
    "renewals": "member_id = :member",
    "audit_log": "subject_id = :member OR actor_id = :member",
    "outbox": "(subject_id = :member OR peer_id = :member"
    " OR (channel || ':' || address) IN (SELECT value FROM json_each(:addresses)))"
    " AND params IS NOT NULL",
    "dialogs": "(channel || ':' || address) IN (SELECT value FROM json_each(:addresses))",
}

# Erasure keeps the members row (the dues ledger points at it) without anything personal.
_ERASE: tuple[str, ...] = (
    "DELETE FROM placements WHERE member_id = :member",
    "DELETE FROM checkins WHERE member_id = :member",
    "DELETE FROM checkin_prompts WHERE member_id = :member",
    "DELETE FROM review_answers WHERE member_id = :member",
    "DELETE FROM renewals WHERE member_id = :member",
    # The ledger keeps months and amounts (the branch must); who paid and notes are personal.
    "UPDATE dues_ledger SET payer = NULL, note = NULL, receipt = NULL WHERE member_id = :member",
    # Their addresses go from the outbox too, not only what was said to them.
    "UPDATE outbox SET params = NULL, address = '',"
    " status = CASE WHEN status = 'pending' THEN 'dropped' ELSE status END"
    " WHERE (channel || ':' || address) IN (SELECT value FROM json_each(:addresses))",
    "UPDATE outbox SET params = NULL,"
    " status = CASE WHEN status = 'pending' THEN 'dropped' ELSE status END"
    " WHERE subject_id = :member",
    "DELETE FROM contacts WHERE member_id = :member",
    "DELETE FROM dialogs WHERE (channel || ':' || address)"
    " IN (SELECT value FROM json_each(:addresses))",
    "UPDATE members SET full_name = '', phone = NULL, home_commune = NULL,"
    " expected_return = NULL, standing = 'none', standing_start = NULL, standing_end = NULL,"
    " host_org = NULL, letter_date = NULL, paused_until = NULL, pause_reason = NULL,"
    " unreachable_since = NULL, return_requested_at = NULL, returned_at = NULL,"
    " dues_base = NULL,"
    " status = 'erased', erased_at = :now"
    " WHERE id = :member",
)


class SqlPersonalData(SqlRepo):
    async def _params(self, member_id: int) -> dict[str, Any]:
        rows = await self._db.fetch_all(
            "SELECT channel, address FROM contacts WHERE member_id = ?", (member_id,)
        )
        addresses = [f"{row['channel']}:{row['address']}" for row in rows]
        return {"member": member_id, "addresses": json.dumps(addresses)}

    async def export(self, member_id: int) -> dict[str, list[dict[str, Any]]]:
        params = await self._params(member_id)
        result: dict[str, list[dict[str, Any]]] = {}
        for table, condition in _EXPORT.items():
            rows = await self._db.fetch_all(f"SELECT * FROM {table} WHERE {condition}", params)
            if rows:
                result[table] = [dict(row) for row in rows]
        return result

    async def erase(self, member_id: int, now: datetime) -> None:
        params = await self._params(member_id) | {"now": to_db(now)}
        async with self._db.transaction():
            for statement in _ERASE:
                await self._db.execute(statement, params)

    async def scrub(self) -> None:
        # The WAL still holds the pages as they were; fold it into the (securely deleted)
        # file and empty it, so erased details are not left on disk beside it.
        await self._db.fetch_all("PRAGMA wal_checkpoint(TRUNCATE)")
