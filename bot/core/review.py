"""The year-end review (kiểm điểm, đánh giá xếp loại) and the periods of exemption and
temporary registration that end on dates easy to miss.

The branch sets its meeting; from 1 November, then 14, 3 and 1 days before it, each member who
works away is reminded and answers: they will attend, or they cannot come back and send their
self-assessment. After the meeting the branch records grades. Members on exemption or
temporary registration are reminded 30 and 7 days before the period ends, and can ask for a
renewal the branch approves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.core.access import Action, Actor
from bot.core.branch_settings import BranchSettings, SettingsService
from bot.core.clock import Clock
from bot.core.digest import DigestPart, Entry, ReviewCounts, Week
from bot.core.digest import EntryKind as DigestKind
from bot.core.errors import Conflict, InvalidInput, NotFound
from bot.core.forms import Answers
from bot.core.leaders import tell_leaders
from bot.core.model import AuditEntry, Member, MemberStatus, Standing
from bot.core.notices import Notice, NoticeKind, ParamValue, Urgency
from bot.core.ports import AuditRepo, BranchRepo, MemberRepo, Notifier, ReviewRepo, Transactions
from bot.core.text import N_
from bot.core.validation import parse_file, parse_note

REMINDERS_FROM = (11, 1)  # DOMAIN.md: reminders start on 1 November (a setting)
SETUP_EVERY = timedelta(days=7)
ENDING_NOTICE_DAYS = (30, 7)
RENEWAL_LONGEST = timedelta(days=366)
ASSESSMENT_LIMIT = 3500  # with the card around it, within one Telegram message


class Stage(StrEnum):
    START = "start"  # from 1 November, or the day the meeting was set
    D14 = "d14"
    D3 = "d3"
    D1 = "d1"


STAGE_DAYS = {Stage.D14: 14, Stage.D3: 3, Stage.D1: 1}


class Attendance(StrEnum):
    ATTEND = "attend"
    REMOTE = "remote"  # cannot come back: sends a self-assessment


class Grade(StrEnum):
    """The four official levels."""

    EXCELLENT = "excellent"  # hoàn thành xuất sắc nhiệm vụ
    GOOD = "good"  # hoàn thành tốt nhiệm vụ
    FULFILLED = "fulfilled"  # hoàn thành nhiệm vụ
    NOT_FULFILLED = "not_fulfilled"  # không hoàn thành nhiệm vụ


GRADE_LABELS: dict[Grade, str] = {
    Grade.EXCELLENT: N_("Excellently fulfilled their duties"),
    Grade.GOOD: N_("Well fulfilled their duties"),
    Grade.FULFILLED: N_("Fulfilled their duties"),
    Grade.NOT_FULFILLED: N_("Did not fulfil their duties"),
}


@dataclass(frozen=True, slots=True)
class Review:
    branch_id: int
    year: int
    meeting_at: datetime
    place: str
    deadline: date
    set_at: datetime


@dataclass(frozen=True, slots=True)
class ReviewAnswer:
    member_id: int
    year: int
    attendance: Attendance | None = None
    reason: str | None = None
    assessment: str | None = None  # "photo:…", "document:…" or "text:…"
    assessment_at: datetime | None = None
    replaced: bool = False
    grade: Grade | None = None


@dataclass(frozen=True, slots=True)
class Renewal:
    id: int
    member_id: int
    requested_at: datetime
    old_end: date | None
    new_end: date
    reason: str | None
    status: str


@dataclass(frozen=True, slots=True)
class Readiness:
    """Where the year's review stands, for the secretary."""

    review: Review | None
    attending: list[Member]
    remote_sent: list[Member]
    remote_waiting: list[Member]  # cannot come, no self-assessment yet
    silent: list[Member]
    to_grade: list[Member]
    graded: list[tuple[Member, Grade]]
    excused: list[Member]
    ending_soon: list[Member]


# ---- the rules as plain functions ---------------------------------------------------------


def reminders_start(year: int) -> date:
    return date(year, *REMINDERS_FROM)


def year_reviewed(day: date) -> int:
    """The year a review held on ``day`` is about: a meeting that slips into January still
    reviews the year before."""
    return day.year - 1 if day.month == 1 else day.year


