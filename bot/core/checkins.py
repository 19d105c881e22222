"""Check-ins: members who work away say where they are, on the branch's cadence or whenever
they like, and the branch's leaders hear about it.

The rules of when to ask, nudge and escalate are plain functions of a member's state and the
time (``plan_for``); ``CheckinService.plan`` applies them to the database on every tick. A prompt
is answered by any check-in after it, whatever button or menu it came from.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.core.access import Action, Actor
from bot.core.branch_settings import BranchSettings, RelayMode, SettingsService
from bot.core.clock import Clock
from bot.core.errors import Conflict, InvalidInput, NotFound
from bot.core.forms import Answers, Choice, Context, Field, FieldKind, Form
from bot.core.leaders import tell_leaders
from bot.core.members import MemberService
from bot.core.model import AuditEntry, Member, MemberStatus, Placement, Role, Workplace
from bot.core.notices import Notice, NoticeKind, ParamValue, Urgency
from bot.core.ports import AuditRepo, BranchRepo, CheckinRepo, MemberRepo, Notifier, Transactions
from bot.core.text import N_
from bot.core.validation import parse_date, parse_note

log = logging.getLogger(__name__)

NUDGE_AFTER = timedelta(days=2)
# Pressing "still the same" again within this time is the same check-in.
REPEAT_WINDOW = timedelta(minutes=10)
# A location shared this soon after a check-in belongs to it.
LOCATION_WINDOW = timedelta(hours=1)
LONGEST_PAUSE = timedelta(days=366)
# One decimal of a degree is about 11 km: the town, not the street (DOMAIN.md: whereabouts are
# sensitive).
COARSE_DIGITS = 1
NOTE_LIMIT = 500


class CheckinKind(StrEnum):
    SAME = "same"
    MOVED = "moved"
    RETURNED = "returned"
    DIFFICULTY = "difficulty"
    PAUSED = "paused"


class Difficulty(StrEnum):
    WORK = "work"
    HEALTH = "health"
    MONEY = "money"
    FAMILY = "family"
    OTHER = "other"


DIFFICULTY_LABELS: dict[Difficulty, str] = {
    Difficulty.WORK: N_("Work"),
    Difficulty.HEALTH: N_("Health"),
    Difficulty.MONEY: N_("Money"),
    Difficulty.FAMILY: N_("Family"),
    Difficulty.OTHER: N_("Something else"),
}


@dataclass(frozen=True, slots=True)
class Prompt:
    id: int
    member_id: int
    due_date: date  # the day it was asked
    planned_at: datetime
    nudged_at: datetime | None
    escalated_at: datetime | None


@dataclass(frozen=True, slots=True)
class Checkin:
    id: int
    member_id: int
    at: datetime
    kind: CheckinKind
    prompt_id: int | None = None
    note: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    difficulty: Difficulty | None = None
    placement_id: int | None = None
    relayed: bool = True


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
    anchors = [(member.approved_at or member.registered_at).astimezone(zone).date()]
    if state.last_checkin_at is not None:
        anchors.append(state.last_checkin_at.astimezone(zone).date())
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


def coarse(degrees: float) -> float:
    return round(degrees, COARSE_DIGITS)


@dataclass(frozen=True, slots=True)
class PlanReport:
    prompts: int = 0
    nudges: int = 0
    escalations: int = 0


class CheckinService:
    def __init__(  # the collaborators of a use case
        self,
        *,
        tx: Transactions,
        repo: CheckinRepo,
        members: MemberRepo,
        member_service: MemberService,
        branches: BranchRepo,
        settings: SettingsService,
        audit: AuditRepo,
        notifier: Notifier,
        clock: Clock,
        zone: ZoneInfo,
    ) -> None:
        self._tx = tx
        self._repo = repo
        self._members = members
        self._member_service = member_service
        self._branches = branches
        self._settings = settings
        self._audit = audit
        self._notifier = notifier
        self._clock = clock
        self._zone = zone

    # ---- the planner ---------------------------------------------------------------------

    async def plan(self) -> PlanReport:
        """Queue every prompt, nudge and escalation due now, in every branch."""
        now = self._clock.now()
        prompts = nudges = escalations = 0
        for branch in await self._branches.all():
            settings = await self._settings.get(branch.id)
            states = await self._repo.contact_states(branch.id)
            due = [(s, plan_for(s, settings, now, self._zone)) for s in states]
            due = [(s, p) for s, p in due if p.prompt or p.nudge or p.escalate]
            if not due:
                continue
            async with self._tx.transaction():
                for state, plan in due:
                    if plan.escalate is not None:
                        escalations += await self._escalate(state, plan.escalate, now)
                    if plan.nudge is not None:
                        nudges += await self._nudge(state, plan.nudge, now)
                    if plan.prompt is not None:
                        prompts += await self._prompt(state, plan.prompt, now)
        return PlanReport(prompts, nudges, escalations)

    def _where(self, state: ContactState) -> dict[str, ParamValue]:
        work = state.workplace
        return {
            "employer": work.employer if work else None,
            "province": work.province if work else None,
        }

    async def _prompt(self, state: ContactState, today: date, now: datetime) -> int:
        member = state.member
        prompt = await self._repo.add_prompt(member.id, today, now)
        if prompt is None or member.chat_id is None:
            return 0
        await self._notifier.notify(
            Notice(
                NoticeKind.CHECKIN_PROMPT,
                member.chat_id,
                key=f"checkin:{member.id}:{today}",
                params={"prompt_id": prompt.id, **self._where(state)},
                branch_id=member.branch_id,
                subject_id=member.id,
                urgency=Urgency.SCHEDULED,
            )
        )
        return 1

    async def _nudge(self, state: ContactState, prompt: Prompt, now: datetime) -> int:
        member = state.member
        await self._repo.mark_nudged(prompt.id, now)
        if member.chat_id is None:
            return 0
        await self._notifier.notify(
            Notice(
                NoticeKind.CHECKIN_NUDGE,
                member.chat_id,
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
        )
        return 1

    async def _escalate(self, state: ContactState, prompt: Prompt, now: datetime) -> int:
        member = state.member
        await self._repo.mark_escalated(prompt.id, now)
        await tell_leaders(
            self._members,
            self._notifier,
            branch_id=member.branch_id,
            kind=NoticeKind.CHECKIN_MISSED,
            key=f"checkin-missed:{prompt.id}",
            params={
                "name": member.full_name,
                "member_id": member.id,
                "asked": prompt.due_date.isoformat(),
                "nudged": prompt.nudged_at.isoformat() if prompt.nudged_at else None,
                **self._where(state),
            },
            subject_id=member.id,
            urgency=Urgency.SCHEDULED,
            peer_id=member.id,
        )
        return 1

    # ---- officers, from a member's card ---------------------------------------------------

    async def _member_of_branch(self, actor: Actor, member_id: int, action: Action) -> Member:
        member = await self._members.get(member_id)
        if (
            member is None
            or member.role is not Role.MEMBER
            or member.status
            in (
                MemberStatus.ERASED,
                MemberStatus.PENDING,
            )
        ):
            raise NotFound(N_("This member is no longer registered."))
        actor.require(action, branch_id=member.branch_id)
        return member

    async def ask_now(self, actor: Actor, member_id: int) -> None:
        """An officer asks a member to check in now (held to the morning in quiet hours)."""
        member = await self._member_of_branch(actor, member_id, Action.VIEW_MEMBERS)
        if not member.works_away:
            raise Conflict(N_("Check-ins are for members who work away."))
        if member.unreachable_since is not None:
            raise Conflict(N_("This member has blocked the bot; please contact them directly."))
        now = self._clock.now()
        today = now.astimezone(self._zone).date()
        state = next(
            s
            for s in await self._repo.contact_states(member.branch_id)
            if s.member.id == member_id
        )
        async with self._tx.transaction():
            if not await self._prompt(state, today, now):
                raise Conflict(N_("This member was already asked today."))
            await self._audit.record(
                AuditEntry(
                    now,
                    member.branch_id,
                    actor.member.id if actor.member else None,
                    "checkin_asked",
                    member.id,
                )
            )

    async def set_away(self, actor: Actor, member_id: int, *, away: bool) -> Member:
        """An officer records that a member came back home (check-ins stop) or went away to
        work again (check-ins start)."""
        member = await self._member_of_branch(actor, member_id, Action.CONFIRM_RETURNS)
        officer = actor.member
        assert officer is not None
        now = self._clock.now()
        if away == (member.status is MemberStatus.ACTIVE):
            raise Conflict(N_("This was already handled."))
        status = MemberStatus.ACTIVE if away else MemberStatus.RETURNED
        async with self._tx.transaction():
            await self._members.set_status(member.id, status, now)
            await self._repo.set_return_requested(member.id, None)
            await self._repo.set_returned(member.id, None if away else now)
            await self._audit.record(
                AuditEntry(
                    now,
                    member.branch_id,
                    officer.id,
                    "marked_away" if away else "marked_returned",
                    member.id,
                )
            )
            if member.chat_id is not None:
                await self._notifier.notify(
                    Notice(
                        NoticeKind.AWAY_AGAIN if away else NoticeKind.RETURN_CONFIRMED,
                        member.chat_id,
                        key=f"status:{member.id}:{status.value}:{now.isoformat()}",
                        params={"officer": officer.full_name},
                        branch_id=member.branch_id,
                        subject_id=member.id,
                    )
                )
                await self._notifier.notify(
                    Notice(
                        NoticeKind.MENU,
                        member.chat_id,
                        key=f"menu:{member.id}:{status.value}:{now.isoformat()}",
                        params={"role": Role.MEMBER.value, "status": status.value},
                    )
                )
        return member

    # ---- answers ---------------------------------------------------------------------------

    def _away_member(self, actor: Actor) -> Member:
        member = actor.require_member(Action.CHECK_IN)
        if not member.works_away:
            raise Conflict(N_("Check-ins are for members who work away."))
        return member

    async def _prompt_of(self, member: Member, prompt_id: int | None) -> Prompt | None:
        if not prompt_id:
            return None
        prompt = await self._repo.prompt(prompt_id)
        if prompt is None or prompt.member_id != member.id:
            raise NotFound(N_("This button is no longer valid."))
        return prompt

    async def check_in(self, actor: Actor, *, prompt_id: int | None = None) -> Checkin:
        """ "Still the same": one tap."""
        member = self._away_member(actor)
        now = self._clock.now()
        async with self._tx.transaction():
            prompt = await self._prompt_of(member, prompt_id)
            last = await self._repo.last_checkin(member.id)
            if (
                last is not None
                and last.kind is CheckinKind.SAME
                and (
                    now - last.at < REPEAT_WINDOW
                    or (prompt is not None and last.at >= prompt.planned_at)
                )
            ):
                raise Conflict(N_("Already recorded. Thank you!"))
            settings = await self._settings.get(member.branch_id)
            routine_in_digest = settings.relay is RelayMode.DIGEST
            return await self._record(
                member,
                Checkin(
                    0,
                    member.id,
                    now,
                    CheckinKind.SAME,
                    prompt.id if prompt else None,
                    relayed=not routine_in_digest,
                ),
            )

    async def report_difficulty(
        self, actor: Actor, *, difficulty: Difficulty, text: str, prompt_id: int | None = None
    ) -> Checkin:
        """Difficulties reach the leaders at once, whatever the relay setting."""
        member = self._away_member(actor)
        note = parse_note(text, limit=NOTE_LIMIT)
        async with self._tx.transaction():
            prompt = await self._prompt_of(member, prompt_id)
            return await self._record(
                member,
                Checkin(
                    0,
                    member.id,
                    self._clock.now(),
                    CheckinKind.DIFFICULTY,
                    prompt.id if prompt else None,
                    note=note,
                    difficulty=difficulty,
                ),
            )

    async def moved(
        self, actor: Actor, answers: Answers, *, prompt_id: int | None = None
    ) -> Placement:
        """A new workplace: recorded as a move (the leaders hear of it from there) and as a
        check-in."""
        member = self._away_member(actor)
        async with self._tx.transaction():
            prompt = await self._prompt_of(member, prompt_id)
            placement = await self._member_service.move(actor, answers)
            await self._record(
                member,
                Checkin(
                    0,
                    member.id,
                    self._clock.now(),
                    CheckinKind.MOVED,
                    prompt.id if prompt else None,
                    placement_id=placement.id,
                ),
                relay=False,
            )
        return placement

    async def request_return(self, actor: Actor, *, prompt_id: int | None = None) -> Checkin:
        """ "I came back home": the leaders confirm before check-ins stop."""
        member = self._away_member(actor)
        if member.return_requested_at is not None:
            raise Conflict(N_("Your branch already knows you are back; it will confirm soon."))
        now = self._clock.now()
        async with self._tx.transaction():
            prompt = await self._prompt_of(member, prompt_id)
            await self._repo.set_return_requested(member.id, now)
            return await self._record(
                member,
                Checkin(
                    0,
                    member.id,
                    now,
                    CheckinKind.RETURNED,
                    prompt.id if prompt else None,
                ),
            )

    async def decide_return(self, actor: Actor, member_id: int, *, confirmed: bool) -> Member:
        now = self._clock.now()
        async with self._tx.transaction():
            member = await self._members.get(member_id)
            if member is None or member.status is MemberStatus.ERASED:
                raise NotFound(N_("This member is no longer registered."))
            officer = actor.require(Action.CONFIRM_RETURNS, branch_id=member.branch_id)
            assert officer is not None
            if member.return_requested_at is None or member.status is not MemberStatus.ACTIVE:
                raise Conflict(N_("This was already handled."))
            await self._repo.set_return_requested(member.id, None)
            if confirmed:
                await self._members.set_status(member.id, MemberStatus.RETURNED, now)
                await self._repo.set_returned(member.id, now)
            await self._audit.record(
                AuditEntry(
                    now,
                    member.branch_id,
                    officer.id,
                    "return_confirmed" if confirmed else "return_not_confirmed",
                    member.id,
                )
            )
            if member.chat_id is not None:
                await self._notifier.notify(
                    Notice(
                        NoticeKind.RETURN_CONFIRMED
                        if confirmed
                        else NoticeKind.RETURN_NOT_CONFIRMED,
                        member.chat_id,
                        key=f"return-decided:{member.id}:{now.isoformat()}",
                        params={"officer": officer.full_name},
                        branch_id=member.branch_id,
                    )
                )
                if confirmed:
                    await self._notifier.notify(
                        Notice(
                            NoticeKind.MENU,
                            member.chat_id,
                            key=f"menu:{member.id}:returned",
                            params={
                                "role": Role.MEMBER.value,
                                "status": MemberStatus.RETURNED.value,
                            },
                        )
                    )
        return member

    async def pause(self, actor: Actor, *, until: date, reason: str | None) -> Checkin:
        """Out of reach until ``until``: no prompts meanwhile, nothing counts as missed."""
        member = self._away_member(actor)
        today = self._clock.now().astimezone(self._zone).date()
        if until <= today:
            raise InvalidInput(N_("Please give a day after today."))
        if until > today + LONGEST_PAUSE:
            raise InvalidInput(N_("Please give a day within the next twelve months."))
        note = parse_note(reason, limit=NOTE_LIMIT) if reason else None
        async with self._tx.transaction():
            await self._repo.set_pause(member.id, until, note)
            return await self._record(
                member,
                Checkin(
                    0,
                    member.id,
                    self._clock.now(),
                    CheckinKind.PAUSED,
                    note=note,
                ),
                paused_until=until,
            )

    async def add_note(self, actor: Actor, checkin_id: int, text: str) -> Checkin:
        member = self._away_member(actor)
        note = parse_note(text, limit=NOTE_LIMIT)
        async with self._tx.transaction():
            checkin = await self._repo.get(checkin_id)
            if checkin is None or checkin.member_id != member.id:
                raise NotFound(N_("This button is no longer valid."))
            await self._repo.set_note(checkin.id, note)
            if checkin.relayed:
                await self._relay_note(member, checkin.id, note)
        return checkin

    async def add_location(self, actor: Actor, latitude: float, longitude: float) -> Checkin:
        """A shared location, kept coarse: it belongs to a check-in made just before, or is a
        check-in of its own."""
        member = self._away_member(actor)
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise InvalidInput(N_("That location could not be read."))
        now = self._clock.now()
        lat, lon = coarse(latitude), coarse(longitude)
        async with self._tx.transaction():
            last = await self._repo.last_checkin(member.id)
            if last is not None and now - last.at < LOCATION_WINDOW and last.latitude is None:
                await self._repo.set_location(last.id, lat, lon)
                return last
            settings = await self._settings.get(member.branch_id)
            return await self._record(
                member,
                Checkin(
                    0,
                    member.id,
                    now,
                    CheckinKind.SAME,
                    latitude=lat,
                    longitude=lon,
                    relayed=settings.relay is not RelayMode.DIGEST,
                ),
            )

    async def _record(
        self,
        member: Member,
        checkin: Checkin,
        *,
        relay: bool = True,
        paused_until: date | None = None,
    ) -> Checkin:
        stored = await self._repo.add(checkin)
        if member.unreachable_since is not None:
            await self._repo.set_unreachable(member.id, None)
        if member.paused_until is not None and checkin.kind is not CheckinKind.PAUSED:
            await self._repo.set_pause(member.id, None, None)  # they are in reach again
        if relay and stored.relayed:
            await self._relay(member, stored, paused_until)
        return stored

    async def _relay(self, member: Member, checkin: Checkin, paused_until: date | None) -> None:
        placement = next(
            (p for p in await self._members.placements(member.id) if p.ended_at is None), None
        )
        await tell_leaders(
            self._members,
            self._notifier,
            branch_id=member.branch_id,
            kind=NoticeKind.CHECKIN_RELAY,
            key=f"checkin-relay:{checkin.id}",
            params={
                "member_id": member.id,
                "name": member.full_name,
                "kind": checkin.kind.value,
                "at": checkin.at.isoformat(),
                "note": checkin.note,
                "difficulty": checkin.difficulty.value if checkin.difficulty else None,
                "employer": placement.workplace.employer if placement else None,
                "province": placement.workplace.province if placement else None,
                "latitude": checkin.latitude,
                "longitude": checkin.longitude,
                "paused_until": paused_until.isoformat() if paused_until else None,
            },
            subject_id=member.id,
            peer_id=member.id,
        )

    async def _relay_note(self, member: Member, checkin_id: int, note: str) -> None:
        await tell_leaders(
            self._members,
            self._notifier,
            branch_id=member.branch_id,
            kind=NoticeKind.CHECKIN_NOTE,
            key=f"checkin-note:{checkin_id}:{len(note)}",
            params={"member_id": member.id, "name": member.full_name, "note": note},
            subject_id=member.id,
            peer_id=member.id,
        )

    # ---- reachability ----------------------------------------------------------------------

    async def unreachable(self, chat_id: int) -> None:
        """The member behind ``chat_id`` blocked the bot: mark them and tell the leaders once."""
        now = self._clock.now()
        async with self._tx.transaction():
            member = await self._members.by_chat(chat_id)
            if member is None or not member.works_away or member.unreachable_since is not None:
                return
            await self._repo.set_unreachable(member.id, now)
            await tell_leaders(
                self._members,
                self._notifier,
                branch_id=member.branch_id,
                kind=NoticeKind.MEMBER_UNREACHABLE,
                key=f"unreachable:{member.id}:{now.isoformat()}",
                params={"name": member.full_name, "member_id": member.id},
                subject_id=member.id,
            )

    async def reachable(self, chat_id: int) -> None:
        """The member unblocked the bot."""
        async with self._tx.transaction():
            member = await self._members.by_chat(chat_id)
            if member is not None and member.unreachable_since is not None:
                await self._repo.set_unreachable(member.id, None)

    async def recent(self, member_id: int, limit: int) -> Sequence[Checkin]:
        return await self._repo.recent(member_id, limit)


def _difficulty_text(raw: str, _: Context) -> str:
    return parse_note(raw, limit=NOTE_LIMIT)


def _pause_until(raw: str, ctx: Context) -> str:
    until = parse_date(raw)
    if until <= ctx.today:
        raise InvalidInput(N_("Please give a day after today."))
    if until > ctx.today + LONGEST_PAUSE:
        raise InvalidInput(N_("Please give a day within the next twelve months."))
    return until.isoformat()


DIFFICULTY_FORM = Form(
    "difficulty",
    (
        Field(
            "difficulty",
            FieldKind.CHOICE,
            N_("What kind of difficulty?"),
            N_("Kind"),
            choices=tuple(Choice(kind.value, label) for kind, label in DIFFICULTY_LABELS.items()),
        ),
        Field(
            "text",
            FieldKind.TEXT,
            N_("In a few words, what is happening? Your branch secretary will read it."),
            N_("What is happening"),
            _difficulty_text,
        ),
    ),
)

PAUSE_FORM = Form(
    "pause",
    (
        Field(
            "until",
            FieldKind.TEXT,
            N_("Until which day will you be out of reach? For example 15/02/2027."),
            N_("Out of reach until"),
            _pause_until,
        ),
        Field(
            "reason",
            FieldKind.TEXT,
            N_("Why, in a few words (at sea, no signal...)? You can skip this."),
            N_("Reason"),
            _difficulty_text,
            optional=True,
        ),
    ),
)

NOTE_FORM = Form(
    "note",
    (
        Field(
            "note",
            FieldKind.TEXT,
            N_("Type your note for the branch."),
            N_("Note"),
            _difficulty_text,
        ),
    ),
)
