"""The dues ledger (append-only: SQLite triggers refuse deletes and rewrites), warnings sent,
and the months whose reminders were planned."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.core.calendar import Month
from bot.core.dues import months_text, parse_months
from bot.core.dues_ledger import EntryKind, LedgerEntry, PayMethod
from bot.core.dues_rates import DuesProfile
from bot.core.model import Member
from bot.storage.db import Database, from_db, to_db
from bot.storage.members import member_from_row


def _entry(row: sqlite3.Row) -> LedgerEntry:
    return LedgerEntry(
        id=row["id"],
        member_id=row["member_id"],
        kind=EntryKind(row["kind"]),
        at=from_db(row["at"]),
        actor_id=row["actor_id"],
        months=parse_months(row["months"]),
        amount=row["amount"],
        method=PayMethod(row["method"]) if row["method"] else None,
        payer=row["payer"],
        note=row["note"],
        report_id=row["report_id"],
        receipt=row["receipt"],
        percent=row["percent"],
    )


class SqlDuesRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def payers(self, branch_id: int) -> list[Member]:
        rows = await self._db.fetch_all(
            "SELECT * FROM members WHERE branch_id = ? AND status = 'active'"
            " ORDER BY role != 'member', full_name",
            (branch_id,),
        )
        return [member_from_row(row) for row in rows]

    async def entries(self, member_id: int) -> list[LedgerEntry]:
        rows = await self._db.fetch_all(
            "SELECT * FROM dues_ledger WHERE member_id = ? ORDER BY id", (member_id,)
        )
        return [_entry(row) for row in rows]

    async def entries_of_branch(self, branch_id: int) -> dict[int, list[LedgerEntry]]:
        found: dict[int, list[LedgerEntry]] = {}
        for row in await self._db.fetch_all(
            "SELECT * FROM dues_ledger WHERE branch_id = ? ORDER BY id", (branch_id,)
        ):
            entry = _entry(row)
            found.setdefault(entry.member_id, []).append(entry)
        return found

    async def entry(self, entry_id: int) -> LedgerEntry | None:
        row = await self._db.fetch_one("SELECT * FROM dues_ledger WHERE id = ?", (entry_id,))
        return None if row is None else _entry(row)

    async def add(self, entry: LedgerEntry, branch_id: int) -> LedgerEntry:
        entry_id = await self._db.execute(
            "INSERT INTO dues_ledger (member_id, branch_id, kind, at, actor_id, months, amount,"
            " method, payer, note, report_id, receipt, percent)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.member_id,
                branch_id,
                entry.kind.value,
                to_db(entry.at),
                entry.actor_id,
                months_text(entry.months),
                entry.amount,
                entry.method.value if entry.method else None,
                entry.payer,
                entry.note,
                entry.report_id,
                entry.receipt,
                entry.percent,
            ),
        )
        stored = await self.entry(entry_id)
        assert stored is not None
        return stored

    async def warnings(self, member_id: int, year: int) -> set[int]:
        rows = await self._db.fetch_all(
            "SELECT level FROM dues_warnings WHERE member_id = ? AND year = ?", (member_id, year)
        )
        return {row[0] for row in rows}

    async def add_warning(self, member_id: int, year: int, level: int, at: datetime) -> None:
        await self._db.execute(
            "INSERT INTO dues_warnings (member_id, year, level, at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (member_id, year, level, to_db(at)),
        )

    async def set_profile(self, member_id: int, profile: DuesProfile, at: datetime) -> None:
        await self._db.execute(
            "UPDATE members SET dues_category = ?, dues_base = ?, dues_region = ?,"
            " dues_senior = ?, dues_confirmed_at = ? WHERE id = ?",
            (
                profile.category.value,
                profile.base,
                profile.region.value,
                int(profile.senior),
                to_db(at),
                member_id,
            ),
        )

    async def was_planned(self, branch_id: int, month: Month) -> bool:
        return bool(
            await self._db.fetch_value(
                "SELECT 1 FROM dues_runs WHERE branch_id = ? AND month = ?",
                (branch_id, month.iso()),
            )
        )

    async def mark_planned(self, branch_id: int, month: Month, at: datetime) -> None:
        await self._db.execute(
            "INSERT INTO dues_runs (branch_id, month, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (branch_id, month.iso(), to_db(at)),
        )
