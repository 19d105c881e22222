"""The review calendar as plain functions."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.core.review.rules import (
    Attendance,
    Review,
    ReviewAnswer,
    Stage,
    due_stage,
    stage_dates,
    wants_reminder,
    year_reviewed,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def review(set_on: date, meeting: date) -> Review:
    return Review(
        1,
        2026,
        datetime.combine(meeting, datetime.min.time(), tzinfo=VN),
        "Hội trường",
        meeting,
        datetime.combine(set_on, datetime.min.time(), tzinfo=VN),
    )


def test_reminders_from_the_first_of_november_then_fourteen_three_and_one_days_before() -> None:
    early = review(date(2026, 10, 20), date(2026, 12, 20))
    assert stage_dates(early, VN) == {
        Stage.START: date(2026, 11, 1),
        Stage.D14: date(2026, 12, 6),
        Stage.D3: date(2026, 12, 17),
        Stage.D1: date(2026, 12, 19),
    }


def test_a_meeting_set_late_starts_the_day_it_is_set_and_skips_what_had_passed() -> None:
    late = review(date(2026, 12, 10), date(2026, 12, 20))
    assert stage_dates(late, VN) == {
        Stage.START: date(2026, 12, 10),
        Stage.D3: date(2026, 12, 17),
        Stage.D1: date(2026, 12, 19),
    }


def test_only_the_latest_stage_is_due_and_none_from_the_meeting_day() -> None:
    r = review(date(2026, 10, 20), date(2026, 12, 20))
    assert due_stage(r, date(2026, 10, 31), VN) is None
    assert due_stage(r, date(2026, 11, 1), VN) is Stage.START
    assert due_stage(r, date(2026, 12, 18), VN) is Stage.D3  # after an outage, not D14 too
    assert due_stage(r, date(2026, 12, 20), VN) is None


def test_who_is_reminded() -> None:
    assert wants_reminder(None, Stage.START)
    attending = ReviewAnswer(1, 2026, Attendance.ATTEND)
    assert not wants_reminder(attending, Stage.D14)
    assert wants_reminder(attending, Stage.D1)
    waiting = ReviewAnswer(1, 2026, Attendance.REMOTE, reason="xa")
    assert wants_reminder(waiting, Stage.D3)
    sent = ReviewAnswer(1, 2026, Attendance.REMOTE, assessment="text:…")
    assert not wants_reminder(sent, Stage.D1)


def test_a_meeting_that_slips_into_january_reviews_the_year_before() -> None:
    assert year_reviewed(date(2027, 1, 8)) == 2026
    assert year_reviewed(date(2026, 12, 20)) == 2026
