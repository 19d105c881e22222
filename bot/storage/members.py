"""People in branches and where they work."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from bot.core.kernel.calendar import Month
from bot.core.kernel.contacts import Address, Channel
from bot.core.kernel.dues_profile import Category, DuesProfile, Region
from bot.core.kernel.model import (
    Member,
    MemberStatus,
    Placement,
    Registration,
    Role,
    Standing,
    StandingInfo,
    Workplace,
)
from bot.storage.db import Database, SqlRepo, from_db, opt_date, opt_time, to_db

# The contact a member is reached through: a reachable one before an unreachable one, then the
# one they used last. Every query that makes a Member selects it with this join.
CONTACT_JOIN = (
    " LEFT JOIN contacts ct ON ct.id = (SELECT c.id FROM contacts c WHERE c.member_id = m.id"
    " ORDER BY c.reachable DESC, c.last_used_at DESC, c.id DESC LIMIT 1)"
)
CONTACT_COLUMNS = "ct.channel AS contact_channel, ct.address AS contact_address"
MEMBERS = f"SELECT m.*, {CONTACT_COLUMNS} FROM members m{CONTACT_JOIN}"


_UNREACHABLE_SINCE = (
    "(CASE WHEN EXISTS (SELECT 1 FROM contacts WHERE member_id = :id AND reachable) THEN NULL"
    " ELSE COALESCE(unreachable_since, :now) END)"
)


async def refresh_unreachable(db: Database, member_id: int, now: datetime) -> None:
    """The member is unreachable while none of their contacts reaches them."""
    # Written only when it changes: every message a member writes comes through here, and a
    # write to their row makes the planners look at them again (migration 0012).
    await db.execute(
        f"UPDATE members SET unreachable_since = {_UNREACHABLE_SINCE}"
        f" WHERE id = :id AND unreachable_since IS NOT {_UNREACHABLE_SINCE}",
        {"id": member_id, "now": to_db(now)},
    )


def address_of(row: sqlite3.Row) -> Address | None:
    channel = row["contact_channel"]
    return None if channel is None else Address(Channel(channel), row["contact_address"])


def member_from_row(row: sqlite3.Row) -> Member:
    expected = row["expected_return"]
    return Member(
        id=row["id"],
        branch_id=row["branch_id"],
        address=address_of(row),
        role=Role(row["role"]),
        status=MemberStatus(row["status"]),
        full_name=row["full_name"],
        phone=row["phone"],
        home_commune=row["home_commune"],
        expected_return=Month.parse_iso(expected) if expected else None,
        standing=StandingInfo(
            kind=Standing(row["standing"]),
            start=opt_date(row["standing_start"]),
            end=opt_date(row["standing_end"]),
            host_org=row["host_org"],
            letter_date=opt_date(row["letter_date"]),
        ),
        registered_at=from_db(row["registered_at"]),
        approved_at=opt_time(row["approved_at"]),
        paused_until=opt_date(row["paused_until"]),
        pause_reason=row["pause_reason"],
        unreachable_since=opt_time(row["unreachable_since"]),
        return_requested_at=opt_time(row["return_requested_at"]),
        returned_at=opt_time(row["returned_at"]),
        dues=dues_profile(row),
        dues_confirmed_at=opt_time(row["dues_confirmed_at"]),
    )


def dues_profile(row: sqlite3.Row) -> DuesProfile | None:
    if row["dues_category"] is None:
        return None
    return DuesProfile(
        category=Category(row["dues_category"]),
        base=row["dues_base"],
        region=Region(row["dues_region"]) if row["dues_region"] else Region.IV,
        senior=bool(row["dues_senior"]),
    )


def placement_from_row(row: sqlite3.Row) -> Placement:
    return Placement(
        id=row["id"],
        member_id=row["member_id"],
        workplace=Workplace(
            province=row["province"],
            district=row["district"],
            employer=row["employer"],
            occupation=row["occupation"],
            since=Month.parse_iso(row["since"]),
        ),
        recorded_at=from_db(row["recorded_at"]),
        ended_at=opt_time(row["ended_at"]),
    )


class SqlMemberRepo(SqlRepo):
    async def by_address(self, address: Address) -> Member | None:
        row = await self._db.fetch_one(
            f"{MEMBERS} WHERE m.id = (SELECT member_id FROM contacts"
            " WHERE channel = ? AND address = ?)",
            (address.channel.value, address.value),
        )
        return None if row is None else member_from_row(row)

    async def used(self, address: Address, now: datetime) -> None:
        # They just wrote through it, so it reaches them: otherwise a contact still marked
        # unreachable would lose the ordering again and be written on every message.
        where = {"now": to_db(now), "channel": address.channel.value, "address": address.value}
        await self._db.execute(
            "UPDATE contacts SET last_used_at = :now,"
            " since = CASE WHEN reachable THEN since ELSE :now END, reachable = 1"
            " WHERE channel = :channel AND address = :address",
            where,
        )
        member_id = await self._db.fetch_value(
            "SELECT member_id FROM contacts WHERE channel = :channel AND address = :address",
            where,
        )
        if member_id is not None:
            await refresh_unreachable(self._db, int(member_id), now)

    async def get(self, member_id: int) -> Member | None:
        row = await self._db.fetch_one(f"{MEMBERS} WHERE m.id = ?", (member_id,))
        return None if row is None else member_from_row(row)

    async def _add_contact(self, member_id: int, address: Address, now: datetime) -> None:
        await self._db.execute(
            "INSERT INTO contacts (member_id, channel, address, since, last_used_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (member_id, address.channel.value, address.value, to_db(now), to_db(now)),
        )

    async def add_officer(
        self, *, branch_id: int, address: Address, role: Role, full_name: str, now: datetime
    ) -> Member:
        member_id = await self._db.execute(
            "INSERT INTO members (branch_id, role, status, full_name, registered_at,"
            " approved_at) VALUES (?, ?, 'active', ?, ?, ?)",
            (branch_id, role.value, full_name, to_db(now), to_db(now)),
        )
        await self._add_contact(member_id, address, now)
        member = await self.get(member_id)
        assert member is not None
        return member

    async def add_registration(
        self, *, branch_id: int, address: Address, registration: Registration, now: datetime
    ) -> Member:
        reg = registration
        standing = reg.standing
        member_id = await self._db.execute(
            "INSERT INTO members (branch_id, role, status, full_name, phone,"
            " home_commune, expected_return, standing, standing_start, standing_end, host_org,"
            " letter_date, registered_at, dues_category, dues_base) VALUES (?, 'member',"
            " 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                branch_id,
                reg.full_name,
                reg.phone,
                reg.home_commune,
                reg.expected_return.iso() if reg.expected_return else None,
                standing.kind.value,
                standing.start.isoformat() if standing.start else None,
                standing.end.isoformat() if standing.end else None,
                standing.host_org,
                standing.letter_date.isoformat() if standing.letter_date else None,
                to_db(now),
                reg.dues.category.value,
                reg.dues.base,
            ),
        )
        await self._add_contact(member_id, address, now)
        await self._insert_placement(member_id, reg.workplace, now)
        member = await self.get(member_id)
        assert member is not None
        return member

    async def officers(self, branch_id: int) -> list[Member]:
        rows = await self._db.fetch_all(
            f"{MEMBERS} WHERE m.branch_id = ? AND m.role != 'member' AND m.status = 'active'"
            " ORDER BY m.id",
            (branch_id,),
        )
        return [member_from_row(row) for row in rows]

    async def with_status(self, branch_id: int, status: MemberStatus) -> list[Member]:
        rows = await self._db.fetch_all(
            f"{MEMBERS} WHERE m.branch_id = ? AND m.status = ? AND m.role = 'member'"
            " ORDER BY m.id",
            (branch_id, status.value),
        )
        return [member_from_row(row) for row in rows]

    async def with_period_ending(self, branch_id: int, first: date, last: date) -> list[Member]:
        rows = await self._db.fetch_all(
            f"{MEMBERS} WHERE m.branch_id = ? AND m.status = 'active' AND m.role = 'member'"
            " AND m.standing != 'none' AND m.standing_end BETWEEN ? AND ? ORDER BY m.id",
            (branch_id, first.isoformat(), last.isoformat()),
        )
        return [member_from_row(row) for row in rows]

    async def of_branch(self, branch_id: int) -> list[Member]:
        rows = await self._db.fetch_all(
            f"{MEMBERS} WHERE m.branch_id = ? AND m.status != 'erased' ORDER BY m.id",
            (branch_id,),
        )
        return [member_from_row(row) for row in rows]

    async def set_status(self, member_id: int, status: MemberStatus, now: datetime) -> None:
        if status is MemberStatus.ACTIVE:
            # Approving a registration confirms the dues category the member gave.
            await self._db.execute(
                "UPDATE members SET status = ?, approved_at = COALESCE(approved_at, ?),"
                " dues_confirmed_at = CASE WHEN dues_category IS NULL THEN NULL"
                " ELSE COALESCE(dues_confirmed_at, ?) END WHERE id = ?",
                (status.value, to_db(now), to_db(now), member_id),
            )
        else:
            await self._db.execute(
                "UPDATE members SET status = ? WHERE id = ?", (status.value, member_id)
            )

    async def set_role(self, member_id: int, role: Role) -> None:
        await self._db.execute("UPDATE members SET role = ? WHERE id = ?", (role.value, member_id))

    async def delete(self, member_id: int) -> None:
        await self._db.execute("DELETE FROM members WHERE id = ?", (member_id,))

    async def placements(self, member_id: int) -> list[Placement]:
        rows = await self._db.fetch_all(
            "SELECT * FROM placements WHERE member_id = ? ORDER BY recorded_at DESC, id DESC",
            (member_id,),
        )
        return [placement_from_row(row) for row in rows]

    async def move(self, member_id: int, workplace: Workplace, now: datetime) -> Placement:
        await self._db.execute(
            "UPDATE placements SET ended_at = ? WHERE member_id = ? AND ended_at IS NULL",
            (to_db(now), member_id),
        )
        return await self._insert_placement(member_id, workplace, now)

    async def _insert_placement(self, member_id: int, work: Workplace, now: datetime) -> Placement:
        placement_id = await self._db.execute(
            "INSERT INTO placements (member_id, province, district, employer, occupation, since,"
            " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                member_id,
                work.province,
                work.district,
                work.employer,
                work.occupation,
                work.since.iso(),
                to_db(now),
            ),
        )
        return Placement(placement_id, member_id, work, now, None)
