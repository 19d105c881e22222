"""Dues (đảng phí): the monthly reminder, payment reports the branch confirms, statements, and
early warning before the 3-month rule. The bot never handles money; only confirmed payments
count, and the bot never decides anything about membership."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.access import Action, Actor
from bot.core.branch_settings import BranchSettings, SettingsService
from bot.core.calendar import Month
from bot.core.clock import Clock
from bot.core.digest import DUES_RATE, DigestPart, DuesCounts, Entry, Week, rates
from bot.core.digest import EntryKind as DigestKind
from bot.core.dues_ledger import (
    NO_SUMS,
    EntryKind,
    LedgerEntry,
    LedgerSums,
    MonthStatus,
    PayMethod,
    Statement,
    past_due,
    pending_reports,
    statement,
    warning_level,
)
from bot.core.dues_rates import DuesProfile, RateBook, rate_book
from bot.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from bot.core.forms import Answers
from bot.core.leaders import tell_leaders
from bot.core.model import AuditEntry, Member, MemberStatus, Role
from bot.core.notices import Notice, NoticeKind, ParamValue, Urgency
from bot.core.ports import AuditRepo, BranchRepo, DuesRepo, MemberRepo, Notifier, Transactions
from bot.core.text import N_
from bot.core.validation import parse_note

DUES_OFFICERS = frozenset({Role.SECRETARY, Role.DEPUTY, Role.TREASURER})
REDUCTION_PERCENTS = (30, 50, 70, 100)
LONGEST_REDUCTION = 12  # months (DOMAIN.md: reductions for up to 12 months)


@dataclass(frozen=True, slots=True)
class MemberDues:
    """A member with their statement, for officers' lists."""

    member: Member
    statement: Statement
    pending: Sequence[LedgerEntry]
    warnings: frozenset[int]
    entries: Sequence[LedgerEntry] = ()


@dataclass(frozen=True, slots=True)
class Arrears:
    past_due: tuple[Month, ...]  # owed, and reminded of
    waiting: int  # payment reports waiting for an officer


def months_text(months: Sequence[Month]) -> str:
    return ",".join(m.iso() for m in months)


def parse_months(text: str) -> tuple[Month, ...]:
    return tuple(sorted({Month.parse_iso(part) for part in text.split(",") if part}))


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