def stage_dates(review: Review, zone: ZoneInfo) -> dict[Stage, date]:
    """The days each reminder is due: 1 November (or the day the meeting was set, if later),
    then 14, 3 and 1 days before the meeting. A stage that had passed when the meeting was set
    is left out."""
    meeting = review.meeting_at.astimezone(zone).date()
    start = max(reminders_start(review.year), review.set_at.astimezone(zone).date())
    dates = {Stage.START: start}
    for stage, days in STAGE_DAYS.items():
        day = meeting - timedelta(days=days)
        if day >= start:
            dates[stage] = day
    return dates


def due_stage(review: Review, today: date, zone: ZoneInfo) -> Stage | None:
    """The latest stage due by ``today`` (stages missed while the bot was down are not sent
    late: only the most recent one), none once the meeting day has come."""
    if today >= review.meeting_at.astimezone(zone).date():
        return None
    due = [stage for stage, day in stage_dates(review, zone).items() if day <= today]
    return due[-1] if due else None


def wants_reminder(answer: ReviewAnswer | None, stage: Stage) -> bool:
    """Whoever has not answered is reminded; those who will attend are reminded of the date in
    the last days; those who sent their self-assessment are left in peace."""
    if answer is None or answer.attendance is None:
        return True
    if answer.attendance is Attendance.ATTEND:
        return stage in (Stage.D3, Stage.D1)
    return answer.assessment is None


def excused(member: Member, settings: BranchSettings) -> bool:
    """Members on full exemption, if the branch's policy excuses them (DOMAIN.md)."""
    return settings.review_excuse_exempt and member.standing.kind is Standing.EXEMPT


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


def has_period(member: Member) -> bool:
    standing = member.standing
    return standing.kind is not Standing.NONE and standing.end is not None


# ---- the service -------------------------------------------------------------------------


