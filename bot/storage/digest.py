"""What the weekly digest reads: counts and the entries that need a name."""

from __future__ import annotations

from datetime import datetime

from bot.core.digest.parts import Entry, EntryKind
from bot.core.kernel.access import SETTLED_AUDIT
from bot.storage.db import SqlRepo, to_db

_AWAY = "m.branch_id = :branch AND m.role = 'member' AND m.status = 'active'"
# The branch's members first, then their check-ins by the (member, time) index: the planner
# would otherwise walk the whole district's week of check-ins for each branch.
_CHECKINS = "members m CROSS JOIN checkins c ON c.member_id = m.id"

# (kind, names of the details in columns a and b, query): each query selects id, full_name, a,
# b, and s (the order within the kind), for :branch and the period [:start, :end). They run as
# one UNION ALL.
_ENTRIES: tuple[tuple[EntryKind, tuple[str, ...], str], ...] = (
    (
        EntryKind.DIFFICULTY,
        ("difficulty", "note"),
        f"SELECT m.id, m.full_name, c.difficulty AS a, c.note AS b, c.at AS s FROM {_CHECKINS}"
        " WHERE m.branch_id = :branch AND c.kind = 'difficulty'"
        " AND c.at >= :start AND c.at < :end",
    ),
    (
        EntryKind.UNREACHABLE,
        (),
        f"SELECT m.id, m.full_name, NULL, NULL, m.full_name FROM members m WHERE {_AWAY}"
        " AND m.unreachable_since IS NOT NULL",
    ),
    (
        EntryKind.RETURN_WAITING,
        (),
        f"SELECT m.id, m.full_name, NULL, NULL, m.full_name FROM members m WHERE {_AWAY}"
        " AND m.return_requested_at IS NOT NULL",
    ),
    (
        EntryKind.REGISTRATION_WAITING,
        (),
        "SELECT m.id, m.full_name, NULL, NULL, m.registered_at FROM members m"
        " WHERE m.branch_id = :branch AND m.status = 'pending'",
    ),
    (
        EntryKind.MOVED,
        ("employer", "province"),
        "SELECT m.id, m.full_name, p.employer, p.province, p.recorded_at"
        " FROM members m CROSS JOIN placements p ON p.member_id = m.id"
        " WHERE m.branch_id = :branch AND p.recorded_at >= :start AND p.recorded_at < :end"
        " AND EXISTS (SELECT 1 FROM placements q WHERE q.member_id = p.member_id AND q.id < p.id)",
    ),
    (
        EntryKind.RETURNED,
        (),
        "SELECT m.id, m.full_name, NULL, NULL, m.returned_at FROM members m"
        " WHERE m.branch_id = :branch AND m.returned_at >= :start AND m.returned_at < :end",
    ),
    (
        EntryKind.PAUSED,
        ("until",),
        f"SELECT m.id, m.full_name, m.paused_until, NULL, c.at FROM {_CHECKINS}"
        " WHERE m.branch_id = :branch AND c.kind = 'paused' AND c.at >= :start AND c.at < :end"
        " AND m.paused_until IS NOT NULL",
    ),
    (
        EntryKind.SELF_SETTLED,
        ("action", "detail"),
        "SELECT m.id, m.full_name, a.action, a.detail, a.at"
        " FROM audit_log a CROSS JOIN members m ON m.id = a.subject_id"
        " WHERE a.branch_id = :branch AND a.actor_id = a.subject_id"
        f" AND a.action IN ({', '.join(repr(action) for action in sorted(SETTLED_AUDIT))})"
        " AND a.at >= :start AND a.at < :end",
    ),
    (
        EntryKind.NOTE,
        ("note",),
        f"SELECT m.id, m.full_name, c.note, NULL, c.at FROM {_CHECKINS}"
        " WHERE m.branch_id = :branch AND c.relayed = 0 AND c.note IS NOT NULL"
        " AND c.at >= :start AND c.at < :end",
    ),
)
_ENTRIES_QUERY = (
    " UNION ALL ".join(
        f"SELECT {number} AS k, * FROM ({query})"
        for number, (_k, _d, query) in enumerate(_ENTRIES)
    )
    + " ORDER BY k, 6"
)


class SqlDigestRepo(SqlRepo):
    async def entries(self, branch_id: int, start: datetime, end: datetime) -> list[Entry]:
        params = {"branch": branch_id, "start": to_db(start), "end": to_db(end)}
        found: list[Entry] = []
        for number, member_id, name, a, b, _order in await self._db.fetch_all(
            _ENTRIES_QUERY, params
        ):
            kind, names, _query = _ENTRIES[number]
            found.append(Entry(kind, name, member_id, dict(zip(names, (a, b), strict=False))))
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
