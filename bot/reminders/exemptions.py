"""The exemptions planner: members whose exemption or temporary registration ends in 30 or 7
days, and their leaders, are told (rules in ``bot.core.review.exemptions``)."""

from __future__ import annotations

from bot.core.review.exemptions import ExemptionService
from bot.reminders.engine import Planner


def exemption_planner(service: ExemptionService) -> Planner:
    return Planner("exemptions", service.plan)
