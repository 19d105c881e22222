"""Check-ins, the prompts that ask for them, and the member state they change."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, datetime

from bot.core.checkins.answers import Checkin, Difficulty
from bot.core.checkins.prompts import ContactState, Prompt
from bot.core.kernel.calendar import Month
from bot.core.kernel.contacts import Address
from bot.core.kernel.model import Workplace
from bot.storage.db import SqlRepo, from_db, opt_time, to_db
from bot.storage.members import (
    CONTACT_COLUMNS,
    CONTACT_JOIN,
    member_from_row,
    refresh_unreachable,
)
from bot.storage.rows import row_mapper

_prompt = row_mapper(Prompt)


_checkin = row_mapper(Checkin)


_CONTACT_STATES = f"""
SELECT m.*, {CONTACT_COLUMNS},
       (SELECT MAX(c.at) FROM checkins c WHERE c.member_id = m.id) AS last_checkin_at,
       p.id AS p_id, p.due_date, p.planned_at, p.nudged_at, p.escalated_at,
       pl.province, pl.district, pl.employer, pl.occupation, pl.since
FROM members m{CONTACT_JOIN}
LEFT JOIN checkin_prompts p ON p.id = (
    SELECT id FROM checkin_prompts WHERE member_id = m.id ORDER BY due_date DESC, id DESC LIMIT 1)
