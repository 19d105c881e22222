"""The digest planner: each branch's weekly digest at its digest time, once
(``bot.core.digest.service``)."""

from __future__ import annotations

from bot.core.digest.service import DigestService
from bot.reminders.engine import Planner


def digest_planner(service: DigestService) -> Planner:
    return Planner("digest", service.plan)
