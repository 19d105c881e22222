"""The dues planner: each branch's monthly reminder on its dues day, and the warnings of the
3-month rule (``bot.core.dues.reminders``)."""

from __future__ import annotations

from bot.core.dues.reminders import DuesReminders
from bot.reminders.engine import Planner


def dues_planner(service: DuesReminders) -> Planner:
    return Planner("dues", service.plan)
