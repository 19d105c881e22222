"""The tick: every minute, each planner queues what is due now into the outbox, and the sender
is woken. Planners read the database, so a tick after a restart or a long outage catches up,
and one run twice queues nothing new (every notice has an idempotency key)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Planner:
    """A capability's planner: a name for the logs and the core call that plans it."""

    name: str
    plan: Callable[[], Awaitable[object]]


class Engine:
    def __init__(self, planners: Sequence[Planner], wake: Callable[[], None]) -> None:
        self.planners = list(planners)
        self._wake = wake

    async def tick(self) -> dict[str, object]:
        """Run every planner once; one failing does not stop the others."""
        reports: dict[str, object] = {}
        for planner in self.planners:
            try:
                reports[planner.name] = await planner.plan()
            except Exception:
                log.exception("planner %s failed", planner.name)
        self._wake()
        return reports
