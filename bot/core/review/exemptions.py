"""Periods of exemption and temporary registration, whose ends are easy to miss.

A member on such a period is reminded 30 and 7 days before it ends (the leaders too), and
either asks for a renewal the branch approves, or comes back and reports back with the remark
of their employer or the local authority. The bot fills in the application form for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.core.digest.parts import DigestPart, Entry, Week
from bot.core.digest.parts import EntryKind as DigestKind
from bot.core.kernel.access import Action, Actor, Settle, leave_out_of, member_to_settle
from bot.core.kernel.deps import Deps
from bot.core.kernel.errors import Conflict, InvalidInput, NotFound
from bot.core.kernel.forms import Answers
from bot.core.kernel.model import AuditEntry, Member, current_placement
from bot.core.kernel.notices import Notice, NoticeKind, ParamValue, Urgency
from bot.core.kernel.ports import BranchRepo, MemberRepo, PlannerRuns
from bot.core.kernel.text import N_
from bot.core.kernel.validation import parse_note
from bot.core.members.branch_rounds import BranchRounds, next_daily
from bot.core.members.settings import BranchSettings
from bot.core.review.ports import ExemptionRepo
from bot.core.review.rules import check_stored

ENDING_NOTICE_DAYS = (30, 7)
RENEWAL_LONGEST = timedelta(days=366)


PENDING = "pending"  # a renewal the branch has not decided yet
PLANNER = "exemptions"  # its rows in the due queue (migration 0012)


@dataclass(frozen=True, slots=True)
class Renewal:
    id: int
    member_id: int
    requested_at: datetime
    old_end: date | None
    new_end: date
    reason: str | None
    status: str


# ---- the rules as plain functions ---------------------------------------------------------


def ending_stage(end: date, today: date) -> int | None:
    """30 from thirty days before a period ends, 7 from seven days before, until it ends."""
    days_left = (end - today).days
    if days_left < 0:
        return None
    if days_left <= ENDING_NOTICE_DAYS[1]:
        return ENDING_NOTICE_DAYS[1]
    if days_left <= ENDING_NOTICE_DAYS[0]:
        return ENDING_NOTICE_DAYS[0]
    return None


# ---- the service -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ExemptionService:
    deps: Deps
    repo: ExemptionRepo
    runs: PlannerRuns
    members: MemberRepo
    branches: BranchRepo
    rounds: BranchRounds

    # ---- members ---------------------------------------------------------------------------

    async def request_renewal(self, actor: Actor, answers: Answers) -> Renewal:
        member = actor.require_member(Action.ANSWER_REVIEW)
        old_end = member.standing.period_end
        if old_end is None:
            raise Conflict(N_("You have no exemption or temporary registration to renew."))
        new_end = date.fromisoformat(answers["new_end"])
        if new_end <= old_end or new_end > old_end + RENEWAL_LONGEST:
            raise InvalidInput(N_("Please give a day after the current end, within a year of it."))
        reason = parse_note(answers["reason"], limit=500) if answers.get("reason") else None
        now = self.deps.now()
        async with self.deps.tx.transaction():
            request = Renewal(0, member.id, now, old_end, new_end, reason, PENDING)
            renewal = await self.repo.add_renewal(request)
            await self.deps.tell.leaders_about(
                member,
                kind=NoticeKind.RENEWAL_REQUEST,
                key=f"renewal:{renewal.id}",
                params={
                    "renewal_id": renewal.id,
                    "standing": member.standing.kind.value,
                    "old_end": old_end.isoformat(),
                    "new_end": new_end.isoformat(),
                    "reason": reason,
                },
                subject_id=member.id,
                skip_member_id=await leave_out_of(self.members, member, Settle.DECIDE_RENEWAL),
                peer_id=member.id,
            )
        return renewal

    async def report_back(self, actor: Actor, remark: str) -> None:
        """The member is back from their period, with the remark of the employer or the local
        authority (as ``review.parse_assessment`` returns it)."""
        member = actor.require_member(Action.ANSWER_REVIEW)
        check_stored(remark)
        now = self.deps.now()
        async with self.deps.tx.transaction():
            await self.deps.tell.leaders_about(
                member,
                kind=NoticeKind.REPORT_BACK,
                key=f"report-back:{member.id}:{now.isoformat()}",
                params={
                    "remark": remark,
                    "standing": member.standing.kind.value,
                },
                subject_id=member.id,
                peer_id=member.id,
            )
            await self.deps.audit.record(
                AuditEntry(now, member.branch_id, None, "reported_back", member.id)
            )

    async def application_data(self, actor: Actor) -> tuple[Member, str, str | None, str | None]:
        """What a pre-filled exemption application needs: the member, their branch and
        committee, and their current workplace."""
        member = actor.require_member(Action.ANSWER_REVIEW)
        branch = await self.branches.get(member.branch_id)
        current = current_placement(await self.members.placements(member.id))
        where = (
            (
                f"{current.workplace.employer}, {current.workplace.district}, "
                f"{current.workplace.province}"
            )
            if current
            else None
        )
        return (member, branch.name if branch else "", branch.committee if branch else None, where)

    # ---- the branch decides ----------------------------------------------------------------

    async def decide_renewal(self, actor: Actor, renewal_id: int, *, approve: bool) -> Member:
        now = self.deps.now()
        async with self.deps.tx.transaction():
            renewal = await self.repo.renewal(renewal_id)
            if renewal is None:
                raise NotFound(N_("This request is no longer there."))
            member, officer = await member_to_settle(
                actor, self.members, renewal.member_id, Settle.DECIDE_RENEWAL
            )
            if renewal.status != PENDING:
                raise Conflict(N_("This was already handled."))
            await self.repo.decide_renewal(renewal.id, approve, officer.id, now)
            if approve:
                await self.repo.set_period_end(member.id, renewal.new_end)
            await self.deps.audit.record(
                AuditEntry.on_member(
                    now,
                    officer,
                    "renewal_approved" if approve else "renewal_rejected",
                    member,
                    renewal.new_end.isoformat(),
                )
            )
            if member.address is not None:
                await self.deps.tell.member(
                    member,
                    NoticeKind.RENEWAL_DECIDED,
                    key=f"renewal-decided:{renewal.id}",
                    params={
                        "approved": approve,
                        "new_end": renewal.new_end.isoformat(),
                        "officer": officer.full_name,
                    },
                    branch_id=member.branch_id,
                    subject_id=member.id,
                )
        return member

    async def digest_part(
        self, branch_id: int, week: Week, members: Sequence[Member]
    ) -> DigestPart:
        """Periods that end within a month, all year round."""
        today = self.deps.local_date(week.end)
        part = DigestPart()
        for member in sorted((m for m in members if m.works_away), key=lambda m: m.full_name):
            end = member.standing.period_end
            if end is not None and ending_stage(end, today) is not None:
                part.entries.append(
                    Entry(
                        DigestKind.PERIOD_ENDING,
                        member.full_name,
                        member.id,
                        {"standing": member.standing.kind.value, "end": end.isoformat()},
                    )
                )
        return part

    # ---- the planner -----------------------------------------------------------------------

    async def plan(self) -> int:
        """Once a day per branch, from its check-in time: each member whose period ends in 30
        or 7 days is reminded, and the leaders told, unless a renewal is already asked for."""
        return await self.rounds.run(PLANNER, next_daily, self._plan_due_branch)

    async def _plan_due_branch(self, branch_id: int, settings: BranchSettings) -> int:
        local = self.deps.now().astimezone(self.deps.zone)
        if local.time() < settings.checkin_time:
            return 0
        return await self._plan_branch(branch_id, local.date())

    async def _plan_branch(self, branch_id: int, today: date) -> int:
        last = today + timedelta(days=max(ENDING_NOTICE_DAYS))
        ending = [
            (member, address, end, stage)
            for member in await self.members.with_period_ending(branch_id, today, last)
            if (end := member.standing.period_end) is not None
            and (address := member.address) is not None
            and (stage := ending_stage(end, today)) is not None
        ]
        if not ending:
            return 0  # most days in most branches: no transaction, nothing to remember
        queued = 0
        async with self.deps.tx.transaction():
            if not await self.runs.first_time(
                branch_id, "periods", today.isoformat(), self.deps.now()
            ):
                return 0
            for member, address, end, stage in ending:
                params: dict[str, ParamValue] = {
                    "member_id": member.id,
                    "name": member.full_name,
                    "standing": member.standing.kind.value,
                    "end": end.isoformat(),
                    "days": (end - today).days,
                }
                if await self._remind(
                    Notice(
                        NoticeKind.PERIOD_ENDING,
                        address,
                        key=f"period-ending:{member.id}:{end}:{stage}",
                        params=params,
                        branch_id=branch_id,
                        subject_id=member.id,
                        urgency=Urgency.SCHEDULED,
                    )
                ):
                    queued += 1
                    queued += await self.deps.tell.leaders(
                        branch_id=branch_id,
                        kind=NoticeKind.PERIOD_ENDING_OFFICERS,
                        key=f"period-ending-officers:{member.id}:{end}:{stage}",
                        params=params,
                        subject_id=member.id,
                        urgency=Urgency.SCHEDULED,
                        peer_id=member.id,
                    )
        return queued

    async def _remind(self, notice: Notice) -> bool:
        """Remind a member their period ends, unless they already asked for a renewal."""
        renewals = await self.repo.renewals_of(notice.subject_id or 0)
        if any(r.status == PENDING for r in renewals):
            return False
        await self.deps.notifier.notify(notice)
        return True
