"""Statements computed from the ledger: statuses, what is owed, the 3-month count."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.dues.ledger import (
    EntryKind,
    LedgerEntry,
    LedgerSums,
    MonthStatus,
    PayMethod,
    Statement,
    statement,
    warning_level,
)
from bot.core.dues.payments import split_amount
from bot.core.dues.rates import rate_book
from bot.core.kernel.calendar import Month
from bot.core.kernel.dues_profile import DuesProfile, Region, Rounding

AT = datetime(2027, 6, 10, tzinfo=UTC)
PROFILE = DuesProfile(region=Region.IV)  # 12,000 a month in 2027


def entry(
    entry_id: int,
    kind: EntryKind,
    *months: Month,
    amount: int | None = None,
    report_id: int | None = None,
    percent: int | None = None,
) -> LedgerEntry:
    return LedgerEntry(
        entry_id,
        7,
        kind,
        AT,
        1,
        tuple(months),
        amount,
        PayMethod.PORTAL,
        report_id=report_id,
        percent=percent,
    )


JUNE, JANUARY = Month(2027, 6), Month(2027, 1)


def year_2027(
    *entries: LedgerEntry, current: Month = JUNE, tracked_from: Month = JANUARY
) -> Statement:
    return statement(
        member_id=7,
        profile=PROFILE,
        year=2027,
        current=current,
        tracked_from=tracked_from,
        sums=LedgerSums.of(entries),
        book=rate_book(),
        rounding=Rounding.UP_1000,
    )


def test_nothing_paid_counts_the_months_that_ended() -> None:
    s = year_2027()
    assert [line.status for line in s.lines[:7]] == [MonthStatus.OPEN] * 6 + [MonthStatus.FUTURE]
    assert s.unpaid_months == 5  # January to May; June is still running
    assert s.owed == 6 * 12_000
    assert warning_level(s.unpaid_months) == 3


def test_unpaid_months_are_counted_in_the_year_not_consecutively() -> None:
    paid = [
        entry(i, EntryKind.CONFIRMATION, Month(2027, m), amount=12_000)
        for i, m in enumerate((2, 4), start=1)
    ]
    s = year_2027(*paid)
    assert s.unpaid_months == 3  # January, March, May
    assert s.line(Month(2027, 2)).status is MonthStatus.PAID


def test_a_report_waits_and_does_not_count_until_confirmed() -> None:
    report = entry(1, EntryKind.REPORT, Month(2027, 4), Month(2027, 5), amount=24_000)
    s = year_2027(report)
    assert s.line(Month(2027, 4)).status is MonthStatus.WAITING
    assert s.unpaid_months == 3
    confirmed = [
        entry(2, EntryKind.CONFIRMATION, Month(2027, 4), amount=12_000, report_id=1),
        entry(3, EntryKind.CONFIRMATION, Month(2027, 5), amount=12_000, report_id=1),
    ]
    assert year_2027(report, *confirmed).line(Month(2027, 5)).status is MonthStatus.PAID
    rejected = entry(2, EntryKind.REJECTION, Month(2027, 4), Month(2027, 5), report_id=1)
    assert year_2027(report, rejected).line(Month(2027, 4)).status is MonthStatus.OPEN


def test_paying_ahead_marks_future_months_paid() -> None:
    ahead = [
        entry(i, EntryKind.CONFIRMATION, Month(2027, m), amount=12_000)
        for i, m in enumerate((6, 7, 8), start=1)
    ]
    s = year_2027(*ahead)
    assert [s.line(Month(2027, m)).status for m in (6, 7, 8, 9)] == [
        MonthStatus.PAID,
        MonthStatus.PAID,
        MonthStatus.PAID,
        MonthStatus.FUTURE,
    ]


def test_a_partial_payment_is_paid_for_the_rule_but_the_rest_is_owed() -> None:
    s = year_2027(entry(1, EntryKind.CONFIRMATION, Month(2027, 1), amount=5_000))
    line = s.line(Month(2027, 1))
    assert line.status is MonthStatus.PARTIAL
    assert line.owed == 7_000
    assert s.unpaid_months == 4


def test_a_correction_changes_what_a_month_received() -> None:
    confirmed = entry(1, EntryKind.CONFIRMATION, Month(2027, 1), amount=12_000)
    corrected = entry(2, EntryKind.CORRECTION, Month(2027, 1), amount=-12_000)
    assert year_2027(confirmed, corrected).line(Month(2027, 1)).status is MonthStatus.OPEN


def test_an_exemption_owes_nothing_and_misses_nothing() -> None:
    exempt = entry(1, EntryKind.REDUCTION, *(Month(2027, m) for m in range(1, 13)), percent=100)
    s = year_2027(exempt)
    assert {line.status for line in s.lines} == {MonthStatus.EXEMPT}
    assert s.unpaid_months == 0
    assert s.owed == 0


def test_months_before_the_bot_followed_the_member_are_not_counted() -> None:
    s = year_2027(tracked_from=Month(2027, 5))
    assert s.line(Month(2027, 4)).status is MonthStatus.NOT_TRACKED
    assert s.unpaid_months == 1


def test_an_amount_received_is_shared_in_proportion_and_adds_up() -> None:
    assert split_amount(30_000, [16_000, 16_000]) == [15_000, 15_000]
    assert split_amount(25_001, [12_000, 12_000, 12_000]) == [8_335, 8_333, 8_333]
    assert sum(split_amount(7, [0, 0, 0])) == 7
