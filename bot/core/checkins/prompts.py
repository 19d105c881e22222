"""When a member who works away is asked to check in: a prompt on the branch's cadence (not
during a pause of their own), one nudge two days after an unanswered prompt, and the leaders
told when the next prompt falls due with the last one still unanswered.

The rules are plain functions of a member's state and the time (``plan_for``);
``CheckinPrompts.plan`` applies them to the database on every tick. A prompt is answered by any
check-in after it (``bot.core.checkins.answers``), whatever button or menu it came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.checkins.ports import CheckinRepo
from bot.core.kernel.access import Action, Actor, member_for_officer
from bot.core.kernel.calendar import local_date
from bot.core.kernel.deps import Deps
from bot.core.kernel.errors import Conflict
from bot.core.kernel.model import AuditEntry, Member, Workplace
from bot.core.kernel.notices import Notice, NoticeKind, ParamValue, Urgency
from bot.core.kernel.ports import DueQueue, MemberRepo
from bot.core.kernel.text import N_
from bot.core.members.settings import BranchSettings, SettingsService

NUDGE_AFTER = timedelta(days=2)
PLANNER = "checkins"  # its rows in the due queue (migration 0012)
BATCH = 250  # members planned in one transaction: replies wait for one batch at most


@dataclass(frozen=True, slots=True)
class Prompt:
    id: int
    member_id: int
    due_date: date  # the day it was asked
    planned_at: datetime
    nudged_at: datetime | None
    escalated_at: datetime | None


@dataclass(frozen=True, slots=True)
class ContactState:
    """What the planner needs to know about one member."""

    member: Member
    workplace: Workplace | None
    last_checkin_at: datetime | None
    last_prompt: Prompt | None


@dataclass(frozen=True, slots=True)
class Plan:
    """What is due for one member now."""

    prompt: date | None = None  # ask today
    nudge: Prompt | None = None  # remind about this unanswered prompt
    escalate: Prompt | None = None  # tell the leaders this prompt went unanswered


def answered(prompt: Prompt, last_checkin_at: datetime | None) -> bool:
    return last_checkin_at is not None and last_checkin_at >= prompt.planned_at


def overdue(state: ContactState, now: datetime) -> Prompt | None:
    """The prompt a member has left unanswered past the nudge, if any: what member lists and
    the digest call "no answer"."""
    member = state.member
    last = state.last_prompt
    if not member.works_away or member.unreachable_since or member.return_requested_at:
        return None
    if (
        last is None
        or answered(last, state.last_checkin_at)
        or now < last.planned_at + NUDGE_AFTER
    ):
        return None
    return last


def is_paused(member: Member, today: date) -> bool:
    return member.paused_until is not None and today <= member.paused_until


def next_prompt_date(state: ContactState, settings: BranchSettings, zone: ZoneInfo) -> date:
    """One cadence after the last contact (approval, check-in or prompt), and not before the
    end of a pause."""
    member = state.member
    anchors = [local_date(member.approved_at or member.registered_at, zone)]
    if state.last_checkin_at is not None:
        anchors.append(local_date(state.last_checkin_at, zone))
    if state.last_prompt is not None:
        anchors.append(state.last_prompt.due_date)
    due = settings.cadence.after(max(anchors))
    if member.paused_until is not None and due <= member.paused_until:
        due = member.paused_until + timedelta(days=1)
    return due


def plan_for(state: ContactState, settings: BranchSettings, now: datetime, zone: ZoneInfo) -> Plan:
    """The check-in rules for one member at ``now``."""
    member = state.member
    if not member.works_away or member.unreachable_since or member.return_requested_at:
        return Plan()
    local = now.astimezone(zone)
    today = local.date()
    if is_paused(member, today):
        return Plan()  # out of reach by their own word: nothing is asked, nothing is missed
    due = next_prompt_date(state, settings, zone)
    prompt_now = today > due or (today == due and local.time() >= settings.checkin_time)
    last = state.last_prompt
    unanswered = last if last and not answered(last, state.last_checkin_at) else None
    escalate = unanswered if unanswered and prompt_now and not unanswered.escalated_at else None
    nudge = None
    if (
        unanswered
        and not escalate
        and not prompt_now
        and not unanswered.nudged_at
        and now >= unanswered.planned_at + NUDGE_AFTER
    ):
        nudge = unanswered
    return Plan(prompt=today if prompt_now else None, nudge=nudge, escalate=escalate)


def next_due(state: ContactState, settings: BranchSettings, zone: ZoneInfo) -> datetime | None:
    """The first moment ``plan_for`` has something for this member while nothing about them
    changes (None: never): when the planner looks at them next."""
    member = state.member
    if not member.works_away or member.unreachable_since or member.return_requested_at:
        return None
    prompt_at = datetime.combine(
        next_prompt_date(state, settings, zone), settings.checkin_time, tzinfo=zone
    )
    last = state.last_prompt
    if last is None or answered(last, state.last_checkin_at) or last.nudged_at:
        return prompt_at  # the next prompt, and the escalation that may come with it
    nudge_at = last.planned_at + NUDGE_AFTER
    if member.paused_until is not None:  # held until the pause is over
        after_pause = datetime.combine(member.paused_until + timedelta(days=1), time(), zone)
        nudge_at = max(nudge_at, after_pause)
    return min(prompt_at, nudge_at)


@dataclass(frozen=True, slots=True)
class PlanReport:
    prompts: int = 0
    nudges: int = 0
    escalations: int = 0

    def __add__(self, other: PlanReport) -> PlanReport:
        return PlanReport(
            self.prompts + other.prompts,
            self.nudges + other.nudges,
            self.escalations + other.escalations,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckinPrompts:
    deps: Deps
    repo: CheckinRepo
    members: MemberRepo
    settings: SettingsService
    due: DueQueue

    async def plan(self) -> PlanReport:
        """Queue every prompt, nudge and escalation due now, in every branch: only members the
        due queue says are due are read."""
        now = self.deps.now()
        report = PlanReport()
        due = await self.due.due(PLANNER, now)
        for start in range(0, len(due), BATCH):
            report += await self._plan_batch(due[start : start + BATCH], now)
        return report

    async def _plan_batch(self, member_ids: Sequence[int], now: datetime) -> PlanReport:
        prompts = nudges = escalations = 0
        async with self.deps.tx.transaction():
            # What each member's state is once this batch is planned: what the next look is
            # computed from, without reading them all again.
            after: dict[int, ContactState] = {}
            to_ask: list[ContactState] = []
            for state in await self.repo.contact_states_of(member_ids):
                settings = await self.settings.get(state.member.branch_id)
                plan = plan_for(state, settings, now, self.deps.zone)
                if plan.escalate is not None:
                    escalations += await self._escalate(state, plan.escalate, now)
                    state = replace(state, last_prompt=replace(plan.escalate, escalated_at=now))
                if plan.nudge is not None:
                    nudges += await self._nudge(state, plan.nudge, now)
                    state = replace(state, last_prompt=replace(plan.nudge, nudged_at=now))
                after[state.member.id] = state
                if plan.prompt is not None:
                    to_ask.append(state)
            if to_ask:
                asked = await self._prompt(to_ask, self.deps.local_date(now), now)
                prompts += len(asked)
                for state in to_ask:
                    prompt = asked.get(state.member.id)
                    if prompt is None:  # asked already today: that prompt is the last one
                        after.pop(state.member.id)
                    else:
                        after[state.member.id] = replace(state, last_prompt=prompt)
            await self._reschedule(member_ids, after)
        return PlanReport(prompts, nudges, escalations)

    async def _reschedule(self, member_ids: Sequence[int], known: dict[int, ContactState]) -> None:
        """Write when each member is next due, from the states ``known`` or else as stored."""
        unknown = [member_id for member_id in member_ids if member_id not in known]
        states = list(known.values())
        if unknown:
            states += await self.repo.contact_states_of(unknown)
        next_at: dict[int, datetime | None] = dict.fromkeys(member_ids)
        for state in states:
            settings = await self.settings.get(state.member.branch_id)
            next_at[state.member.id] = next_due(state, settings, self.deps.zone)
        await self.due.set(PLANNER, next_at)

    def _where(self, state: ContactState) -> dict[str, ParamValue]:
        work = state.workplace
        return {
            "employer": work.employer if work else None,
            "province": work.province if work else None,
        }

    async def _prompt(
        self, states: Sequence[ContactState], today: date, now: datetime
    ) -> dict[int, Prompt]:
        """Ask each member today, once: the prompts made, by member."""
        asked = await self.repo.add_prompts([s.member.id for s in states], today, now)
        notices = []
        for state in states:
            member, prompt = state.member, asked.get(state.member.id)
            if prompt is None or member.address is None:
                continue
            notices.append(
                Notice(
                    NoticeKind.CHECKIN_PROMPT,
                    member.address,
                    key=f"checkin:{member.id}:{today}",
                    params={"prompt_id": prompt.id, **self._where(state)},
                    branch_id=member.branch_id,
                    subject_id=member.id,
                    urgency=Urgency.SCHEDULED,
                )
            )
        await self.deps.notifier.notify_all(notices)
        return asked

    async def _nudge(self, state: ContactState, prompt: Prompt, now: datetime) -> int:
        member = state.member
        await self.repo.mark_nudged(prompt.id, now)
        if member.address is None:
            return 0
        await self.deps.tell.member(
            member,
            NoticeKind.CHECKIN_NUDGE,
            key=f"checkin-nudge:{prompt.id}",
            params={
                "prompt_id": prompt.id,
                "asked": prompt.due_date.isoformat(),
                **self._where(state),
            },
            branch_id=member.branch_id,
            subject_id=member.id,
            urgency=Urgency.SCHEDULED,
        )
        return 1

    async def _escalate(self, state: ContactState, prompt: Prompt, now: datetime) -> int:
        member = state.member
        await self.repo.mark_escalated(prompt.id, now)
        await self.deps.tell.leaders_about(
            member,
            kind=NoticeKind.CHECKIN_MISSED,
            key=f"checkin-missed:{prompt.id}",
            params={
                "asked": prompt.due_date.isoformat(),
                "nudged": prompt.nudged_at.isoformat() if prompt.nudged_at else None,
                **self._where(state),
            },
            subject_id=member.id,
            urgency=Urgency.SCHEDULED,
            peer_id=member.id,
        )
        return 1

    async def ask_now(self, actor: Actor, member_id: int) -> None:
        """An officer asks a member to check in now (held to the morning in quiet hours)."""
        member, officer = await member_for_officer(
            actor, self.members, member_id, Action.VIEW_MEMBERS
        )
        states = await self.repo.contact_states_of([member_id])
        if not member.works_away or not states:
            raise Conflict(N_("Check-ins are for members who work away."))
        if member.unreachable_since is not None:
            raise Conflict(N_("This member has blocked the bot; please contact them directly."))
        now = self.deps.now()
        today = self.deps.local_date(now)
        state = states[0]
        async with self.deps.tx.transaction():
            if not await self._prompt([state], today, now):
                raise Conflict(N_("This member was already asked today."))
            await self.deps.audit.record(
                AuditEntry.on_member(now, officer, "checkin_asked", member)
            )