LEFT JOIN placements pl ON pl.member_id = m.id AND pl.ended_at IS NULL
WHERE {{where}} AND m.role = 'member' AND m.status = 'active'
ORDER BY m.id
"""


class SqlCheckinRepo(SqlRepo):
    async def contact_states(self, branch_id: int) -> list[ContactState]:
        return await self._contact_states("m.branch_id = ?", branch_id)

    async def contact_states_of(self, member_ids: Sequence[int]) -> list[ContactState]:
        return await self._contact_states(
            "m.id IN (SELECT value FROM json_each(?))", json.dumps(list(member_ids))
        )

    async def _contact_states(self, where: str, arg: object) -> list[ContactState]:
        states = []
        for row in await self._db.fetch_all(_CONTACT_STATES.format(where=where), (arg,)):
            prompt = None
            if row["p_id"] is not None:
                prompt = Prompt(
                    row["p_id"],
                    row["id"],
                    date.fromisoformat(row["due_date"]),
                    from_db(row["planned_at"]),
                    opt_time(row["nudged_at"]),
                    opt_time(row["escalated_at"]),
                )
            workplace = None
            if row["employer"] is not None:
                workplace = Workplace(
                    row["province"],
                    row["district"],
                    row["employer"],
                    row["occupation"],
                    Month.parse_iso(row["since"]),
                )
            states.append(
                ContactState(
                    member_from_row(row), workplace, opt_time(row["last_checkin_at"]), prompt
                )
            )
        return states

    async def add_prompts(
        self, member_ids: Sequence[int], due: date, now: datetime
    ) -> dict[int, Prompt]:
        # One statement for a whole wave of prompts ("WHERE true": SQLite's upsert after a
        # SELECT needs it to parse).
        rows = await self._db.fetch_all(
            "INSERT INTO checkin_prompts (member_id, due_date, planned_at)"
            " SELECT value, ?, ? FROM json_each(?) WHERE true"
            " ON CONFLICT (member_id, due_date) DO NOTHING RETURNING id, member_id",
            (due.isoformat(), to_db(now), json.dumps(list(member_ids))),
        )
        return {member: Prompt(id_, member, due, now, None, None) for id_, member in rows}

    async def prompt(self, prompt_id: int) -> Prompt | None:
        row = await self._db.fetch_one("SELECT * FROM checkin_prompts WHERE id = ?", (prompt_id,))
        return None if row is None else _prompt(row)

    async def mark_nudged(self, prompt_id: int, now: datetime) -> None:
        await self._db.execute(
            "UPDATE checkin_prompts SET nudged_at = ? WHERE id = ?", (to_db(now), prompt_id)
        )

    async def mark_escalated(self, prompt_id: int, now: datetime) -> None:
        await self._db.execute(
            "UPDATE checkin_prompts SET escalated_at = ? WHERE id = ?", (to_db(now), prompt_id)
        )

    async def add(self, checkin: Checkin) -> Checkin:
        row = await self._db.fetch_one(
            "INSERT INTO checkins (member_id, at, kind, prompt_id, note, latitude, longitude,"
            " difficulty, placement_id, relayed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " RETURNING *",
            (
                checkin.member_id,
                to_db(checkin.at),
                checkin.kind.value,
                checkin.prompt_id,
                checkin.note,
                checkin.latitude,
                checkin.longitude,
                checkin.difficulty.value if checkin.difficulty else None,
                checkin.placement_id,
                int(checkin.relayed),
            ),
        )
        assert row is not None
        return _checkin(row)

    async def get(self, checkin_id: int) -> Checkin | None:
        row = await self._db.fetch_one("SELECT * FROM checkins WHERE id = ?", (checkin_id,))
        return None if row is None else _checkin(row)

    async def last_checkin(self, member_id: int) -> Checkin | None:
        row = await self._db.fetch_one(
            "SELECT * FROM checkins WHERE member_id = ? ORDER BY at DESC, id DESC LIMIT 1",
            (member_id,),
        )
        return None if row is None else _checkin(row)

    async def recent(self, member_id: int, limit: int) -> list[Checkin]:
        rows = await self._db.fetch_all(
            "SELECT * FROM checkins WHERE member_id = ? ORDER BY at DESC, id DESC LIMIT ?",
            (member_id, limit),
        )
        return [_checkin(row) for row in rows]

    async def of_branch(self, branch_id: int) -> list[Checkin]:
        rows = await self._db.fetch_all(
            "SELECT c.* FROM checkins c JOIN members m ON m.id = c.member_id"
            " WHERE m.branch_id = ? ORDER BY c.at, c.id",
            (branch_id,),
        )
        return [_checkin(row) for row in rows]

    async def checkin_weeks(
        self, branch_id: int, bounds: Sequence[datetime]
    ) -> set[tuple[int, int]]:
        # Stored times sort as text, so each check-in finds its week without being parsed.
        edges = [to_db(bound) for bound in bounds]
        rows = await self._db.fetch_all(
            "SELECT c.member_id, c.at FROM members m CROSS JOIN checkins c ON c.member_id = m.id"
            " WHERE m.branch_id = ? AND c.at >= ? AND c.at < ?",
            (branch_id, edges[0], edges[-1]),
        )
        return {(member_id, bisect_right(edges, at) - 1) for member_id, at in rows}

    async def set_note(self, checkin_id: int, note: str) -> None:
        await self._db.execute("UPDATE checkins SET note = ? WHERE id = ?", (note, checkin_id))

    async def set_difficulty(self, checkin_id: int, difficulty: Difficulty, note: str) -> None:
        await self._db.execute(
            "UPDATE checkins SET difficulty = ?, note = ? WHERE id = ?",
            (difficulty.value, note, checkin_id),
        )

    async def set_location(self, checkin_id: int, latitude: float, longitude: float) -> None:
        await self._db.execute(
            "UPDATE checkins SET latitude = ?, longitude = ? WHERE id = ?",
            (latitude, longitude, checkin_id),
        )

    async def set_pause(self, member_id: int, until: date | None, reason: str | None) -> None:
        await self._db.execute(
            "UPDATE members SET paused_until = ?, pause_reason = ? WHERE id = ?",
            (until.isoformat() if until else None, reason, member_id),
        )

    async def set_reachable(
        self, member_id: int, address: Address | None, reachable: bool, now: datetime
    ) -> None:
        where, args = "member_id = ?", [str(member_id)]
        if address is not None:
            where += " AND channel = ? AND address = ?"
            args += [address.channel.value, address.value]
        await self._db.execute(
            f"UPDATE contacts SET reachable = ?, since = ? WHERE {where} AND reachable != ?",
            (reachable, to_db(now), *args, reachable),
        )
        await refresh_unreachable(self._db, member_id, now)

    async def set_return_requested(self, member_id: int, at: datetime | None) -> None:
        await self._db.execute(
            "UPDATE members SET return_requested_at = ? WHERE id = ?",
            (to_db(at) if at else None, member_id),
        )

    async def set_returned(self, member_id: int, at: datetime | None) -> None:
        await self._db.execute(
            "UPDATE members SET returned_at = ? WHERE id = ?",
            (None if at is None else to_db(at), member_id),
        )