class ReviewService:
    def __init__(  # the collaborators of a use case
        self,
        *,
        tx: Transactions,
        repo: ReviewRepo,
        members: MemberRepo,
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
        self._branches = branches
        self._settings = settings
        self._audit = audit
        self._notifier = notifier
        self._clock = clock
        self._zone = zone

    def _today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    def review_year(self) -> int:
        """The year being reviewed now."""
        return year_reviewed(self._today())

    # ---- the branch sets its meeting -------------------------------------------------------

    async def set_meeting(
        self, actor: Actor, *, day: date, at: time, place: str, deadline: date
    ) -> Review:
        officer = actor.require_member(Action.MANAGE_REVIEW)
        today = self._today()
        if day < today:
            raise InvalidInput(N_("That day has already passed."))
        if deadline > day:
            raise InvalidInput(
                N_("The deadline for self-assessments must be on or before the meeting.")
            )
        now = self._clock.now()
        review = Review(
            officer.branch_id,
            year_reviewed(day),
            datetime.combine(day, at, tzinfo=self._zone),
            parse_note(place, limit=200),
            deadline,
            now,
        )
        async with self._tx.transaction():
            await self._repo.save_review(review, officer.id)
            await self._audit.record(
                AuditEntry(
                    now,
                    officer.branch_id,
                    officer.id,
                    "review_set",
                    None,
                    f"{review.meeting_at.isoformat()} {deadline}",
                )
            )
        return review

    async def review_of(self, branch_id: int, year: int | None = None) -> Review | None:
        return await self._repo.review(branch_id, year or self.review_year())

    async def branch_status(self, branch_id: int) -> tuple[Review | None, dict[int, ReviewAnswer]]:
        """The year's review and every member's answer, for the branch workbook."""
        year = self.review_year()
        return await self._repo.review(branch_id, year), await self._repo.answers(branch_id, year)

    async def status_of(self, member: Member) -> tuple[Review | None, ReviewAnswer | None]:
        """The year's review and the member's answer, for their card."""
        year = self.review_year()
        return (
            await self._repo.review(member.branch_id, year),
            await self._repo.answer(member.id, year),
        )

    # ---- members answer --------------------------------------------------------------------

    async def _own(self, actor: Actor) -> tuple[Member, Review]:
        member = actor.require_member(Action.ANSWER_REVIEW)
        review = await self._repo.review(member.branch_id, self.review_year())
        if review is None:
            raise NotFound(N_("Your branch has not set its year-end review yet."))
        return member, review

    async def own_status(self, actor: Actor) -> tuple[Review | None, ReviewAnswer | None, Member]:
        member = actor.require_member(Action.ANSWER_REVIEW)
        year = self.review_year()
        return (
            await self._repo.review(member.branch_id, year),
            await self._repo.answer(member.id, year),
            member,
        )

    async def attend(self, actor: Actor) -> ReviewAnswer:
        member, review = await self._own(actor)
        now = self._clock.now()
        async with self._tx.transaction():
            return await self._repo.save_answer(
                ReviewAnswer(member.id, review.year, Attendance.ATTEND), now
            )

    async def cannot_come(self, actor: Actor, reason: str) -> ReviewAnswer:
        member, review = await self._own(actor)
        note = parse_note(reason, limit=500)
        now = self._clock.now()
        async with self._tx.transaction():
            current = await self._repo.answer(member.id, review.year)
            answer = replace(
                current or ReviewAnswer(member.id, review.year),
                attendance=Attendance.REMOTE,
                reason=note,
            )
            return await self._repo.save_answer(answer, now)

    async def submit_assessment(self, actor: Actor, assessment: str) -> ReviewAnswer:
        """A self-assessment, as ``parse_assessment`` returns it. It can be replaced until the
        deadline; the secretary gets each version."""
        member, review = await self._own(actor)
        if self._today() > review.deadline:
            raise Conflict(
                N_(
                    "The deadline for self-assessments has passed; please contact "
                    "your branch secretary."
                )
            )
        check_stored(assessment)
        now = self._clock.now()
        async with self._tx.transaction():
            current = await self._repo.answer(member.id, review.year)
            replaced = current is not None and current.assessment is not None
            answer = replace(
                current or ReviewAnswer(member.id, review.year),
                attendance=Attendance.REMOTE,
                assessment=assessment,
                assessment_at=now,
                replaced=replaced,
            )
            saved = await self._repo.save_answer(answer, now)
            workplace = await self._members.placements(member.id)
            current_place = next((p for p in workplace if p.ended_at is None), None)
            await tell_leaders(
                self._members,
                self._notifier,
                branch_id=member.branch_id,
                kind=NoticeKind.REVIEW_ASSESSMENT,
                key=f"review-assessment:{member.id}:{review.year}:{now.isoformat()}",
                params={
                    "member_id": member.id,
                    "name": member.full_name,
                    "year": review.year,
                    "reason": answer.reason,
                    "assessment": assessment,
                    "replaced": replaced,
                    "employer": current_place.workplace.employer if current_place else None,
                    "province": current_place.workplace.province if current_place else None,
                    "phone": member.phone,
                },
                subject_id=member.id,
                peer_id=member.id,
            )
        return saved

    # ---- grades ----------------------------------------------------------------------------

    async def grade(self, actor: Actor, member_id: int, grade: Grade) -> Member:
        now = self._clock.now()
        async with self._tx.transaction():
            member = await self._members.get(member_id)
            if member is None or member.status is MemberStatus.ERASED:
                raise NotFound(N_("This member is no longer registered."))
            officer = actor.require(Action.MANAGE_REVIEW, branch_id=member.branch_id)
            assert officer is not None
            year = self.review_year()
            current = await self._repo.answer(member.id, year)
            if current is not None and current.grade is grade:
                raise Conflict(N_("This grade is already recorded."))
            await self._repo.save_grade(member.id, year, grade, officer.id, now)
            await self._audit.record(
                AuditEntry(
                    now, member.branch_id, officer.id, "review_graded", member.id, grade.value
                )
            )
            if member.chat_id is not None:
                await self._notifier.notify(
                    Notice(
                        NoticeKind.REVIEW_GRADED,
                        member.chat_id,
                        key=f"review-graded:{member.id}:{year}:{grade.value}",
                        params={"year": year, "grade": grade.value},
                        branch_id=member.branch_id,
                        subject_id=member.id,
                    )
                )
        return member

    async def readiness(self, actor: Actor) -> Readiness:
        officer = actor.require_member(Action.MANAGE_REVIEW)
        away = await self._repo.away_members(officer.branch_id)
        return await self._readiness(officer.branch_id, self._today(), away)

    async def _readiness(self, branch_id: int, today: date, away: Sequence[Member]) -> Readiness:
        year = year_reviewed(today)
        review = await self._repo.review(branch_id, year)
        settings = await self._settings.get(branch_id)
        answers = await self._repo.answers(branch_id, year)
        ready = Readiness(review, [], [], [], [], [], [], [], [])
        after_meeting = (
            review is not None and today >= review.meeting_at.astimezone(self._zone).date()
        )
        for member in away:
            answer = answers.get(member.id)
            if (
                has_period(member)
                and member.standing.end is not None
                and (member.standing.end - today).days <= 60
            ):
                ready.ending_soon.append(member)
            if excused(member, settings):
                ready.excused.append(member)
                continue
            if answer is not None and answer.grade is not None:
                ready.graded.append((member, answer.grade))
            elif after_meeting:
                ready.to_grade.append(member)
            if answer is None or answer.attendance is None:
                ready.silent.append(member)
            elif answer.attendance is Attendance.ATTEND:
                ready.attending.append(member)
            elif answer.assessment is not None:
                ready.remote_sent.append(member)
            else:
                ready.remote_waiting.append(member)
        return ready

    async def digest_part(
        self, branch_id: int, week: Week, members: Sequence[Member]
    ) -> DigestPart:
        """Periods ending within a month, all year; in the review season, a meeting not set,
        members who have not answered or not sent their self-assessment, grades not given."""
        today = week.end.astimezone(self._zone).date()
        away = sorted((m for m in members if m.works_away), key=lambda m: m.full_name)
        ready = await self._readiness(branch_id, today, away)
        part = DigestPart()
        for member in ready.ending_soon:
            end = member.standing.end
            if end is not None and ending_stage(end, today) is not None:
                part.entries.append(
                    Entry(
                        DigestKind.PERIOD_ENDING,
                        member.full_name,
                        member.id,
                        {"standing": member.standing.kind.value, "end": end.isoformat()},
                    )
                )
        year = year_reviewed(today)
        if today < reminders_start(year):
            return part
        review = ready.review
        if review is None:
            part.entries.append(Entry(DigestKind.REVIEW_NOT_SET, "", None, {"year": year}))
            return part
        meeting = review.meeting_at.astimezone(self._zone).date()
        waiting = (
            [(DigestKind.REVIEW_TO_GRADE, ready.to_grade)]
            if today >= meeting
            else [
                (DigestKind.REVIEW_SILENT, ready.silent),
                (DigestKind.REVIEW_NO_ASSESSMENT, ready.remote_waiting),
            ]
        )
        for kind, members in waiting:
            part.entries += [Entry(kind, m.full_name, m.id) for m in members]
        part.review = ReviewCounts(
            year,
            meeting.isoformat(),
            expected=len(ready.attending)
            + len(ready.remote_sent)
            + len(ready.remote_waiting)
            + len(ready.silent),
            answered=len(ready.attending) + len(ready.remote_sent),
            graded=len(ready.graded),
        )
        return part

    # ---- renewals and reports back ---------------------------------------------------------

    async def request_renewal(self, actor: Actor, answers: Answers) -> Renewal:
        member = actor.require_member(Action.ANSWER_REVIEW)
        if not has_period(member):
            raise Conflict(N_("You have no exemption or temporary registration to renew."))
        new_end = date.fromisoformat(answers["new_end"])
        old_end = member.standing.end
        assert old_end is not None
        if new_end <= old_end or new_end > old_end + RENEWAL_LONGEST:
            raise InvalidInput(N_("Please give a day after the current end, within a year of it."))
        reason = parse_note(answers["reason"], limit=500) if answers.get("reason") else None
        now = self._clock.now()
        async with self._tx.transaction():
            renewal = await self._repo.add_renewal(member.id, now, old_end, new_end, reason)
            await tell_leaders(
                self._members,
                self._notifier,
                branch_id=member.branch_id,
                kind=NoticeKind.RENEWAL_REQUEST,
                key=f"renewal:{renewal.id}",
                params={
                    "renewal_id": renewal.id,
                    "member_id": member.id,
                    "name": member.full_name,
                    "standing": member.standing.kind.value,
                    "old_end": old_end.isoformat(),
                    "new_end": new_end.isoformat(),
                    "reason": reason,
                },
                subject_id=member.id,
                peer_id=member.id,
            )
        return renewal

    async def decide_renewal(self, actor: Actor, renewal_id: int, *, approve: bool) -> Member:
        now = self._clock.now()
        async with self._tx.transaction():
            renewal = await self._repo.renewal(renewal_id)
            if renewal is None:
                raise NotFound(N_("This request is no longer there."))
            member = await self._members.get(renewal.member_id)
            if member is None or member.status is MemberStatus.ERASED:
                raise NotFound(N_("This member is no longer registered."))
            officer = actor.require(Action.MANAGE_REVIEW, branch_id=member.branch_id)
            assert officer is not None
            if renewal.status != "pending":
                raise Conflict(N_("This was already handled."))
            await self._repo.decide_renewal(renewal.id, approve, officer.id, now)
            if approve:
                await self._repo.set_period_end(member.id, renewal.new_end)
            await self._audit.record(
                AuditEntry(
                    now,
                    member.branch_id,
                    officer.id,
                    "renewal_approved" if approve else "renewal_rejected",
                    member.id,
                    renewal.new_end.isoformat(),
                )
            )
            if member.chat_id is not None:
                await self._notifier.notify(
                    Notice(
                        NoticeKind.RENEWAL_DECIDED,
                        member.chat_id,
                        key=f"renewal-decided:{renewal.id}",
                        params={
                            "approved": approve,
                            "new_end": renewal.new_end.isoformat(),
                            "officer": officer.full_name,
                        },
                        branch_id=member.branch_id,
                        subject_id=member.id,
                    )
                )
        return member

    async def report_back(self, actor: Actor, remark: str) -> None:
        """The member is back from their period, with the remark of the employer or the local
        authority (as ``parse_assessment`` returns it)."""
        member = actor.require_member(Action.ANSWER_REVIEW)
        check_stored(remark)
        now = self._clock.now()
        async with self._tx.transaction():
            await tell_leaders(
                self._members,
                self._notifier,
                branch_id=member.branch_id,
                kind=NoticeKind.REPORT_BACK,
                key=f"report-back:{member.id}:{now.isoformat()}",
                params={
                    "member_id": member.id,
                    "name": member.full_name,
                    "remark": remark,
                    "standing": member.standing.kind.value,
                },
                subject_id=member.id,
                peer_id=member.id,
            )
            await self._audit.record(
                AuditEntry(now, member.branch_id, None, "reported_back", member.id)
            )

    async def application_data(self, actor: Actor) -> tuple[Member, str, str | None, str | None]:
        """What a pre-filled exemption application needs: the member, their branch and
        committee, and their current workplace."""
        member = actor.require_member(Action.ANSWER_REVIEW)
        branch = await self._branches.get(member.branch_id)
        placements = await self._members.placements(member.id)
        current = next((p for p in placements if p.ended_at is None), None)
        where = (
            (
                f"{current.workplace.employer}, {current.workplace.district}, "
                f"{current.workplace.province}"
            )
            if current
            else None
        )
        return (member, branch.name if branch else "", branch.committee if branch else None, where)

    # ---- the planner -----------------------------------------------------------------------

    async def plan(self) -> int:
        """Review reminders, the secretary's reminder to set the meeting, grades due, and the
        ends of exemption and temporary-registration periods."""
        now = self._clock.now()
        today = self._today()
        local = now.astimezone(self._zone)
        queued = 0
        for branch in await self._branches.all():
            settings = await self._settings.get(branch.id)
            if local.time() < settings.checkin_time:
                continue
            queued += await self._plan_periods(branch.id, today)
            year = self.review_year()
            if today < reminders_start(year):
                continue
            review = await self._repo.review(branch.id, year)
            if review is None:
                queued += await self._remind_setup(branch.id, year, today)
                continue
            queued += await self._plan_review(review, settings, today)
        return queued

    async def _once(self, branch_id: int, planner: str, period: str) -> bool:
        """True the first time ``(planner, period)`` is planned for the branch."""
        if await self._repo.was_planned(branch_id, planner, period):
            return False
        await self._repo.mark_planned(branch_id, planner, period, self._clock.now())
        return True

    async def _remind_setup(self, branch_id: int, year: int, today: date) -> int:
        week = (today - reminders_start(year)).days // SETUP_EVERY.days
        async with self._tx.transaction():
            if not await self._once(branch_id, "review-setup", f"{year}:{week}"):
                return 0
            return await tell_leaders(
                self._members,
                self._notifier,
                branch_id=branch_id,
                kind=NoticeKind.REVIEW_SETUP,
                key=f"review-setup:{branch_id}:{year}:{week}",
                params={"year": year},
                urgency=Urgency.SCHEDULED,
            )

    async def _plan_review(self, review: Review, settings: BranchSettings, today: date) -> int:
        meeting_day = review.meeting_at.astimezone(self._zone).date()
        if today > meeting_day:
            return await self._grades_due(review)
        stage = due_stage(review, today, self._zone)
        if stage is None:
            return 0
        period = f"{review.year}:{stage.value}:{review.meeting_at.isoformat()}"
        queued = 0
        async with self._tx.transaction():
            if not await self._once(review.branch_id, "review", period):
                return 0
            answers = await self._repo.answers(review.branch_id, review.year)
            for member in await self._repo.away_members(review.branch_id):
                if excused(member, settings) or member.chat_id is None:
                    continue
                answer = answers.get(member.id)
                if not wants_reminder(answer, stage):
                    continue
                await self._notifier.notify(
                    Notice(
                        NoticeKind.REVIEW_REMINDER,
                        member.chat_id,
                        key=f"review:{member.id}:{period}",
                        params=self._reminder_params(review, stage, member, answer),
                        branch_id=member.branch_id,
                        subject_id=member.id,
                        urgency=Urgency.SCHEDULED,
                    )
                )
                queued += 1
        return queued

    def _reminder_params(
        self, review: Review, stage: Stage, member: Member, answer: ReviewAnswer | None
    ) -> dict[str, ParamValue]:
        return {
            "year": review.year,
            "stage": stage.value,
            "meeting_at": review.meeting_at.isoformat(),
            "place": review.place,
            "deadline": review.deadline.isoformat(),
            "attendance": answer.attendance.value if answer and answer.attendance else None,
            "renewable": has_period(member),
        }

    async def _grades_due(self, review: Review) -> int:
        async with self._tx.transaction():
            if not await self._once(review.branch_id, "review-grades", str(review.year)):
                return 0
            return await tell_leaders(
                self._members,
                self._notifier,
                branch_id=review.branch_id,
                kind=NoticeKind.REVIEW_GRADES_DUE,
                key=f"review-grades:{review.branch_id}:{review.year}",
                params={"year": review.year},
                urgency=Urgency.SCHEDULED,
            )

    async def _plan_periods(self, branch_id: int, today: date) -> int:
        queued = 0
        async with self._tx.transaction():
            if not await self._once(branch_id, "periods", today.isoformat()):
                return 0
            for member in await self._repo.away_members(branch_id):
                if not has_period(member) or member.chat_id is None:
                    continue
                end = member.standing.end
                assert end is not None
                stage = ending_stage(end, today)
                if stage is None:
                    continue
                params: dict[str, ParamValue] = {
                    "member_id": member.id,
                    "name": member.full_name,
                    "standing": member.standing.kind.value,
                    "end": end.isoformat(),
                    "days": (end - today).days,
                }
                if await self._remind_period(
                    Notice(
                        NoticeKind.PERIOD_ENDING,
                        member.chat_id,
                        key=f"period-ending:{member.id}:{end}:{stage}",
                        params=params,
                        branch_id=branch_id,
                        subject_id=member.id,
                        urgency=Urgency.SCHEDULED,
                    )
                ):
                    queued += 1
                    queued += await tell_leaders(
                        self._members,
                        self._notifier,
                        branch_id=branch_id,
                        kind=NoticeKind.PERIOD_ENDING_OFFICERS,
                        key=f"period-ending-officers:{member.id}:{end}:{stage}",
                        params=params,
                        subject_id=member.id,
                        urgency=Urgency.SCHEDULED,
                        peer_id=member.id,
                    )
        return queued

    async def _remind_period(self, notice: Notice) -> bool:
        """Remind a member their period ends, unless they already asked for a renewal."""
        renewals = await self._repo.renewals_of(notice.subject_id or 0)
        if any(r.status == "pending" for r in renewals):
            return False
        await self._notifier.notify(notice)
        return True


def parse_assessment(raw: str) -> str:
    """A self-assessment or a remark: a photo, a PDF or a Word file within the download limit,
    or typed text."""
    if raw.startswith("text|"):
        return "text:" + parse_note(raw.removeprefix("text|"), limit=ASSESSMENT_LIMIT)
    return parse_file(raw, allow_word=True)


def check_stored(value: str) -> None:
    """A file reference or a typed text, as the form kept it."""
    kind, _sep, rest = value.partition(":")
    if kind == "text":
        parse_note(rest, limit=ASSESSMENT_LIMIT)
    elif kind not in ("photo", "document") or not rest:
        raise InvalidInput(N_("Please send a photo, a PDF or a Word file, or type the text."))
