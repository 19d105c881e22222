"""The dues planner: each branch's monthly reminder on its dues day, and the warnings of the
3-month rule (rules in ``bot.core.dues``)."""

from __future__ import annotations

from bot.core.dues import DuesService
from bot.reminders.engine import Planner


def dues_planner(service: DuesService) -> Planner:
    return Planner("dues", service.plan)
