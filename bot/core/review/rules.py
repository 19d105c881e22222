"""The year-end review's rules: its stages, answers and grades, when reminders start and who
is excused, and what a self-assessment may be. Plain functions a test calls with a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.core.kernel.calendar import local_date
from bot.core.kernel.errors import InvalidInput
from bot.core.kernel.model import Member, Standing
from bot.core.kernel.text import N_
from bot.core.kernel.validation import parse_file, parse_note
from bot.core.members.settings import BranchSettings

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
