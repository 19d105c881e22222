"""Quiet hours hold reminders until the morning."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.core.kernel.quiet_hours import QuietHours

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NIGHT = QuietHours(time(21), time(7))


def at(hour: int, minute: int = 0, day: int = 23) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=VN)


def test_a_window_across_midnight() -> None:
    assert NIGHT.is_quiet(at(21), VN)
    assert NIGHT.is_quiet(at(23, 59), VN)
    assert NIGHT.is_quiet(at(6, 59), VN)
    assert not NIGHT.is_quiet(at(7), VN)
    assert not NIGHT.is_quiet(at(20, 59), VN)


def test_the_next_allowed_moment_is_seven_in_the_morning() -> None:
    assert NIGHT.next_allowed(at(22, 30), VN) == at(7, day=24)
    assert NIGHT.next_allowed(at(3), VN) == at(7)
    assert NIGHT.next_allowed(at(12), VN) == at(12)


def test_a_window_within_a_day_and_no_window() -> None:
    lunch = QuietHours(time(12), time(13, 30))
    assert lunch.is_quiet(at(12, 45), VN)
    assert not lunch.is_quiet(at(13, 30), VN)
    assert not QuietHours(time(0), time(0)).is_quiet(at(3), VN)


def test_a_moment_in_utc_is_judged_in_the_branch_zone() -> None:
    utc_afternoon = datetime(2026, 11, 23, 15, 0, tzinfo=ZoneInfo("UTC"))  # 22:00 in Vietnam
    assert NIGHT.is_quiet(utc_afternoon, VN)
