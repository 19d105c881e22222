"""``next_due``: the moment the check-in planner looks at a member again must be the first
moment the rules have something for them. Too late loses a prompt; too early is only wasted
work, but it would make every tick read members who are not due."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.checkins.prompts import ContactState, Prompt, next_due, plan_for
from bot.core.kernel.model import MemberStatus, Role
from bot.core.members.branch_rounds import next_daily, next_monthly, next_weekly
from bot.core.members.settings import Cadence
from tests.core.test_checkin_rules import APPROVED, SETTINGS, VN, member

HOUR = timedelta(hours=1)


def latest_event(state: ContactState) -> datetime:
    """From when the state can be true: nothing in it happened after this."""
    times = [state.member.approved_at or APPROVED]
    if state.last_checkin_at:
        times.append(state.last_checkin_at)
    if state.last_prompt:
        prompt = state.last_prompt
        times += [t for t in (prompt.planned_at, prompt.nudged_at, prompt.escalated_at) if t]
    return max(times)


@st.composite
def states(draw: st.DrawFn) -> ContactState:
    day = st.integers(min_value=0, max_value=60)
    minutes = st.integers(min_value=0, max_value=24 * 60 - 1)

    def moment() -> datetime:
        return APPROVED + timedelta(days=draw(day), minutes=draw(minutes))

    paused = draw(st.none() | st.integers(min_value=0, max_value=70))
    works = member(
        paused_until=None if paused is None else APPROVED.date() + timedelta(days=paused)
    )
    prompt = None
    if draw(st.booleans()):
        planned = moment()
        nudged = planned + timedelta(days=2, hours=draw(st.integers(0, 30)))
        prompt = Prompt(
            1,
            works.id,
            planned.astimezone(VN).date(),
            planned,
            nudged if draw(st.booleans()) else None,
            nudged + timedelta(days=3) if draw(st.booleans()) else None,
        )
    checkin = moment() if draw(st.booleans()) else None
    return ContactState(works, None, checkin, prompt)


@settings(max_examples=150, deadline=None)
@given(
    state=states(),
    cadence=st.sampled_from(list(Cadence)),
    hour=st.integers(min_value=6, max_value=20),
)
def test_nothing_is_due_before_next_due_and_something_is_at_it(
    state: ContactState, cadence: Cadence, hour: int
) -> None:
    branch = replace(SETTINGS, cadence=cadence, checkin_time=time(hour, 30))
    due = next_due(state, branch, VN)
    assert due is not None
    start = latest_event(state)
    moment = start
    while moment < due:
        assert not _anything(state, branch, moment), f"something due at {moment} before {due}"
        moment += HOUR
    assert _anything(state, branch, max(due, start)), f"nothing due at {due}"
    assert not _anything(state, branch, due - timedelta(microseconds=1)) or due <= start


def _anything(state: ContactState, branch: object, moment: datetime) -> bool:
    plan = plan_for(state, branch, moment, VN)  # type: ignore[arg-type]
    return bool(plan.prompt or plan.nudge or plan.escalate)


def test_members_the_bot_does_not_ask_are_never_due() -> None:
    for changes in (
        {"role": Role.SECRETARY},
        {"status": MemberStatus.PENDING},
        {"unreachable_since": APPROVED},
        {"return_requested_at": APPROVED},
    ):
        state = ContactState(member(**changes), None, None, None)
        assert next_due(state, SETTINGS, VN) is None


def test_a_nudge_held_by_a_pause_comes_the_morning_after_it() -> None:
    asked = datetime(2026, 12, 7, 9, 0, tzinfo=VN)
    paused = member(paused_until=date(2026, 12, 12))
    state = ContactState(paused, None, None, Prompt(1, 7, asked.date(), asked, None, None))
    assert next_due(state, SETTINGS, VN) == datetime(2026, 12, 13, 0, 0, tzinfo=VN)


def test_a_branch_round_is_next_due_at_its_moment_then_one_period_later() -> None:
    before = datetime(2026, 12, 5, 8, 59, tzinfo=VN)
    at = datetime(2026, 12, 5, 9, 0, tzinfo=VN)
    assert next_daily(SETTINGS, before, VN) == at
    assert next_daily(SETTINGS, at, VN) == at + timedelta(days=1)
    assert next_monthly(SETTINGS, before, VN) == at  # the 5th is the dues day
    assert next_monthly(SETTINGS, at, VN) == datetime(2027, 1, 5, 9, 0, tzinfo=VN)
    late = replace(SETTINGS, dues_day=28)
    assert next_monthly(late, datetime(2027, 1, 30, tzinfo=VN), VN) == datetime(
        2027, 2, 28, 9, 0, tzinfo=VN
    )
    monday = datetime(2026, 12, 7, 7, 30, tzinfo=VN)
    assert next_weekly(SETTINGS, before, VN) == monday
    assert next_weekly(SETTINGS, monday, VN) == monday + timedelta(days=7)
    assert next_weekly(replace(SETTINGS, digest_enabled=False), before, VN) is None
