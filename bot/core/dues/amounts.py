"""What a member owes, as the branch decides it: their dues category (and the base it is
computed from), and reductions of 30, 50 or 70% or full exemptions for up to twelve months,
each with its reason (DOMAIN.md). Both are audited; a reduction is a line of the ledger."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.dues.ledger import EntryKind, LedgerEntry
from bot.core.dues.ports import DuesRepo
from bot.core.kernel.access import Actor, Settle, member_to_settle
from bot.core.kernel.calendar import Month
from bot.core.kernel.deps import Deps
from bot.core.kernel.dues_profile import DuesProfile
from bot.core.kernel.errors import InvalidInput
from bot.core.kernel.model import AuditEntry, Member
from bot.core.kernel.notices import NoticeKind
from bot.core.kernel.ports import MemberRepo
from bot.core.kernel.text import N_
from bot.core.kernel.validation import parse_note

REDUCTION_PERCENTS = (30, 50, 70, 100)
LONGEST_REDUCTION = 12  # months (DOMAIN.md: reductions for up to 12 months)


@dataclass(frozen=True, slots=True, kw_only=True)
class DuesAmounts:
    deps: Deps
    repo: DuesRepo
    members: MemberRepo

    async def set_profile(self, actor: Actor, member_id: int, profile: DuesProfile) -> Member:
        """The secretary sets (or confirms) a member's dues category."""
        member, officer = await member_to_settle(
            actor, self.members, member_id, Settle.SET_DUES_CATEGORY
        )
        now = self.deps.now()
        async with self.deps.tx.transaction():
            await self.repo.set_profile(member.id, profile, now)
            await self.deps.audit.record(
                AuditEntry.on_member(
                    now,
                    officer,
                    "dues_category",
                    member,
                    f"{profile.category.value} base={profile.base} region={profile.region.value}"
                    f" senior={profile.senior}",
                )
            )
        return replace(member, dues=profile, dues_confirmed_at=now)

    async def reduce(
        self, actor: Actor, member_id: int, *, percent: int, start: Month, end: Month, reason: str
    ) -> LedgerEntry:
        """A reduction (30, 50, 70%) or an exemption (100%) the branch decided, with its
        reason, for up to twelve months."""
        member, officer = await member_to_settle(
            actor, self.members, member_id, Settle.REDUCE_DUES
        )
        if percent not in REDUCTION_PERCENTS:
            raise InvalidInput(N_("Please choose 30, 50, 70 or 100 percent."))
        if end < start or start.months_until(end) >= LONGEST_REDUCTION:
            raise InvalidInput(N_("A reduction lasts from one to twelve months."))
        note = parse_note(reason, limit=300)
        now = self.deps.now()
        months = tuple(start.plus(n) for n in range(start.months_until(end) + 1))
        async with self.deps.tx.transaction():
            entry = await self.repo.add(
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
            await self.deps.audit.record(
                AuditEntry.on_member(
                    now, officer, "dues_reduction", member, f"{percent}% {start}..{end}"
                )
            )
            await self.deps.tell.subject(
                member,
                NoticeKind.DUES_REDUCED,
                key=f"reduction-{entry.id}",
                params={
                    "percent": percent,
                    "start": start.iso(),
                    "end": end.iso(),
                    "reason": note,
                },
            )
        return entry
