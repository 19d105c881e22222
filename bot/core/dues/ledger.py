"""The dues ledger and what follows from it: the status of each month, what is owed, how many
months went unpaid this year (DOMAIN.md, the 3-month rule).

The ledger is append-only: reports, confirmations, rejections, corrections, reductions. Nothing
about a month is stored twice; the statement is computed from the entries every time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.core.dues.rates import Computation, RateBook, year_amounts
from bot.core.kernel.calendar import Month
from bot.core.kernel.dues_profile import DuesProfile, Reduction, Rounding


class EntryKind(StrEnum):
    REPORT = "report"  # a member says they paid (months, way, receipt)
    CONFIRMATION = "confirmation"  # an officer confirms a month's payment (amount received)
    REJECTION = "rejection"  # an officer did not receive what a report says
    CORRECTION = "correction"  # an officer corrects a month's confirmed amount (a delta)
    REDUCTION = "reduction"  # a reduction or exemption for a run of months
    CANT_PAY = "cant_pay"  # a member says they cannot pay now, and why


class PayMethod(StrEnum):
    PORTAL = "portal"  # Cổng Dịch vụ công Quốc gia
    CASH = "cash"  # in cash to the branch
    RELATIVE = "relative"  # a relative paid in cash on the member's behalf


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    id: int
    member_id: int
    kind: EntryKind
    at: datetime
    actor_id: int | None  # the officer (confirmations, corrections, reductions, cash records)
    months: tuple[Month, ...] = ()
    amount: int | None = None
    method: PayMethod | None = None
    payer: str | None = None
    note: str | None = None
    report_id: int | None = None
    receipt: str | None = None  # "photo:<file id>" or "document:<file id>"
    percent: int | None = None


class MonthStatus(StrEnum):
    NOT_TRACKED = "not_tracked"  # before the member's dues were followed by the bot
    EXEMPT = "exempt"
    PAID = "paid"
    PARTIAL = "partial"  # something confirmed, less than the amount
    WAITING = "waiting"  # reported, waiting for an officer
    OPEN = "open"  # owed
    FUTURE = "future"


@dataclass(frozen=True, slots=True)
class MonthLine:
    month: Month
    status: MonthStatus
    expected: int
    confirmed: int
    computation: Computation

    @property
    def owed(self) -> int:
        if self.status in (MonthStatus.OPEN, MonthStatus.PARTIAL):
            return max(0, self.expected - self.confirmed)
        return 0


@dataclass(frozen=True, slots=True)
class Statement:
    member_id: int
    year: int
    current: Month
    lines: tuple[MonthLine, ...]

    @property
    def owed(self) -> int:
        return sum(line.owed for line in self.lines)

    @property
    def open_months(self) -> list[Month]:
        return [
            line.month
            for line in self.lines
            if line.status in (MonthStatus.OPEN, MonthStatus.PARTIAL)
        ]

    @property
    def unpaid_months(self) -> int:
        """Months of the year that ended with nothing paid and nothing reported: the count the
        3-month rule speaks of (per calendar year, cumulative, not consecutive)."""
        return sum(
            1
            for line in self.lines
            if line.status is MonthStatus.OPEN and line.month < self.current
        )

    def line(self, month: Month) -> MonthLine:
        if month.year != self.year:
            raise KeyError(month)
        return self.lines[month.month - 1]  # January to December, in order


def reductions_in(entries: Sequence[LedgerEntry]) -> tuple[Reduction, ...]:
    """Reductions and exemptions recorded in the ledger, the latest first (a newer one over the
    same months replaces an older one)."""
    found = [
        Reduction(e.percent or 0, e.months[0], e.months[-1], e.note or "")
        for e in entries
        if e.kind is EntryKind.REDUCTION and e.months
    ]
    return tuple(reversed(found))


def pending_reports(entries: Sequence[LedgerEntry]) -> list[LedgerEntry]:
    """Reports no officer has answered yet."""
    answered = {
        e.report_id for e in entries if e.kind in (EntryKind.CONFIRMATION, EntryKind.REJECTION)
    }
    return [e for e in entries if e.kind is EntryKind.REPORT and e.id not in answered]


def confirmed_by_month(entries: Sequence[LedgerEntry]) -> dict[Month, int]:
    totals: dict[Month, int] = {}
    for entry in entries:
        if entry.kind in (EntryKind.CONFIRMATION, EntryKind.CORRECTION) and entry.months:
            month = entry.months[0]
            totals[month] = totals.get(month, 0) + (entry.amount or 0)
    return totals


@dataclass(frozen=True, slots=True)
class LedgerSums:
    """What a statement needs from a member's ledger: the amounts confirmed for each month,
    the months reported and waiting for an officer, and the reductions (the latest first)."""

    confirmed: Mapping[Month, int]
    waiting: frozenset[Month]
    reductions: tuple[Reduction, ...]

    @classmethod
    def of(cls, entries: Sequence[LedgerEntry]) -> LedgerSums:
        return cls(
            confirmed_by_month(entries),
            frozenset(month for report in pending_reports(entries) for month in report.months),
            reductions_in(entries),
        )


NO_SUMS = LedgerSums({}, frozenset(), ())


def statement(
    *,
    member_id: int,
    profile: DuesProfile,
    year: int,
    current: Month,
    tracked_from: Month,
    sums: LedgerSums,
    book: RateBook,
    rounding: Rounding,
) -> Statement:
    """The year month by month for one member, from what their ledger adds up to."""
    reductions, confirmed, waiting = sums.reductions, sums.confirmed, sums.waiting
    lines = []
    for computation in year_amounts(profile, year, book, reductions, rounding):
        month = computation.month
        expected = computation.amount
        paid = confirmed.get(month, 0)
        if month < tracked_from:
            status = MonthStatus.NOT_TRACKED
        elif expected == 0:
            status = MonthStatus.EXEMPT
        elif paid >= expected:
            status = MonthStatus.PAID
        elif month in waiting:
            status = MonthStatus.WAITING
        elif paid > 0:
            status = MonthStatus.PARTIAL
        elif month > current:
            status = MonthStatus.FUTURE
        else:
            status = MonthStatus.OPEN
        lines.append(MonthLine(month, status, expected, paid, computation))
    return Statement(member_id, year, current, tuple(lines))


def past_due(statement: Statement, today: date, dues_day: int) -> list[Month]:
    """Months owed whose reminder has gone out: earlier months, and this one from its dues
    day."""
    current = Month.of(today)
    return [
        month
        for month in statement.open_months
        if month < current or (month == current and today.day >= dues_day)
    ]


def warning_level(unpaid: int) -> int:
    """0 none, 1 a kind reminder, 2 a clear explanation (and the leaders flagged), 3 the
    leaders alerted. The bot never decides anything about membership."""
    return min(unpaid, 3)
