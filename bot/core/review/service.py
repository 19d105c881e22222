"""The year-end review (kiểm điểm, đánh giá xếp loại).

The branch sets its meeting; from 1 November, then 14, 3 and 1 days before it, each member who
works away is reminded (``bot.core.review_reminders``) and answers: they will attend, or they
cannot come back and send their self-assessment. After the meeting the branch records grades.
(The periods of exemption that end meanwhile are ``bot.core.exemptions``.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.core.digest.parts import DigestPart, Entry, ReviewCounts, Week
from bot.core.digest.parts import EntryKind as DigestKind
from bot.core.kernel.access import Action, Actor, member_for_officer
from bot.core.kernel.calendar import local_date
from bot.core.kernel.deps import Deps
from bot.core.kernel.errors import Conflict, InvalidInput, NotFound
from bot.core.kernel.leaders import tell_leaders
from bot.core.kernel.model import AuditEntry, Member, MemberStatus, Standing, current_placement
from bot.core.kernel.notices import Notice, NoticeKind
from bot.core.kernel.ports import MemberRepo
from bot.core.kernel.text import N_
from bot.core.kernel.validation import parse_file, parse_note
from bot.core.members.settings import BranchSettings, SettingsService
from bot.core.review.ports import ReviewRepo

REMINDERS_FROM = (11, 1)  # DOMAIN.md: reminders start on 1 November (a setting)
ENDING_SOON = timedelta(days=60)  # periods the secretary sees ending in the readiness list
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
    meeting = local_date(review.meeting_at, zone)
    start = max(reminders_start(review.year), local_date(review.set_at, zone))
    dates = {Stage.START: start}
    for stage, days in STAGE_DAYS.items():
        day = meeting - timedelta(days=days)
        if day >= start:
            dates[stage] = day
    return dates


def due_stage(review: Review, today: date, zone: ZoneInfo) -> Stage | None:
    """The latest stage due by ``today`` (stages missed while the bot was down are not sent
    late: only the most recent one), none once the meeting day has come."""
    if today >= local_date(review.meeting_at, zone):
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


# ---- the service -------------------------------------------------------------------------


class ReviewService:
    def __init__(
        self, *, deps: Deps, repo: ReviewRepo, members: MemberRepo, settings: SettingsService
    ) -> None:
        self._deps = deps
        self._repo = repo
        self._members = members
        self._settings = settings

    def _today(self) -> date:
        return self._deps.today()

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
        now = self._deps.now()
        review = Review(
            officer.branch_id,
            year_reviewed(day),
            datetime.combine(day, at, tzinfo=self._deps.zone),
            parse_note(place, limit=200),
            deadline,
            now,
        )
        async with self._deps.tx.transaction():
            await self._repo.save_review(review, officer.id)
            await self._deps.audit.record(
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
        now = self._deps.now()
        async with self._deps.tx.transaction():
            return await self._repo.save_answer(
                ReviewAnswer(member.id, review.year, Attendance.ATTEND), now
            )

    async def cannot_come(self, actor: Actor, reason: str) -> ReviewAnswer:
        member, review = await self._own(actor)
        note = parse_note(reason, limit=500)
        now = self._deps.now()
        async with self._deps.tx.transaction():
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
        now = self._deps.now()
        async with self._deps.tx.transaction():
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
            current_place = current_placement(await self._members.placements(member.id))
            await tell_leaders(
                self._members,
                self._deps.notifier,
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
        now = self._deps.now()
        async with self._deps.tx.transaction():
            member, officer = await member_for_officer(
                actor, self._members, member_id, Action.MANAGE_REVIEW
            )
            year = self.review_year()
            current = await self._repo.answer(member.id, year)
            if current is not None and current.grade is grade:
                raise Conflict(N_("This grade is already recorded."))
            await self._repo.save_grade(member.id, year, grade, officer.id, now)
            await self._deps.audit.record(
                AuditEntry(
                    now, member.branch_id, officer.id, "review_graded", member.id, grade.value
                )
            )
            if member.chat_id is not None:
                await self._deps.notifier.notify(
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
        active = await self._members.with_status(officer.branch_id, MemberStatus.ACTIVE)
        away = sorted(active, key=lambda m: m.full_name)
        return await self._readiness(officer.branch_id, self._today(), away)

    async def _readiness(self, branch_id: int, today: date, away: Sequence[Member]) -> Readiness:
        year = year_reviewed(today)
        review = await self._repo.review(branch_id, year)
        settings = await self._settings.get(branch_id)
        answers = await self._repo.answers(branch_id, year)
        ready = Readiness(review, [], [], [], [], [], [], [], [])
        after_meeting = review is not None and today >= self._deps.local_date(review.meeting_at)
        for member in away:
            answer = answers.get(member.id)
            end = member.standing.period_end
            if end is not None and end - today <= ENDING_SOON:
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
        """In the review season: a meeting not set, members who have not answered or not sent
        their self-assessment, grades not given."""
        today = self._deps.local_date(week.end)
        part = DigestPart()
        year = year_reviewed(today)
        if today < reminders_start(year):
            return part
        away = sorted((m for m in members if m.works_away), key=lambda m: m.full_name)
        ready = await self._readiness(branch_id, today, away)
        review = ready.review
        if review is None:
            part.entries.append(Entry(DigestKind.REVIEW_NOT_SET, "", None, {"year": year}))
            return part
        meeting = self._deps.local_date(review.meeting_at)
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
