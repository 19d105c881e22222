"""The check-in planner: prompts on each branch's cadence, one nudge after two days, the
leaders told when a prompt goes unanswered (rules in ``bot.core.checkins.prompts``)."""

from __future__ import annotations

from bot.core.checkins.prompts import CheckinPrompts
from bot.reminders.engine import Planner


def checkin_planner(service: CheckinPrompts) -> Planner:
    return Planner("checkins", service.plan)
