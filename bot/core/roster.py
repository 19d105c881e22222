"""The secretary's member list and member card: who is where, who has gone quiet, who owes
dues, in pages and filters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.core.checkins.answers import Checkin
from bot.core.checkins.ports import CheckinRepo
from bot.core.checkins.prompts import Prompt, is_paused, overdue
from bot.core.dues.ledger import Statement
from bot.core.dues.statements import Arrears, DuesService, MemberDues
from bot.core.kernel.access import Action, Actor
from bot.core.kernel.deps import Deps
from bot.core.kernel.errors import NotFound
from bot.core.kernel.model import AuditEntry, Member, MemberStatus, Placement, Role, Workplace
from bot.core.kernel.ports import MemberRepo
from bot.core.kernel.text import N_
from bot.core.review.rules import Review, ReviewAnswer
from bot.core.review.service import ReviewService

PAGE_SIZE = 10
RECENT_CHECKINS = 5
NO_ARREARS = Arrears((), 0)


class Filter(StrEnum):
    ALL = "all"
    AWAY = "away"  # working away: the members the bot keeps in touch with
    OVERDUE = "late"  # no answer to their last check-in prompt
    UNPAID = "unpaid"  # dues past due this year
    UNREACHABLE = "off"  # blocked the bot
    WAITING = "wait"  # a payment report waits for an officer


class Mark(StrEnum):
    """What a list shows next to a name."""

    RETURNED = "returned"
    UNREACHABLE = "unreachable"
    RETURN_WAITING = "return_waiting"
    PAUSED = "paused"
    OVERDUE = "overdue"
    UNPAID = "unpaid"
    WAITING = "waiting"


@dataclass(frozen=True, slots=True)
class RosterRow:
    member: Member
    workplace: Workplace | None
    last_checkin_at: datetime | None
    overdue: Prompt | None
    arrears: Arrears
    paused: bool = False

    @property
    def marks(self) -> list[Mark]:
        member = self.member
        found = []
        if member.status is MemberStatus.RETURNED:
            found.append(Mark.RETURNED)
        if member.unreachable_since is not None:
            found.append(Mark.UNREACHABLE)
        if member.return_requested_at is not None:
            found.append(Mark.RETURN_WAITING)
        if self.paused:
            found.append(Mark.PAUSED)
        if self.overdue is not None:
            found.append(Mark.OVERDUE)
        if self.arrears.past_due:
            found.append(Mark.UNPAID)
        if self.arrears.waiting:
            found.append(Mark.WAITING)
        return found

    def matches(self, wanted: Filter) -> bool:
        match wanted:
            case Filter.ALL:
                return True
            case Filter.AWAY:
                return self.member.works_away
            case Filter.OVERDUE:
                return self.overdue is not None
            case Filter.UNPAID:
                return bool(self.arrears.past_due)
            case Filter.UNREACHABLE:
                return self.member.unreachable_since is not None
            case Filter.WAITING:
                return self.arrears.waiting > 0


def sort_key(member: Member) -> tuple[str, str]:
    """Vietnamese lists go by given name (the last word), then the whole name."""
    name = member.full_name.casefold()
    return (name.rsplit(" ", 1)[-1], name)


@dataclass(frozen=True, slots=True)
class Page:
    filter: Filter
    number: int  # from 0
    pages: int
    total: int
    rows: Sequence[RosterRow]


@dataclass(frozen=True, slots=True)
class MemberCard:
    row: RosterRow
    placements: Sequence[Placement]  # newest first
    checkins: Sequence[Checkin]  # newest first
    statement: Statement | None  # the year's dues
    review: Review | None
    answer: ReviewAnswer | None


@dataclass(frozen=True, slots=True)
class BranchExport:
    """What the branch workbook holds."""

    rows: Sequence[RosterRow]
    checkins: Sequence[Checkin]
    dues: Sequence[MemberDues]
    year: int
    review: Review | None
    answers: Mapping[int, ReviewAnswer]


@dataclass(frozen=True, slots=True, kw_only=True)
class RosterService:
    deps: Deps
    checkins: CheckinRepo
    members: MemberRepo
    dues: DuesService
    review: ReviewService

    async def _rows(self, branch_id: int) -> list[RosterRow]:
        now = self.deps.now()
        today = self.deps.local_date(now)
        arrears = await self.dues.arrears_of_branch(branch_id)
        rows = [
            RosterRow(
                s.member,
                s.workplace,
                s.last_checkin_at,
                overdue(s, now),
                arrears.get(s.member.id, NO_ARREARS),
                is_paused(s.member, today),
            )
            for s in await self.checkins.contact_states(branch_id)
        ]
        for member in await self.members.with_status(branch_id, MemberStatus.RETURNED):
            rows.append(RosterRow(member, None, None, None, arrears.get(member.id, NO_ARREARS)))
        rows.sort(key=lambda row: sort_key(row.member))
        return rows

    async def rows(self, actor: Actor, wanted: Filter) -> list[RosterRow]:
        officer = actor.require_member(Action.VIEW_MEMBERS)
        return [row for row in await self._rows(officer.branch_id) if row.matches(wanted)]

    async def page(self, actor: Actor, wanted: Filter, number: int) -> Page:
        rows = await self.rows(actor, wanted)
        pages = max(1, -(-len(rows) // PAGE_SIZE))
        number = min(max(0, number), pages - 1)
        shown = rows[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
        return Page(wanted, number, pages, len(rows), shown)

    async def card(self, actor: Actor, member_id: int) -> MemberCard:
        officer = actor.require_member(Action.VIEW_MEMBERS)
        member = await self.members.get(member_id)
        if (
            member is None
            or member.branch_id != officer.branch_id
            or member.role is not Role.MEMBER
            or member.status not in (MemberStatus.ACTIVE, MemberStatus.RETURNED)
        ):
            raise NotFound(N_("This member is no longer registered."))
        row = next(r for r in await self._rows(member.branch_id) if r.member.id == member_id)
        _member, statement = await self.dues.member_statement(actor, member_id)
        review, answer = await self.review.status_of(member)
        return MemberCard(
            row,
            await self.members.placements(member_id),
            await self.checkins.recent(member_id, RECENT_CHECKINS),
            statement,
            review,
            answer,
        )

    async def export(self, actor: Actor) -> BranchExport:
        """Everything the branch workbook holds (audited: it is personal data)."""
        officer = actor.require_member(Action.EXPORT_BRANCH)
        branch_id = officer.branch_id
        review, answers = await self.review.branch_status(branch_id)
        found = BranchExport(
            await self._rows(branch_id),
            await self.checkins.of_branch(branch_id),
            await self.dues.branch_dues(actor),
            self.dues.current_month().year,
            review,
            answers,
        )
        await self.deps.audit.record(
            AuditEntry(self.deps.now(), branch_id, officer.id, "branch_exported", None)
        )
        return found
