"""The weekly digest: one message on Monday morning that tells a branch's leaders what needs
them, what changed, how the month's dues stand, and how many members they heard from.

Names where action is needed, counts otherwise. The digest is computed from the database for
the week that ends at the branch's digest time. Check-ins and registrations are its base; every
other capability adds a ``DigestPart`` through a ``DigestSection`` (dues, the year-end review).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.checkins.ports import CheckinRepo
from bot.core.checkins.prompts import overdue
from bot.core.digest.parts import (
    CHECKIN_RATE,
    SERIES_WEEKS,
    WEEK,
    Digest,
    DigestPart,
    DigestSection,
    Entry,
    EntryKind,
    Week,
    checkin_rates,
)
from bot.core.digest.ports import DigestRepo
from bot.core.kernel.access import Action, Actor
from bot.core.kernel.deps import Deps
from bot.core.kernel.model import Member
from bot.core.kernel.notices import NoticeKind, Urgency
from bot.core.kernel.ports import BranchRepo, MemberRepo
from bot.core.members.branch_rounds import BranchRounds, next_weekly
from bot.core.members.settings import BranchSettings

PLANNER = "digest"  # its rows in the due queue (migration 0012)


@dataclass(frozen=True, slots=True, kw_only=True)
class DigestService:
    deps: Deps
    repo: DigestRepo
    checkins: CheckinRepo
    branches: BranchRepo
    members: MemberRepo
    rounds: BranchRounds
    sections: Sequence[DigestSection] = ()

    async def build(self, branch_id: int, end: datetime) -> Digest:
        """The digest of the week that ends at ``end``."""
        week = Week.ending(end)
        branch = await self.branches.get(branch_id)
        members = await self.members.of_branch(branch_id)
        away = [m for m in members if m.works_away]
        weeks = await self._checkin_weeks(branch_id, week)
        parts = [await self._base(branch_id, week, members, weeks)]
        parts += [await section(branch_id, week, members) for section in self.sections]
        series: dict[str, list[float | None]] = {}
        for part in parts:
            series.update(part.series)
        return Digest(
            branch_id,
            branch.name if branch else "",
            week.start,
            week.end,
            len(away),
            len(weeks.get(SERIES_WEEKS - 1, set()) & {m.id for m in away}),
            [entry for part in parts for entry in part.entries],
            {name: values for p in parts for name, values in p.figures.items()},
            series,
        )

    async def _checkin_weeks(self, branch_id: int, week: Week) -> dict[int, set[int]]:
        """For each of the chart's weeks (0 the oldest, the last one the digest's own), the
        members who checked in during it."""
        ends = week.series_ends
        seen: dict[int, set[int]] = {}
        for member_id, index in await self.checkins.checkin_weeks(
            branch_id, [ends[0] - WEEK, *ends]
        ):
            seen.setdefault(index, set()).add(member_id)
        return seen

    async def _base(
        self,
        branch_id: int,
        week: Week,
        members: Sequence[Member],
        weeks: Mapping[int, set[int]],
    ) -> DigestPart:
        """Check-ins, moves, returns and registrations, and the weekly check-in rate."""
        entries = await self.repo.entries(branch_id, week.start, week.end)
        for state in await self.checkins.contact_states(branch_id):
            prompt = overdue(state, week.end)
            if prompt is not None:
                entries.append(
                    Entry(
                        EntryKind.UNANSWERED,
                        state.member.full_name,
                        state.member.id,
                        {"asked": prompt.due_date.isoformat()},
                    )
                )
        return DigestPart(entries, series={CHECKIN_RATE: checkin_rates(week, members, weeks)})

    async def current(self, actor: Actor) -> Digest:
        """The week so far, for a leader who asks with /digest."""
        officer = actor.require_member(Action.READ_DIGEST)
        return await self.build(officer.branch_id, self.deps.now())

    async def committee(self, actor: Actor) -> list[Digest]:
        """Every branch's week so far, for an operator's totals (the view shows no names)."""
        actor.require(Action.VIEW_COMMITTEE)
        now = self.deps.now()
        return [await self.build(branch.id, now) for branch in await self.branches.all()]

    async def plan(self) -> int:
        """Queue this week's digest for every branch whose digest time has come."""
        return await self.rounds.run(PLANNER, next_weekly, self._plan_branch)

    async def _plan_branch(self, branch_id: int, settings: BranchSettings) -> int:
        if not settings.digest_enabled:
            return 0
        now = self.deps.now()
        moment = settings.digest_moment(self.deps.local_date(now), self.deps.zone)
        if now < moment or await self.repo.was_built(branch_id, moment):
            return 0
        digest = await self.build(branch_id, moment)
        async with self.deps.tx.transaction():
            await self.repo.mark_built(branch_id, moment, now)
            return await self.deps.tell.leaders(
                branch_id=branch_id,
                kind=NoticeKind.DIGEST,
                key=f"digest:{branch_id}:{moment.date()}",
                params=digest.to_params(),
                urgency=Urgency.SCHEDULED,
            )
