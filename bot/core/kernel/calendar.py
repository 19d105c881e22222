"""Months and local dates: the calendar the rules speak in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True, order=True)
class Month:
    """A calendar month, stored as ``YYYY-MM`` and shown as ``mm/yyyy``."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def parse_iso(cls, text: str) -> Month:
        """Read the stored form ``YYYY-MM``."""
        return _parse_month(text)

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __str__(self) -> str:
        return self.iso()

    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def last_day(self) -> date:
        return self.next().first_day() - timedelta(days=1)

    def next(self) -> Month:
        return self.plus(1)

    def plus(self, months: int) -> Month:
        index = self.year * 12 + (self.month - 1) + months
        return Month(index // 12, index % 12 + 1)

    def months_until(self, other: Month) -> int:
        """How many months from this one to ``other`` (negative if ``other`` is earlier)."""
        return (other.year - self.year) * 12 + (other.month - self.month)

    def day(self, day_of_month: int) -> date:
        """The given day of this month, clamped to its last day (the 31st of February is the
        28th or 29th)."""
        return date(self.year, self.month, min(day_of_month, self.last_day().day))


@lru_cache(maxsize=1_024)  # stored months repeat: the ledger and the digest read thousands
def _parse_month(text: str) -> Month:
    year, month = text.split("-")
    return Month(int(year), int(month))


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    """The calendar date at ``moment`` in ``zone``."""
    return moment.astimezone(zone).date()


def local_datetime(day: date, at: time, zone: ZoneInfo) -> datetime:
    """An aware datetime for a wall-clock time on a local date."""
    return datetime.combine(day, at, tzinfo=zone)
