"""A branch's own settings: how often members are asked to check in, quiet hours, and whether
routine check-ins come at once or in the weekly digest."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.kernel.access import Action, Actor
from bot.core.kernel.calendar import Month
from bot.core.kernel.deps import Deps
from bot.core.kernel.dues_profile import Region, Rounding
from bot.core.kernel.model import AuditEntry
from bot.core.kernel.quiet_hours import QuietHours
from bot.core.members.ports import BranchSettingsRepo


class Cadence(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"

    def after(self, day: date) -> date:
        """The day one period after ``day``."""
        if self is Cadence.WEEKLY:
            return date.fromordinal(day.toordinal() + 7)
        if self is Cadence.FORTNIGHTLY:
            return date.fromordinal(day.toordinal() + 14)
        return Month.of(day).next().day(day.day)


class RelayMode(StrEnum):
    AT_ONCE = "at_once"  # every check-in reaches the leaders as it comes
    DIGEST = "digest"  # routine "still the same" check-ins wait for the weekly digest


@dataclass(frozen=True, slots=True)
class BranchSettings:
    branch_id: int
    quiet: QuietHours
    cadence: Cadence = Cadence.FORTNIGHTLY
    relay: RelayMode = RelayMode.AT_ONCE
    checkin_time: time = time(9, 0)
    digest_weekday: int = 0  # Monday (Python's numbering: 0 is Monday)
    digest_time: time = time(7, 30)
    digest_enabled: bool = True
    dues_day: int = 5  # the monthly reminder goes out on this day
    dues_rounding: Rounding = Rounding.UP_1000
    dues_region: Region = Region.IV  # for members whose own region is not set
    review_excuse_exempt: bool = False  # DOMAIN.md: a setting, unconfirmed under 2025 rules

    def digest_moment(self, week_of: date, zone: ZoneInfo) -> datetime:
        """When the digest of the week containing ``week_of`` is due."""
        monday = week_of - timedelta(days=week_of.weekday())
        day = monday + timedelta(days=self.digest_weekday)
        return datetime.combine(day, self.digest_time, tzinfo=zone)


class SettingsService:
    """Branch settings with the deployment's defaults, cached: the sender asks for quiet hours
    on every message."""

    def __init__(self, *, deps: Deps, repo: BranchSettingsRepo, default_quiet: QuietHours) -> None:
        self._deps = deps
        self._repo = repo
        self._default = default_quiet
        self._cache: dict[int, BranchSettings] = {}

    def defaults(self, branch_id: int) -> BranchSettings:
        return BranchSettings(branch_id=branch_id, quiet=self._default)

    async def get(self, branch_id: int) -> BranchSettings:
        cached = self._cache.get(branch_id)
        if cached is None:
            stored = await self._repo.get(branch_id)
            cached = replace(self.defaults(branch_id), **stored)
            self._cache[branch_id] = cached
        return cached

    async def quiet_hours(self, branch_id: int | None) -> QuietHours:
        if branch_id is None:
            return self._default
        return (await self.get(branch_id)).quiet

    async def change(self, actor: Actor, **changes: Any) -> BranchSettings:
        """A leader changes their branch's settings."""
        officer = actor.require_member(Action.CHANGE_SETTINGS)
        current = await self.get(officer.branch_id)
        updated = replace(current, **changes)
        async with self._deps.tx.transaction():
            await self._repo.save(updated, changes.keys())
            detail = ", ".join(f"{key}={value}" for key, value in sorted(changes.items()))
            await self._deps.audit.record(
                AuditEntry.in_branch(self._deps.now(), officer, "settings_changed", detail)
            )
        self._cache[officer.branch_id] = updated
        return updated
