"""What a member's dues depend on (category, base, region) and a branch's reductions: part of
the member's record, which every capability reads. The rate book that turns them into amounts
is ``bot.core.dues.rates``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.kernel.calendar import Month


class Category(StrEnum):
    SALARY = "salary"  # in compulsory social insurance: a percentage of the insurance salary base
    PENSION = "pension"
    STUDENT = "student"
    OTHER = "other"  # everyone else, which includes most members who work away


class Region(StrEnum):
    """Minimum-wage regions I to IV."""

    I = "I"  # noqa: E741 - the region's official name
    II = "II"
    III = "III"
    IV = "IV"


class Rounding(StrEnum):
    UP_1000 = "up_1000"  # up to the next 1,000 dong (DOMAIN.md's default, unconfirmed)
    NEAREST_1000 = "nearest_1000"
    NONE = "none"  # to the dong


@dataclass(frozen=True, slots=True)
class DuesProfile:
    """What a member's dues depend on."""

    category: Category = Category.OTHER
    base: int | None = None  # insurance salary base or pension, dong a month
    region: Region = Region.IV
    senior: bool = False  # above retirement age


@dataclass(frozen=True, slots=True)
class Reduction:
    """A reduction (30, 50 or 70%) or an exemption (100%) for a run of months."""

    percent: int
    start: Month
    end: Month
    reason: str

    def covers(self, month: Month) -> bool:
        return self.start <= month <= self.end
