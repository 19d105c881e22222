"""The monthly dues reminder and the early warnings of the 3-month rule.

On each branch's dues day, once a month whatever the restarts: a reminder to every member who
works away and owes the month; a kind note after one unpaid month in the year and a clear
explanation after two (in January the year that just ended counts once more); the dues
officers flagged at two unpaid months and alerted at three. An officer can also remind one
member now. Nothing here decides anything about membership (DOMAIN.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.dues.ledger import LedgerEntry, MonthLine, MonthStatus, Statement, warning_level
from bot.core.dues.ports import DuesRepo
from bot.core.dues.statements import DUES_OFFICERS, DuesService, months_text
from bot.core.kernel.access import Action, Actor, member_for_officer
from bot.core.kernel.calendar import Month
from bot.core.kernel.deps import Deps
from bot.core.kernel.errors import Conflict
from bot.core.kernel.model import AuditEntry, Member
from bot.core.kernel.notices import Notice, NoticeKind, Urgency
from bot.core.kernel.ports import MemberRepo
from bot.core.kernel.text import N_
from bot.core.members.branch_rounds import BranchRounds, next_monthly
from bot.core.members.settings import BranchSettings

PLANNER = "dues"  # its rows in the due queue (migration 0012)


@dataclass(frozen=True, slots=True, kw_only=True)
class DuesReminders:
    deps: Deps
    dues: DuesService
    repo: DuesRepo
    members: MemberRepo
    rounds: BranchRounds
    portal_url: str

    async def plan(self) -> int:
        """On each branch's dues day: a reminder to everyone who owes the month, warnings as
        unpaid months add up in the year, and the leaders flagged at two and alerted at
        three. Once a month per branch, whatever the restarts."""
        return await self.rounds.run(PLANNER, next_monthly, self._plan_branch)

    async def _plan_branch(self, branch_id: int, settings: BranchSettings) -> int:
        now = self.deps.now()
        local = now.astimezone(self.deps.zone)
        current = Month.of(local.date())
        if local.day < settings.dues_day or (
            local.day == settings.dues_day and local.time() < settings.checkin_time
        ):
            return 0
        if await self.repo.was_planned(branch_id, current):
            return 0
        queued = 0
        async with self.deps.tx.transaction():
            await self.repo.mark_planned(branch_id, current, now)
            by_member = await self.repo.entries_of_branch(branch_id)
            for member in await self.repo.payers(branch_id):
                if not member.works_away:
                    continue  # officers pay at branch meetings; they report if they wish
                queued += await self._plan_member(
                    member, by_member.get(member.id, []), current, now
                )
        return queued

    async def _plan_member(
        self, member: Member, entries: Sequence[LedgerEntry], current: Month, now: datetime
    ) -> int:
        this_year = await self.dues.statement(member, current.year, entries)
        # In January the year that just ended is judged once more, December included.
        years = [this_year]
        if current.month == 1:
            years.insert(0, await self.dues.statement(member, current.year - 1, entries))
        warn = 0
        warned = this_year
        queued = 0
        for year_statement in years:
            level = warning_level(year_statement.unpaid_months)
            if level == 0 or level in await self.repo.warnings(member.id, year_statement.year):
                continue
            await self.repo.add_warning(member.id, year_statement.year, level, now)
            warn, warned = level, year_statement
            if level >= 2:  # DOMAIN.md: flag at two, alert at three
                queued += await self.deps.tell.leaders_about(
                    member,
                    kind=NoticeKind.DUES_FLAG if level == 2 else NoticeKind.DUES_ALERT,
                    key=f"dues-level:{member.id}:{year_statement.year}:{level}",
                    params={
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
        if member.address is None or not (owes_now or warn in (1, 2)):
            return queued
        earlier = await self.dues.earlier_arrears(member, current.year, entries)
        await self.deps.notifier.notify(
            self._reminder(
                member, this_year, earlier, current, f"dues:{member.id}:{current}", warn, warned
            )
        )
        return queued + 1

    def _reminder(
        self,
        member: Member,
        this_year: Statement,
        earlier: Sequence[MonthLine],
        current: Month,
        key: str,
        warn: int = 0,
        warned: Statement | None = None,
    ) -> Notice:
        """The reminder lists every month still owed, last year's too; a warning counts the
        months of the year it is about (in January, the year that just ended)."""
        assert member.address is not None
        line = this_year.line(current)
        owes_now = line.status in (MonthStatus.OPEN, MonthStatus.PARTIAL)
        warned = warned or this_year
        return Notice(
            NoticeKind.DUES_REMINDER,
            member.address,
            key=key,
            params={
                "month": current.iso(),
                "amount": line.owed if owes_now else None,
                "open": months_text([e.month for e in earlier] + this_year.open_months),
                "owed": sum(e.owed for e in earlier) + this_year.owed,
                "warning": warn if warn in (1, 2) else 0,
                "warned_year": warned.year,
                "unpaid": warned.unpaid_months,
                "portal": self.portal_url,
            },
            branch_id=member.branch_id,
            subject_id=member.id,
            urgency=Urgency.SCHEDULED,
        )

    async def remind_now(self, actor: Actor, member_id: int) -> None:
        """An officer reminds one member of the dues they owe (once a day at most)."""
        member, officer = await member_for_officer(
            actor, self.members, member_id, Action.MANAGE_DUES
        )
        if member.address is None or not member.works_away:
            raise Conflict(N_("This member gets no dues reminders from the bot."))
        current = self.dues.current_month()
        this_year = await self.dues.statement(member, current.year)
        earlier = await self.dues.earlier_arrears(member, current.year)
        if not this_year.open_months and not earlier:
            raise Conflict(N_("This member owes nothing."))
        now = self.deps.now()
        key = f"dues-asked:{member.id}:{self.deps.local_date(now)}"
        async with self.deps.tx.transaction():
            await self.deps.notifier.notify(
                self._reminder(member, this_year, earlier, current, key)
            )
            await self.deps.audit.record(
                AuditEntry.on_member(now, officer, "dues_reminded", member)
            )
