"""What the weekly digest reads: counts and the entries that need a name."""

from __future__ import annotations

from datetime import datetime

from bot.core.digest import Entry, EntryKind
from bot.storage.db import Database, to_db

_AWAY = "m.branch_id = :branch AND m.role = 'member' AND m.status = 'active'"

# (kind, query): each query returns id, full_name and the entry's details, for :branch and the
# period [:start, :end).
_ENTRIES: tuple[tuple[EntryKind, str], ...] = (
    (
        EntryKind.DIFFICULTY,
        "SELECT m.id, m.full_name, c.difficulty, c.note FROM checkins c"
        " JOIN members m ON m.id = c.member_id"
        " WHERE m.branch_id = :branch AND c.kind = 'difficulty' AND c.at >= :start AND c.at < :end"
        " ORDER BY c.at",
    ),
    (
        EntryKind.UNANSWERED,
        "SELECT m.id, m.full_name, p.due_date AS asked FROM members m"
        " JOIN checkin_prompts p ON p.id = (SELECT id FROM checkin_prompts WHERE member_id = m.id"
        "   ORDER BY due_date DESC, id DESC LIMIT 1)"
        f" WHERE {_AWAY} AND m.unreachable_since IS NULL AND m.return_requested_at IS NULL"
        " AND p.planned_at < :unanswered_before"
        " AND NOT EXISTS (SELECT 1 FROM checkins c"
        "   WHERE c.member_id = m.id AND c.at >= p.planned_at)"
        " ORDER BY p.due_date, m.full_name",
    ),
    (
        EntryKind.UNREACHABLE,
        f"SELECT m.id, m.full_name FROM members m WHERE {_AWAY}"
        " AND m.unreachable_since IS NOT NULL"
        " ORDER BY m.full_name",
    ),
    (
        EntryKind.RETURN_WAITING,
        f"SELECT m.id, m.full_name FROM members m WHERE {_AWAY}"
        " AND m.return_requested_at IS NOT NULL ORDER BY m.full_name",
    ),
    (
        EntryKind.REGISTRATION_WAITING,
        "SELECT m.id, m.full_name FROM members m WHERE m.branch_id = :branch"
        " AND m.status = 'pending' ORDER BY m.registered_at",
    ),
    (
        EntryKind.MOVED,
        "SELECT m.id, m.full_name, p.employer, p.province FROM placements p"
        " JOIN members m ON m.id = p.member_id"
        " WHERE m.branch_id = :branch AND p.recorded_at >= :start AND p.recorded_at < :end"
        " AND EXISTS (SELECT 1 FROM placements q WHERE q.member_id = p.member_id AND q.id < p.id)"
        " ORDER BY p.recorded_at",
    ),
    (
        EntryKind.RETURNED,
        "SELECT m.id, m.full_name FROM members m WHERE m.branch_id = :branch"
        " AND m.returned_at >= :start AND m.returned_at < :end ORDER BY m.returned_at",
    ),
    (
        EntryKind.PAUSED,
        "SELECT m.id, m.full_name, m.paused_until AS until FROM checkins c"
        " JOIN members m ON m.id = c.member_id"
        " WHERE m.branch_id = :branch AND c.kind = 'paused' AND c.at >= :start AND c.at < :end"
        " AND m.paused_until IS NOT NULL ORDER BY c.at",
    ),
    (
        EntryKind.NOTE,
        "SELECT m.id, m.full_name, c.note FROM checkins c JOIN members m ON m.id = c.member_id"
        " WHERE m.branch_id = :branch AND c.relayed = 0 AND c.note IS NOT NULL"
        " AND c.at >= :start AND c.at < :end ORDER BY c.at",
    ),
)


class SqlDigestRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def counts(self, branch_id: int, start: datetime, end: datetime) -> tuple[int, int]:
        row = await self._db.fetch_one(
            "SELECT COUNT(DISTINCT m.id) AS away, COUNT(DISTINCT c.member_id) AS checked"
            " FROM members m"
            " LEFT JOIN checkins c ON c.member_id = m.id AND c.at >= :start AND c.at < :end"
            f" WHERE {_AWAY}",
            {"branch": branch_id, "start": to_db(start), "end": to_db(end)},
        )
        assert row is not None
        return int(row["away"] or 0), int(row["checked"] or 0)

    async def entries(
        self, branch_id: int, start: datetime, end: datetime, unanswered_before: datetime
    ) -> list[Entry]:
        params = {
            "branch": branch_id,
            "start": to_db(start),
            "end": to_db(end),
            "unanswered_before": to_db(unanswered_before),
        }
        found: list[Entry] = []
        for kind, query in _ENTRIES:
            for row in await self._db.fetch_all(query, params):
                detail = {k: v for k, v in dict(row).items() if k not in ("id", "full_name")}
                found.append(Entry(kind, row["full_name"], row["id"], detail))
        return found

    async def was_built(self, branch_id: int, period_end: datetime) -> bool:
        return bool(
            await self._db.fetch_value(
                "SELECT 1 FROM digest_runs WHERE branch_id = ? AND period_end = ?",
                (branch_id, to_db(period_end)),
            )
        )

    async def mark_built(self, branch_id: int, period_end: datetime, now: datetime) -> None:
        await self._db.execute(
            "INSERT INTO digest_runs (branch_id, period_end, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (branch_id, to_db(period_end), to_db(now)),
        )
