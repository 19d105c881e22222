"""The dues section of the weekly digest: payments waiting for an officer, members at two or
three unpaid months in the year, the month's counts, and for the chart the share of members who
had paid each week's month by the week's end."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

from bot.core.digest.parts import DUES_RATE, Digest, DigestPart, Entry, Week, rates
from bot.core.digest.parts import EntryKind as DigestKind
from bot.core.dues.ledger import NO_SUMS, MonthStatus, Statement, past_due
from bot.core.dues.ports import DuesRepo
from bot.core.dues.statements import DuesService, months_text
from bot.core.kernel.calendar import Month
from bot.core.kernel.deps import Deps
from bot.core.kernel.model import Member, MemberStatus
from bot.core.members.settings import SettingsService


def paid_by(
    statements: Mapping[int, Statement],
    confirmations: Sequence[tuple[Month, datetime, int]],
    months: Sequence[Month],
    ends: Sequence[datetime],
) -> list[tuple[int, int]]:
    """For each week (its month and its end): (1, 1) if the member had paid that month in full
    by the week's end, (0, 1) if they owed it, (0, 0) if they owed nothing. ``confirmations``:
    (month, when, amount) of each confirmed amount."""
    by_month: dict[Month, list[tuple[datetime, int]]] = {}
    for paid, at, amount in confirmations:
        by_month.setdefault(paid, []).append((at, amount))
    found = []
    for month, end in zip(months, ends, strict=True):
        line = statements[month.year].line(month)
        if line.status in (MonthStatus.NOT_TRACKED, MonthStatus.EXEMPT):
            found.append((0, 0))
            continue
        by_then = sum(amount for at, amount in by_month.get(month, ()) if at < end)
        found.append((int(by_then >= line.expected), 1))
    return found


DUES_SECTION = "dues"


@dataclass(frozen=True, slots=True)
class DuesCounts:
    """The month's dues among members away, and how many are at two or three unpaid months."""

    month: str  # YYYY-MM
    paid: int  # paid in full, or exempt for the month
    waiting: int  # reported, waiting for an officer
    open: int
    behind: int = 0  # members with dues past due this year (the month's, after its dues day)
    two: int = 0
    three: int = 0

    @classmethod
    def of(cls, digest: Digest) -> DuesCounts | None:
        """The dues figures in a digest, if the dues section gave any."""
        values = digest.figures.get(DUES_SECTION)
        return cls(**values) if values else None


@dataclass(frozen=True, slots=True, kw_only=True)
class DuesDigest:
    deps: Deps
    dues: DuesService
    repo: DuesRepo
    settings: SettingsService

    async def digest_part(
        self, branch_id: int, week: Week, members: Sequence[Member]
    ) -> DigestPart:
        """Payments waiting, members at two or three unpaid months, the month's counts, and
        for the chart the share of members who had paid each week's month by the week's end."""
        local = [Month.of(self.deps.local_date(end)) for end in week.series_ends]
        month = local[-1]
        years = sorted({m.year for m in local} | {month.year - (month.month == 1)})
        sums, pending = await self.dues.branch_sums(branch_id, Month(years[0], 1))
        timeline: dict[int, list[tuple[Month, datetime, int]]] = {}
        for member_id, paid_month, at, amount in await self.repo.confirmations_since(
            branch_id, local[0]
        ):
            timeline.setdefault(member_id, []).append((paid_month, at, amount))
        part = DigestPart()
        paid = waiting = open_ = behind = 0
        settings = await self.settings.get(branch_id)
        today = self.deps.local_date(week.end)
        weekly = [(0, 0)] * len(local)
        payers = {m.id: m for m in members if m.status is MemberStatus.ACTIVE}
        for member in payers.values():
            if not member.works_away:
                continue
            own = sums.get(member.id, NO_SUMS)
            statements = {
                year: self.dues.statement_of(member, settings, year, own, month) for year in years
            }
            line = statements[month.year].line(month)
            behind += bool(past_due(statements[month.year], today, settings.dues_day))
            if line.status in (MonthStatus.PAID, MonthStatus.EXEMPT):
                paid += 1
            elif line.status is MonthStatus.WAITING:
                waiting += 1
            elif line.status is not MonthStatus.NOT_TRACKED:
                open_ += 1
            # In January the year that just ended still counts, as for the warnings.
            judged = [statements[month.year]]
            if month.month == 1:
                judged.append(statements[month.year - 1])
            worst = max(judged, key=lambda s: s.unpaid_months)
            if worst.unpaid_months >= 2:
                kind = DigestKind.DUES_THREE if worst.unpaid_months >= 3 else DigestKind.DUES_TWO
                part.entries.append(
                    Entry(
                        kind,
                        member.full_name,
                        member.id,
                        {"unpaid": worst.unpaid_months, "year": worst.year},
                    )
                )
            weekly = [
                (done + got, of + owed)
                for (done, of), (got, owed) in zip(
                    weekly,
                    paid_by(statements, timeline.get(member.id, []), local, week.series_ends),
                    strict=True,
                )
            ]
        for report in pending:
            payer = payers.get(report.member_id)
            if payer is not None:
                part.entries.append(
                    Entry(
                        DigestKind.PAYMENT_WAITING,
                        payer.full_name,
                        payer.id,
                        {"months": months_text(report.months), "amount": report.amount},
                    )
                )
        three = sum(1 for e in part.entries if e.kind is DigestKind.DUES_THREE)
        two = sum(1 for e in part.entries if e.kind is DigestKind.DUES_TWO)
        counts = DuesCounts(month.iso(), paid, waiting, open_, behind, two, three)
        part.figures[DUES_SECTION] = asdict(counts)
        part.series[DUES_RATE] = rates(weekly)
        return part
