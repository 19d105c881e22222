"""The broadcast planner: a delivery report to the officer once an announcement has all gone
out (``bot.core.broadcast``)."""

from __future__ import annotations

from bot.core.broadcast import BroadcastService
from bot.reminders.engine import Planner


def broadcast_planner(service: BroadcastService) -> Planner:
    return Planner("broadcast", service.plan)