def split_amount(total: int, weights: Sequence[int]) -> list[int]:
    """``total`` shared across months in proportion to what each owed; the remainder goes to
    the first so the parts add up exactly."""
    whole = sum(weights)
    if whole <= 0:
        parts = [total // len(weights)] * len(weights)
    else:
        parts = [total * weight // whole for weight in weights]
    parts[0] += total - sum(parts)
    return parts


class DuesService:
    def __init__(  # the collaborators of a use case
        self,
        *,
        tx: Transactions,
        repo: DuesRepo,
        members: MemberRepo,
        branches: BranchRepo,
        settings: SettingsService,
        audit: AuditRepo,
        notifier: Notifier,
        clock: Clock,
        zone: ZoneInfo,
        portal_url: str,
        book: RateBook | None = None,
    ) -> None:
        self._tx = tx
        self._repo = repo
        self._members = members
        self._branches = branches
        self._settings = settings
        self._audit = audit
        self._notifier = notifier
        self._clock = clock
        self._zone = zone
        self._portal = portal_url
        self.book = book or rate_book()

    # ---- reading ---------------------------------------------------------------------------

    def _today_month(self) -> Month:
        return Month.of(self._clock.now().astimezone(self._zone).date())

    def current_month(self) -> Month:
        """This month, in the deployment's time zone."""
        return self._today_month()

    def profile_of(self, member: Member, settings: BranchSettings) -> DuesProfile:
        return member.dues or DuesProfile(region=settings.dues_region)

    def tracked_from(self, member: Member, settings: BranchSettings) -> Month:
        """Dues are followed from the first month the bot could remind the member of: the
        month they were confirmed if that was by the dues day, else the next one."""
        since = (member.approved_at or member.registered_at).astimezone(self._zone).date()
        month = Month.of(since)
        return month if since.day <= settings.dues_day else month.next()

    def _statement_of(
        self,
        member: Member,
        settings: BranchSettings,
        year: int,
        sums: LedgerSums,
        current: Month | None = None,
    ) -> Statement:
        return statement(
            member_id=member.id,
            profile=self.profile_of(member, settings),
            year=year,
            current=current or self._today_month(),
            tracked_from=self.tracked_from(member, settings),
            sums=sums,
            book=self.book,
            rounding=settings.dues_rounding,
        )

    async def _statement(
        self, member: Member, year: int, entries: Sequence[LedgerEntry] | None = None
    ) -> Statement:
        settings = await self._settings.get(member.branch_id)
        if entries is None:
            entries = await self._repo.entries(member.id)
        return self._statement_of(member, settings, year, LedgerSums.of(entries))

    async def _branch_sums(
        self, branch_id: int, since: Month
    ) -> tuple[dict[int, LedgerSums], list[LedgerEntry]]:
        """Each member's ledger sums for months from ``since`` (added up by the database: lists
        and digests need every member at once), and the reports waiting for an officer."""
        confirmed = await self._repo.confirmed_totals(branch_id, since)
        reductions = await self._repo.reductions_of_branch(branch_id)
        pending = await self._repo.pending_of_branch(branch_id)
        waiting: dict[int, set[Month]] = {}
        for report in pending:
            waiting.setdefault(report.member_id, set()).update(report.months)
        sums = {
            member_id: LedgerSums(
                confirmed.get(member_id, {}),
                frozenset(waiting.get(member_id, ())),
                reductions.get(member_id, ()),
            )
            for member_id in confirmed.keys() | reductions.keys() | waiting.keys()
        }
        return sums, pending

    async def own_statement(self, actor: Actor, year: int | None = None) -> Statement:
        member = actor.require_member(Action.REPORT_DUES)
        return await self._statement(member, year or self._today_month().year)

    async def _member_for_officer(self, actor: Actor, member_id: int, action: Action) -> Member:
        member = await self._members.get(member_id)
        if member is None or member.status is MemberStatus.ERASED:
            raise NotFound(N_("This member is no longer registered."))
        actor.require(action, branch_id=member.branch_id)
        return member

    async def member_statement(
        self, actor: Actor, member_id: int, year: int | None = None
    ) -> tuple[Member, Statement]:
        member = await self._member_for_officer(actor, member_id, Action.READ_DUES)
        return member, await self._statement(member, year or self._today_month().year)

    async def export(self, actor: Actor, year: int) -> list[MemberDues]:
        """The year's ledger for an Excel export (audited: it holds personal data)."""
        officer = actor.require_member(Action.READ_DUES)
        found = await self.branch_dues(actor, year)
        await self._audit.record(
            AuditEntry(
                self._clock.now(), officer.branch_id, officer.id, "dues_exported", None, str(year)
            )
        )
        return found

    async def branch_dues(self, actor: Actor, year: int | None = None) -> list[MemberDues]:
        """Every member of the officer's branch who pays through the bot, with their year."""
        officer = actor.require_member(Action.READ_DUES)
        year = year or self._today_month().year
        found = []
        by_member = await self._repo.entries_of_branch(officer.branch_id)
        for member in await self._repo.payers(officer.branch_id):
            entries = by_member.get(member.id, [])
            found.append(
                MemberDues(
                    member,
                    await self._statement(member, year, entries),
                    pending_reports(entries),
                    frozenset(await self._repo.warnings(member.id, year)),
                    entries,
                )
            )
        return found

    async def arrears_of_branch(self, branch_id: int) -> dict[int, Arrears]:
        """For member lists: each payer's months past due this year and reports waiting."""
        settings = await self._settings.get(branch_id)
        today = self._clock.now().astimezone(self._zone).date()
        sums, pending = await self._branch_sums(branch_id, Month(today.year, 1))
        waiting: dict[int, int] = {}
        for report in pending:
            waiting[report.member_id] = waiting.get(report.member_id, 0) + 1
        found = {}
        for member in await self._repo.payers(branch_id):
            year = self._statement_of(member, settings, today.year, sums.get(member.id, NO_SUMS))
            found[member.id] = Arrears(
                tuple(past_due(year, today, settings.dues_day)), waiting.get(member.id, 0)
            )
        return found

    # ---- the weekly digest -------------------------------------------------------------------

    async def digest_part(
        self, branch_id: int, week: Week, members: Sequence[Member]
    ) -> DigestPart:
        """Payments waiting, members at two or three unpaid months, the month's counts, and
        for the chart the share of members who had paid each week's month by the week's end."""
        local = [Month.of(end.astimezone(self._zone).date()) for end in week.series_ends]
        month = local[-1]
        years = sorted({m.year for m in local} | {month.year - (month.month == 1)})
        sums, pending = await self._branch_sums(branch_id, Month(years[0], 1))
        timeline: dict[int, list[tuple[Month, datetime, int]]] = {}
        for member_id, paid_month, at, amount in await self._repo.confirmations_since(
            branch_id, local[0]
        ):
            timeline.setdefault(member_id, []).append((paid_month, at, amount))
        part = DigestPart()
        paid = waiting = open_ = behind = 0
        settings = await self._settings.get(branch_id)
        today = week.end.astimezone(self._zone).date()
        weekly = [(0, 0)] * len(local)
        payers = {m.id: m for m in members if m.status is MemberStatus.ACTIVE}
        for member in payers.values():
            if not member.works_away:
                continue
            own = sums.get(member.id, NO_SUMS)
            statements = {
                year: self._statement_of(member, settings, year, own, month) for year in years
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
        part.dues = DuesCounts(month.iso(), paid, waiting, open_, behind, two, three)
        part.series[DUES_RATE] = rates(weekly)
        return part

    # ---- reports from members --------------------------------------------------------------

    async def payable_months(self, actor: Actor) -> list[Month]:
        """Months a report can cover: open this year, and the next three (paying ahead)."""
        return await self._payable(actor.require_member(Action.REPORT_DUES))

    async def cash_months(self, actor: Actor, member_id: int) -> list[Month]:
        """Months an officer can record cash for, for one member."""
        member = await self._member_for_officer(actor, member_id, Action.CONFIRM_DUES)
        return await self._payable(member)

    async def _payable(self, member: Member) -> list[Month]:
        current = self._today_month()
        found = []
        for year in sorted({current.year, current.plus(3).year}):
            for line in (await self._statement(member, year)).lines:
                if line.status in (MonthStatus.OPEN, MonthStatus.PARTIAL) or (
                    line.status is MonthStatus.FUTURE and line.month <= current.plus(3)
                ):
                    found.append(line.month)
        return found

    async def report(self, actor: Actor, answers: Answers) -> LedgerEntry:
        """A member says they paid: it reaches the dues officers, and counts once confirmed."""
        member = actor.require_member(Action.REPORT_DUES)
        method = PayMethod(answers.get("method") or PayMethod.PORTAL)
        months = parse_months(answers.get("months", ""))
        if not months:
            raise InvalidInput(N_("Please choose at least one month."))
        allowed = set(await self._payable(member))
        if not set(months) <= allowed:
            raise InvalidInput(N_("One of those months is already paid or not yet payable."))
        payer = answers.get("payer") or None
        receipt = answers.get("receipt") or None
        now = self._clock.now()
        async with self._tx.transaction():
            expected = 0
            for year in sorted({m.year for m in months}):
                lines = (await self._statement(member, year)).lines
                expected += sum(
                    max(0, line.expected - line.confirmed)
                    for line in lines
                    if line.month in months
                )
            entry = await self._repo.add(
                LedgerEntry(
                    0,
                    member.id,
                    EntryKind.REPORT,
                    now,
                    None,
                    months,
                    expected,
                    method,
                    payer,
                    None,
                    None,
                    receipt,
                ),
                member.branch_id,
            )
            await tell_leaders(
                self._members,
                self._notifier,
                branch_id=member.branch_id,
                kind=NoticeKind.DUES_REPORT,
                key=f"dues-report:{entry.id}",
                params={
                    "report_id": entry.id,
                    "member_id": member.id,
                    "name": member.full_name,
                    "months": months_text(months),
                    "amount": expected,
                    "method": method.value,
                    "payer": payer,
                    "receipt": receipt,
                },
                subject_id=member.id,
                roles=DUES_OFFICERS,
                peer_id=member.id,
            )
        return entry

    async def cant_pay(self, actor: Actor, reason: str) -> LedgerEntry:
        member = actor.require_member(Action.REPORT_DUES)
        note = parse_note(reason, limit=500)
        now = self._clock.now()
        async with self._tx.transaction():
            entry = await self._repo.add(
                LedgerEntry(
                    0,
                    member.id,
                    EntryKind.CANT_PAY,
                    now,
                    None,
                    (self._today_month(),),
                    note=note,
                ),
                member.branch_id,
            )
            await tell_leaders(
                self._members,
                self._notifier,
                branch_id=member.branch_id,
                kind=NoticeKind.DUES_CANT_PAY,
                key=f"dues-cant-pay:{entry.id}",
                params={"member_id": member.id, "name": member.full_name, "reason": note},
                subject_id=member.id,
                roles=DUES_OFFICERS,
                peer_id=member.id,
            )
        return entry

    # ---- officers --------------------------------------------------------------------------

    async def _report_for_officer(
        self, actor: Actor, report_id: int
    ) -> tuple[LedgerEntry, Member]:
        report = await self._repo.entry(report_id)
        if report is None or report.kind is not EntryKind.REPORT:
            raise NotFound(N_("This report is no longer there."))
        member = await self._member_for_officer(actor, report.member_id, Action.CONFIRM_DUES)
        if actor.member is not None and actor.member.id == report.member_id:
            raise NotAllowed(
                N_(
                    "You cannot confirm a payment you reported yourself; another "
                    "officer of the branch has to."
                )
            )
        entries = await self._repo.entries(member.id)
        if report.id not in {e.id for e in pending_reports(entries)}:
            raise Conflict(N_("This report was already answered."))
        return report, member

    async def confirm(
        self, actor: Actor, report_id: int, *, received: int | None = None
    ) -> tuple[Member, LedgerEntry]:
        """An officer received the money: each month of the report counts from now on.
        ``received``: the amount actually received, if not what the report expected."""
        now = self._clock.now()
        async with self._tx.transaction():
            report, member = await self._report_for_officer(actor, report_id)
            officer = actor.member
            assert officer is not None
            weights = []
            for month in report.months:
                line = (await self._statement(member, month.year)).line(month)
                weights.append(max(0, line.expected - line.confirmed))
            total = sum(weights) if received is None else received
            if total < 0:
                raise InvalidInput(N_("Please type an amount in dong, for example 16000."))
            for month, amount in zip(report.months, split_amount(total, weights), strict=True):
                await self._repo.add(
                    LedgerEntry(
                        0,
                        member.id,
                        EntryKind.CONFIRMATION,
                        now,
                        officer.id,
                        (month,),
                        amount,
                        report.method,
                        report.payer,
                        None,
                        report.id,
                    ),
                    member.branch_id,
                )
            detail = f"report {report.id}: {months_text(report.months)} = {total}"
            await self._audit.record(
                AuditEntry(now, member.branch_id, officer.id, "dues_confirmed", member.id, detail)
            )
            await self._tell_member(
                member,
                NoticeKind.DUES_CONFIRMED,
                f"report-{report.id}",
                {
                    "months": months_text(report.months),
                    "amount": total,
                    "officer": officer.full_name,
                },
            )
        return member, report

    async def reject(self, actor: Actor, report_id: int) -> tuple[Member, LedgerEntry]:
        """An officer did not receive what the report says: the months stay open."""
        now = self._clock.now()
        async with self._tx.transaction():
            report, member = await self._report_for_officer(actor, report_id)
            officer = actor.member
            assert officer is not None
            await self._repo.add(
                LedgerEntry(
                    0,
                    member.id,
                    EntryKind.REJECTION,
                    now,
                    officer.id,
                    report.months,
                    report_id=report.id,
                ),
                member.branch_id,
            )
            await self._audit.record(
                AuditEntry(
                    now,
                    member.branch_id,
                    officer.id,
                    "dues_not_received",
                    member.id,
                    f"report {report.id}",
                )
            )
            await self._tell_member(
                member,
                NoticeKind.DUES_REJECTED,
                f"report-{report.id}",
                {"months": months_text(report.months), "officer": officer.full_name},
            )
        return member, report

    async def record_cash(self, actor: Actor, member_id: int, answers: Answers) -> LedgerEntry:
        """An officer records cash brought to the branch (a relative brought two months)."""
        member = await self._member_for_officer(actor, member_id, Action.CONFIRM_DUES)
        officer = actor.member
        assert officer is not None
        if officer.id == member.id:
            raise NotAllowed(
                N_(
                    "You cannot confirm a payment you reported yourself; another "
                    "officer of the branch has to."
                )
            )
        months = parse_months(answers.get("months", ""))
        if not months:
            raise InvalidInput(N_("Please choose at least one month."))
        payer = answers.get("payer") or None
        now = self._clock.now()
        async with self._tx.transaction():
            total = 0
            last: LedgerEntry | None = None
            for month in months:
                line = (await self._statement(member, month.year)).line(month)
                amount = max(0, line.expected - line.confirmed)
                if amount == 0:
                    raise Conflict(N_("{month} is already paid."), month=month)
                total += amount
                last = await self._repo.add(
                    LedgerEntry(
                        0,
                        member.id,
                        EntryKind.CONFIRMATION,
                        now,
                        officer.id,
                        (month,),
                        amount,
                        PayMethod.CASH,
                        payer,
                    ),
                    member.branch_id,
                )
            assert last is not None
            await self._audit.record(
                AuditEntry(
                    now,
                    member.branch_id,
                    officer.id,
                    "dues_cash_recorded",
                    member.id,
                    f"{months_text(months)} = {total}",
                )
            )
            await self._tell_member(
                member,
                NoticeKind.DUES_CONFIRMED,
                f"cash-{last.id}",
                {"months": months_text(months), "amount": total, "officer": officer.full_name},
            )
        return last

    async def reduce(
        self, actor: Actor, member_id: int, *, percent: int, start: Month, end: Month, reason: str
    ) -> LedgerEntry:
        """A reduction (30, 50, 70%) or an exemption (100%) the branch decided, with its
        reason, for up to twelve months."""
        member = await self._member_for_officer(actor, member_id, Action.MANAGE_DUES)
        officer = actor.member
        assert officer is not None
        if percent not in REDUCTION_PERCENTS:
            raise InvalidInput(N_("Please choose 30, 50, 70 or 100 percent."))
        if end < start or start.months_until(end) >= LONGEST_REDUCTION:
            raise InvalidInput(N_("A reduction lasts from one to twelve months."))
        note = parse_note(reason, limit=300)
        now = self._clock.now()
        months = tuple(start.plus(n) for n in range(start.months_until(end) + 1))
        async with self._tx.transaction():
            entry = await self._repo.add(
                LedgerEntry(
                    0,
                    member.id,
                    EntryKind.REDUCTION,
                    now,
                    officer.id,
                    months,
                    note=note,
                    percent=percent,
                ),
                member.branch_id,
            )
            await self._audit.record(
                AuditEntry(
                    now,
                    member.branch_id,
                    officer.id,
                    "dues_reduction",
                    member.id,
                    f"{percent}% {start}..{end}",
                )
            )
            await self._tell_member(
                member,
                NoticeKind.DUES_REDUCED,
                f"reduction-{entry.id}",
                {"percent": percent, "start": start.iso(), "end": end.iso(), "reason": note},
            )
        return entry

    async def correct(
        self, actor: Actor, member_id: int, *, month: Month, amount: int, reason: str
    ) -> LedgerEntry:
        """An officer sets what was really received for a month; the ledger keeps the
        difference as a correction."""
        member = await self._member_for_officer(actor, member_id, Action.CONFIRM_DUES)
        officer = actor.member
        assert officer is not None
        note = parse_note(reason, limit=300)
        now = self._clock.now()
        async with self._tx.transaction():
            line = (await self._statement(member, month.year)).line(month)
            delta = amount - line.confirmed
            if delta == 0:
                raise Conflict(N_("That is already the amount recorded."))
            entry = await self._repo.add(
                LedgerEntry(
                    0,
                    member.id,
                    EntryKind.CORRECTION,
                    now,
                    officer.id,
                    (month,),
                    delta,
                    note=note,
                ),
                member.branch_id,
            )
            await self._audit.record(
                AuditEntry(
                    now,
                    member.branch_id,
                    officer.id,
                    "dues_corrected",
                    member.id,
                    f"{month}: {line.confirmed} -> {amount}",
                )
            )
        return entry

    async def set_profile(self, actor: Actor, member_id: int, profile: DuesProfile) -> Member:
        """The secretary sets (or confirms) a member's dues category."""
        member = await self._member_for_officer(actor, member_id, Action.MANAGE_DUES)
        officer = actor.member
        assert officer is not None
        now = self._clock.now()
        async with self._tx.transaction():
            await self._repo.set_profile(member.id, profile, now)
            await self._audit.record(
                AuditEntry(
                    now,
                    member.branch_id,
                    officer.id,
                    "dues_category",
                    member.id,
                    f"{profile.category.value} base={profile.base} region={profile.region.value}"
                    f" senior={profile.senior}",
                )
            )
        return replace(member, dues=profile, dues_confirmed_at=now)

    async def _tell_member(
        self, member: Member, kind: NoticeKind, key: str, params: dict[str, ParamValue]
    ) -> None:
        if member.chat_id is None:
            return
        await self._notifier.notify(
            Notice(
                kind,
                member.chat_id,
                key=f"{kind.value}:{key}",
                params=params,
                branch_id=member.branch_id,
                subject_id=member.id,
            )
        )

    # ---- the planner -----------------------------------------------------------------------

    async def plan(self) -> int:
        """On each branch's dues day: a reminder to everyone who owes the month, warnings as
        unpaid months add up in the year, and the leaders flagged at two and alerted at
        three. Once a month per branch, whatever the restarts."""
        now = self._clock.now()
        local = now.astimezone(self._zone)
        current = Month.of(local.date())
        queued = 0
        for branch in await self._branches.all():
            settings = await self._settings.get(branch.id)
            if local.day < settings.dues_day or (
                local.day == settings.dues_day and local.time() < settings.checkin_time
            ):
                continue
            if await self._repo.was_planned(branch.id, current):
                continue
            async with self._tx.transaction():
                await self._repo.mark_planned(branch.id, current, now)
                by_member = await self._repo.entries_of_branch(branch.id)
                for member in await self._repo.payers(branch.id):
                    if not member.works_away:
                        continue  # officers pay at branch meetings; they report if they wish
                    queued += await self._plan_member(
                        member, by_member.get(member.id, []), current, now
                    )
        return queued

    async def _plan_member(
        self, member: Member, entries: Sequence[LedgerEntry], current: Month, now: datetime
    ) -> int:
        this_year = await self._statement(member, current.year, entries)
        # In January the year that just ended is judged once more, December included.
        years = [this_year]
        if current.month == 1:
            years.insert(0, await self._statement(member, current.year - 1, entries))
        warn = 0
        warned_year = current.year
        queued = 0
        for year_statement in years:
            level = warning_level(year_statement.unpaid_months)
            if level == 0 or level in await self._repo.warnings(member.id, year_statement.year):
                continue
            await self._repo.add_warning(member.id, year_statement.year, level, now)
            warn, warned_year = level, year_statement.year
            if level >= 2:  # DOMAIN.md: flag at two, alert at three
                queued += await tell_leaders(
                    self._members,
                    self._notifier,
                    branch_id=member.branch_id,
                    kind=NoticeKind.DUES_FLAG if level == 2 else NoticeKind.DUES_ALERT,
                    key=f"dues-level:{member.id}:{year_statement.year}:{level}",
                    params={
                        "member_id": member.id,
                        "name": member.full_name,
                        "year": year_statement.year,
                        "unpaid": year_statement.unpaid_months,
                        "months": months_text(
                            [
                                line.month
                                for line in year_statement.lines
                                if line.status is MonthStatus.OPEN and line.month < current
                            ]
                        ),
                    },
                    subject_id=member.id,
                    roles=DUES_OFFICERS,
                    urgency=Urgency.SCHEDULED,
                    peer_id=member.id,
                )
        owes_now = this_year.line(current).status in (MonthStatus.OPEN, MonthStatus.PARTIAL)
        if member.chat_id is None or not (owes_now or warn in (1, 2)):
            return queued
        await self._notifier.notify(
            self._reminder(
                member, this_year, current, f"dues:{member.id}:{current}", warn, warned_year
            )
        )
        return queued + 1

    def _reminder(
        self,
        member: Member,
        this_year: Statement,
        current: Month,
        key: str,
        warn: int = 0,
        warned_year: int | None = None,
    ) -> Notice:
        assert member.chat_id is not None
        line = this_year.line(current)
        owes_now = line.status in (MonthStatus.OPEN, MonthStatus.PARTIAL)
        return Notice(
            NoticeKind.DUES_REMINDER,
            member.chat_id,
            key=key,
            params={
                "month": current.iso(),
                "amount": line.owed if owes_now else None,
                "open": months_text(this_year.open_months),
                "owed": this_year.owed,
                "warning": warn if warn in (1, 2) else 0,
                "warned_year": warned_year or this_year.year,
                "unpaid": this_year.unpaid_months,
                "portal": self._portal,
            },
            branch_id=member.branch_id,
            subject_id=member.id,
            urgency=Urgency.SCHEDULED,
        )

    async def remind_now(self, actor: Actor, member_id: int) -> None:
        """An officer reminds one member of the dues they owe (once a day at most)."""
        member = await self._member_for_officer(actor, member_id, Action.MANAGE_DUES)
        if member.chat_id is None or not member.works_away:
            raise Conflict(N_("This member gets no dues reminders from the bot."))
        current = self._today_month()
        this_year = await self._statement(member, current.year)
        if not this_year.open_months:
            raise Conflict(N_("This member owes nothing this year."))
        now = self._clock.now()
        officer = actor.member
        assert officer is not None
        key = f"dues-asked:{member.id}:{now.astimezone(self._zone).date()}"
        async with self._tx.transaction():
            await self._notifier.notify(self._reminder(member, this_year, current, key))
            await self._audit.record(
                AuditEntry(now, member.branch_id, officer.id, "dues_reminded", member.id)
            )
