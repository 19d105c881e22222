"""The daily, weekly and monthly rounds planners make through the branches. A tick looks only
at the branches whose moment has come (the due queue, migration 0012); the round's own work
still checks "already done for this period", so a restart never repeats it.

``next_daily``, ``next_monthly`` and ``next_weekly`` say when a round is next due; plain
functions of the settings and the time.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.kernel.calendar import Month
from bot.core.kernel.deps import Deps
from bot.core.kernel.ports import DueQueue
from bot.core.members.settings import BranchSettings, SettingsService

log = logging.getLogger(__name__)

NextAt = Callable[[BranchSettings, datetime, ZoneInfo], "datetime | None"]
Work = Callable[[int, BranchSettings], Awaitable[int]]


def next_daily(settings: BranchSettings, now: datetime, zone: ZoneInfo) -> datetime:
    """The next check-in hour after ``now``: today's, or tomorrow's once it has passed."""
    today = now.astimezone(zone).date()
    moment = datetime.combine(today, settings.checkin_time, zone)
    if now < moment:
        return moment
    return datetime.combine(today + timedelta(days=1), settings.checkin_time, zone)


def next_monthly(settings: BranchSettings, now: datetime, zone: ZoneInfo) -> datetime:
    """The next dues day at the check-in hour after ``now``."""
    month = Month.of(now.astimezone(zone).date())
    moment = datetime.combine(month.day(settings.dues_day), settings.checkin_time, zone)
    if now < moment:
        return moment
    return datetime.combine(month.next().day(settings.dues_day), settings.checkin_time, zone)


def next_weekly(settings: BranchSettings, now: datetime, zone: ZoneInfo) -> datetime | None:
    """The next digest moment after ``now``; None while the digest is turned off."""
    if not settings.digest_enabled:
        return None
    today = now.astimezone(zone).date()
    moment = settings.digest_moment(today, zone)
    if now < moment:
        return moment
    return settings.digest_moment(today + timedelta(days=7), zone)


@dataclass(frozen=True, slots=True, kw_only=True)
class BranchRounds:
    deps: Deps
    due: DueQueue
    settings: SettingsService

    async def run(self, planner: str, next_at: NextAt, work: Work) -> int:
        """Do ``work`` for each branch due now, then note when each is due next."""
        now = self.deps.now()
        queued = 0
        upcoming: dict[int, datetime | None] = {}
        for branch_id in await self.due.due(planner, now):
            settings = await self.settings.get(branch_id)
            try:
                queued += await work(branch_id, settings)
            except Exception:  # one branch's failure must not hold up the others: it stays due
                log.exception("planner %s failed for branch %s", planner, branch_id)
                continue
            upcoming[branch_id] = next_at(settings, now, self.deps.zone)
        if upcoming:
            await self.due.set(planner, upcoming)
        return queued
