"""Dues (đảng phí): what each member owes and has paid, month by month, read from the ledger.

The bot never handles money: members report payments and an officer confirms them
(``bot.core.dues.payments``); only confirmed payments count. The monthly reminder and the
warnings before the 3-month rule are ``bot.core.dues.reminders``; the digest's dues section is
``bot.core.dues.digest``. The bot never decides anything about membership.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.core.dues.ledger import (
    NO_SUMS,
    LedgerEntry,
    LedgerSums,
    MonthLine,
    MonthStatus,
    Statement,
    past_due,
    pending_reports,
    statement,
)
from bot.core.dues.ports import DuesRepo
from bot.core.dues.rates import RateBook, rate_book
from bot.core.kernel.access import Action, Actor, Settle, member_for_officer, member_to_settle
from bot.core.kernel.calendar import Month
from bot.core.kernel.deps import Deps
from bot.core.kernel.dues_profile import DuesProfile
from bot.core.kernel.model import AuditEntry, Member, Role
from bot.core.kernel.ports import MemberRepo
from bot.core.members.settings import BranchSettings, SettingsService

DUES_OFFICERS = frozenset({Role.SECRETARY, Role.DEPUTY, Role.TREASURER})


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


@dataclass(frozen=True, slots=True, kw_only=True)
class DuesService:
    deps: Deps
    repo: DuesRepo
    members: MemberRepo
    settings: SettingsService
    book: RateBook = field(default_factory=rate_book)

    def current_month(self) -> Month:
        """This month, in the deployment's time zone."""
        return Month.of(self.deps.today())

    def profile_of(self, member: Member, settings: BranchSettings) -> DuesProfile:
        return member.dues or DuesProfile(region=settings.dues_region)

    def tracked_from(self, member: Member, settings: BranchSettings) -> Month:
        """Dues are followed from the first month the bot could remind the member of: the
        month they were confirmed if that was by the dues day, else the next one."""
        since = self.deps.local_date(member.approved_at or member.registered_at)
        month = Month.of(since)
        return month if since.day <= settings.dues_day else month.next()

    def statement_of(
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
            current=current or self.current_month(),
            tracked_from=self.tracked_from(member, settings),
            sums=sums,
            book=self.book,
            rounding=settings.dues_rounding,
        )

    async def statement(
        self, member: Member, year: int, entries: Sequence[LedgerEntry] | None = None
    ) -> Statement:
        settings = await self.settings.get(member.branch_id)
        if entries is None:
            entries = await self.repo.entries(member.id)
        return self.statement_of(member, settings, year, LedgerSums.of(entries))

    async def earlier_arrears(
        self, member: Member, year: int, entries: Sequence[LedgerEntry] | None = None
    ) -> list[MonthLine]:
        """The months of the years before ``year`` still owed, open or part paid: a debt does
        not end with its year (the 3-month rule counts per year; what is owed stays owed)."""
        settings = await self.settings.get(member.branch_id)
        if entries is None:
            entries = await self.repo.entries(member.id)
        sums = LedgerSums.of(entries)
        found: list[MonthLine] = []
        for earlier in range(self.tracked_from(member, settings).year, year):
            lines = self.statement_of(member, settings, earlier, sums).lines
            found += [line for line in lines if line.owed]
        return found

    async def branch_sums(
        self, branch_id: int, since: Month
    ) -> tuple[dict[int, LedgerSums], list[LedgerEntry]]:
        """Each member's ledger sums for months from ``since`` (added up by the database: lists
        and digests need every member at once), and the reports waiting for an officer."""
        confirmed = await self.repo.confirmed_totals(branch_id, since)
        reductions = await self.repo.reductions_of_branch(branch_id)
        pending = await self.repo.pending_of_branch(branch_id)
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
        return await self.statement(member, year or self.current_month().year)

    async def own_arrears(self, actor: Actor) -> list[MonthLine]:
        """What the member still owes from the years before this one."""
        member = actor.require_member(Action.REPORT_DUES)
        return await self.earlier_arrears(member, self.current_month().year)

    async def member_statement(
        self, actor: Actor, member_id: int, year: int | None = None
    ) -> tuple[Member, Statement]:
        member, _officer = await member_for_officer(
            actor, self.members, member_id, Action.READ_DUES
        )
        return member, await self.statement(member, year or self.current_month().year)

    async def export(self, actor: Actor, year: int) -> list[MemberDues]:
        """The year's ledger for an Excel export (audited: it holds personal data)."""
        officer = actor.require_member(Action.READ_DUES)
        found = await self.branch_dues(actor, year)
        await self.deps.audit.record(
            AuditEntry.in_branch(self.deps.now(), officer, "dues_exported", str(year))
        )
        return found

    async def branch_dues(self, actor: Actor, year: int | None = None) -> list[MemberDues]:
        """Every member of the officer's branch who pays through the bot, with their year."""
        officer = actor.require_member(Action.READ_DUES)
        year = year or self.current_month().year
        found = []
        by_member = await self.repo.entries_of_branch(officer.branch_id)
        for member in await self.repo.payers(officer.branch_id):
            entries = by_member.get(member.id, [])
            found.append(
                MemberDues(
                    member,
                    await self.statement(member, year, entries),
                    pending_reports(entries),
                    frozenset(await self.repo.warnings(member.id, year)),
                    entries,
                )
            )
        return found

    async def arrears_of_branch(self, branch_id: int) -> dict[int, Arrears]:
        """For member lists: each payer's months past due this year and reports waiting."""
        settings = await self.settings.get(branch_id)
        today = self.deps.today()
        sums, pending = await self.branch_sums(branch_id, Month(today.year, 1))
        waiting: dict[int, int] = {}
        for report in pending:
            waiting[report.member_id] = waiting.get(report.member_id, 0) + 1
        found = {}
        for member in await self.repo.payers(branch_id):
            year = self.statement_of(member, settings, today.year, sums.get(member.id, NO_SUMS))
            found[member.id] = Arrears(
                tuple(past_due(year, today, settings.dues_day)), waiting.get(member.id, 0)
            )
        return found

    async def payable_months(self, actor: Actor) -> list[Month]:
        """Months a report can cover: open this year, and the next three (paying ahead)."""
        return await self.payable(actor.require_member(Action.REPORT_DUES))

    async def cash_months(self, actor: Actor, member_id: int) -> list[Month]:
        """Months an officer can record cash for, for one member."""
        member, _officer = await member_to_settle(
            actor, self.members, member_id, Settle.RECORD_CASH
        )
        return await self.payable(member)

    async def payable(self, member: Member) -> list[Month]:
        current = self.current_month()
        found = [line.month for line in await self.earlier_arrears(member, current.year)]
        for year in sorted({current.year, current.plus(3).year}):
            for line in (await self.statement(member, year)).lines:
                if line.status in (MonthStatus.OPEN, MonthStatus.PARTIAL) or (
                    line.status is MonthStatus.FUTURE and line.month <= current.plus(3)
                ):
                    found.append(line.month)
        return found
