"""The dues ledger (append-only: SQLite triggers refuse deletes and rewrites), warnings sent,
and the months whose reminders were planned."""

from __future__ import annotations

from datetime import datetime

from bot.core.dues.ledger import LedgerEntry, reductions_in
from bot.core.dues.statements import months_text, parse_months
from bot.core.kernel.calendar import Month
from bot.core.kernel.dues_profile import DuesProfile, Reduction
from bot.core.kernel.model import Member
from bot.storage.db import SqlRepo, from_db, to_db
from bot.storage.members import MEMBERS, member_from_row
from bot.storage.rows import row_mapper

_entry = row_mapper(LedgerEntry, months=lambda row: parse_months(row["months"]))


class SqlDuesRepo(SqlRepo):
    async def payers(self, branch_id: int) -> list[Member]:
        rows = await self._db.fetch_all(
            f"{MEMBERS} WHERE m.branch_id = ? AND m.status = 'active'"
            " ORDER BY m.role != 'member', m.full_name",
            (branch_id,),
        )
        return [member_from_row(row) for row in rows]

    async def entries(self, member_id: int) -> list[LedgerEntry]:
        rows = await self._db.fetch_all(
            "SELECT * FROM dues_ledger WHERE member_id = ? ORDER BY id", (member_id,)
        )
        return [_entry(row) for row in rows]

    async def entries_of_branch(
        self, branch_id: int, since: Month | None = None
    ) -> dict[int, list[LedgerEntry]]:
        # Months are stored sorted, so the last seven characters are the latest month.
        query = "SELECT * FROM dues_ledger WHERE branch_id = ?"
        if since is not None:
            query += " AND substr(months, -7) >= ?"
        found: dict[int, list[LedgerEntry]] = {}
        args = (branch_id,) if since is None else (branch_id, since.iso())
        for row in await self._db.fetch_all(query + " ORDER BY id", args):
            entry = _entry(row)
            found.setdefault(entry.member_id, []).append(entry)
        return found

    async def confirmed_totals(self, branch_id: int, since: Month) -> dict[int, dict[Month, int]]:
        # Confirmations and corrections name one month each.
        rows = await self._db.fetch_all(
            "SELECT member_id, months, SUM(amount) AS total FROM dues_ledger"
            " WHERE branch_id = ? AND kind IN ('confirmation', 'correction') AND months >= ?"
            " GROUP BY member_id, months",
            (branch_id, since.iso()),
        )
        found: dict[int, dict[Month, int]] = {}
        for member_id, month, total in rows:
            found.setdefault(member_id, {})[Month.parse_iso(month)] = int(total or 0)
        return found

    async def reductions_of_branch(self, branch_id: int) -> dict[int, tuple[Reduction, ...]]:
        found: dict[int, list[LedgerEntry]] = {}
        for row in await self._db.fetch_all(
            "SELECT * FROM dues_ledger WHERE branch_id = ? AND kind = 'reduction' ORDER BY id",
            (branch_id,),
        ):
            entry = _entry(row)
            found.setdefault(entry.member_id, []).append(entry)
        return {member_id: reductions_in(entries) for member_id, entries in found.items()}

    async def confirmations_since(
        self, branch_id: int, since: Month
    ) -> list[tuple[int, Month, datetime, int]]:
        rows = await self._db.fetch_all(
            "SELECT member_id, months, at, amount FROM dues_ledger"
            " WHERE branch_id = ? AND kind IN ('confirmation', 'correction') AND months >= ?",
            (branch_id, since.iso()),
        )
        return [
            (member_id, Month.parse_iso(month), from_db(at), int(amount or 0))
            for member_id, month, at, amount in rows
        ]

    async def pending_of_branch(self, branch_id: int) -> list[LedgerEntry]:
        rows = await self._db.fetch_all(
            "SELECT * FROM dues_ledger r WHERE r.branch_id = ? AND r.kind = 'report'"
            " AND NOT EXISTS (SELECT 1 FROM dues_ledger a WHERE a.report_id = r.id"
            "   AND a.kind IN ('confirmation', 'rejection'))"
            " ORDER BY r.id",
            (branch_id,),
        )
        return [_entry(row) for row in rows]

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
