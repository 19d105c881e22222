"""When to ask, nudge and escalate: the check-in rules called directly with a time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.checkins.prompts import ContactState, Prompt, next_prompt_date, plan_for
from bot.core.kernel.model import Member, MemberStatus, Role, StandingInfo
from bot.core.kernel.quiet_hours import QuietHours
from bot.core.members.settings import BranchSettings, Cadence

VN = ZoneInfo("Asia/Ho_Chi_Minh")
APPROVED = datetime(2026, 11, 23, 10, 0, tzinfo=VN)
SETTINGS = BranchSettings(1, QuietHours(time(21), time(7)))


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


def member(**changes: object) -> Member:
    base = Member(
        7,
        1,
        42,
        Role.MEMBER,
        MemberStatus.ACTIVE,
        "An",
        "+84912345678",
        "Xã",
        None,
        StandingInfo(),
        APPROVED,
        APPROVED,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def state(
    m: Member | None = None, *, last_checkin: datetime | None = None, prompt: Prompt | None = None
) -> ContactState:
    return ContactState(m or member(), None, last_checkin, prompt)


def asked(day: date, **changes: object) -> Prompt:
    base = Prompt(1, 7, day, at(day), None, None)
    return replace(base, **changes)  # type: ignore[arg-type]


def test_the_first_prompt_comes_one_cadence_after_approval_at_the_checkin_hour() -> None:
    due = date(2026, 12, 7)
    assert next_prompt_date(state(), SETTINGS, VN) == due
    assert plan_for(state(), SETTINGS, at(due, 8, 59), VN).prompt is None
    assert plan_for(state(), SETTINGS, at(due, 9, 0), VN).prompt == due
    assert plan_for(state(), SETTINGS, at(due - timedelta(days=1), 12), VN).prompt is None


def test_each_cadence() -> None:
    start = date(2026, 1, 31)
    assert Cadence.WEEKLY.after(start) == date(2026, 2, 7)
    assert Cadence.FORTNIGHTLY.after(start) == date(2026, 2, 14)
    assert Cadence.MONTHLY.after(start) == date(2026, 2, 28)
    monthly = replace(SETTINGS, cadence=Cadence.MONTHLY)
    assert next_prompt_date(state(), monthly, VN) == date(2026, 12, 23)


def test_a_checkin_moves_the_next_prompt() -> None:
    checked = at(date(2026, 12, 1), 20)
    assert next_prompt_date(state(last_checkin=checked), SETTINGS, VN) == date(2026, 12, 15)


def test_an_unanswered_prompt_is_nudged_once_two_days_later() -> None:
    prompt = asked(date(2026, 12, 7))
    s = state(prompt=prompt)
    assert plan_for(s, SETTINGS, at(date(2026, 12, 9), 8, 59), VN).nudge is None
    assert plan_for(s, SETTINGS, at(date(2026, 12, 9), 9, 0), VN).nudge == prompt
    nudged = state(prompt=replace(prompt, nudged_at=at(date(2026, 12, 9))))
    assert plan_for(nudged, SETTINGS, at(date(2026, 12, 10)), VN).nudge is None


def test_an_answered_prompt_is_neither_nudged_nor_escalated() -> None:
    prompt = asked(date(2026, 12, 7))
    s = state(prompt=prompt, last_checkin=at(date(2026, 12, 7), 9, 30))
    later = plan_for(s, SETTINGS, at(date(2026, 12, 21)), VN)
    assert later.nudge is None
    assert later.escalate is None
    assert later.prompt == date(2026, 12, 21)


def test_still_unanswered_when_the_next_prompt_falls_due_is_escalated() -> None:
    prompt = asked(date(2026, 12, 7), nudged_at=at(date(2026, 12, 9)))
    plan = plan_for(state(prompt=prompt), SETTINGS, at(date(2026, 12, 21)), VN)
    assert plan.escalate == prompt
    assert plan.prompt == date(2026, 12, 21)
    assert plan.nudge is None


def test_a_pause_asks_nothing_and_misses_nothing_and_resumes_the_day_after() -> None:
    paused = member(paused_until=date(2026, 12, 31))
    prompt = asked(date(2026, 12, 7))
    during = plan_for(state(paused, prompt=prompt), SETTINGS, at(date(2026, 12, 21)), VN)
    assert during == plan_for(state(paused), SETTINGS, at(date(2026, 12, 30)), VN)
    assert during.prompt is None
    assert during.escalate is None
    assert next_prompt_date(state(paused), SETTINGS, VN) == date(2027, 1, 1)


def test_unreachable_returned_and_returning_members_are_not_asked() -> None:
    day = at(date(2027, 1, 4))
    for m in (
        member(unreachable_since=APPROVED),
        member(return_requested_at=APPROVED),
        member(status=MemberStatus.RETURNED),
        member(role=Role.SECRETARY),
        member(status=MemberStatus.PENDING),
    ):
        assert plan_for(state(m), SETTINGS, day, VN).prompt is None


def test_after_a_long_outage_one_prompt_is_asked_today_not_one_per_missed_period() -> None:
    prompt = asked(date(2026, 12, 7))
    back = at(date(2027, 2, 15), 11)
    plan = plan_for(state(prompt=prompt), SETTINGS, back, VN)
    assert plan.prompt == date(2027, 2, 15)
    assert plan.escalate == prompt
    answered_today = state(prompt=asked(date(2027, 2, 15)))
    assert plan_for(answered_today, SETTINGS, back + timedelta(hours=1), VN).prompt is None
