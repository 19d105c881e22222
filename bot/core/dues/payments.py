"""Dues payments: a member reports a payment (or that they cannot pay) and the dues officers
are told; an officer confirms it (with the amount really received) or says it did not arrive,
records cash brought to the branch, or corrects what a month received. Every entry is a line of
the append-only ledger, and every officer's act is audited. (What a member owes, their category
and reductions, is ``bot.core.dues.amounts``.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.dues.ledger import EntryKind, LedgerEntry, PayMethod, pending_reports
from bot.core.dues.ports import DuesRepo
from bot.core.dues.statements import DUES_OFFICERS, DuesService, months_text, parse_months
from bot.core.kernel.access import Action, Actor, Settle, leave_out_of, member_to_settle
from bot.core.kernel.calendar import Month
from bot.core.kernel.deps import Deps
from bot.core.kernel.errors import Conflict, InvalidInput, NotFound
from bot.core.kernel.forms import Answers
from bot.core.kernel.model import AuditEntry, Member
from bot.core.kernel.notices import NoticeKind, ParamValue
from bot.core.kernel.ports import MemberRepo
from bot.core.kernel.text import N_
from bot.core.kernel.validation import parse_note


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


def report_key(report_id: int) -> str:
    """The key of a report's cards to the dues officers (one copy each)."""
    return f"dues-report:{report_id}"


def report_params(report: LedgerEntry) -> dict[str, ParamValue]:
    """What a report's card shows, from the report itself (the outbox forgets a notice's
    params once it is sent, so a card brought up to date is drawn again from here)."""
    return {
        "report_id": report.id,
        "months": months_text(report.months),
        "amount": report.amount,
        "method": report.method.value if report.method else None,
        "payer": report.payer,
        "receipt": report.receipt,
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class DuesPayments:
    deps: Deps
    dues: DuesService
    repo: DuesRepo
    members: MemberRepo

    async def report(self, actor: Actor, answers: Answers) -> LedgerEntry:
        """A member says they paid: it reaches the dues officers, and counts once confirmed."""
        member = actor.require_member(Action.REPORT_DUES)
        method = PayMethod(answers.get("method") or PayMethod.PORTAL)
        months = parse_months(answers.get("months", ""))
        if not months:
            raise InvalidInput(N_("Please choose at least one month."))
        allowed = set(await self.dues.payable(member))
        if not set(months) <= allowed:
            raise InvalidInput(N_("One of those months is already paid or not yet payable."))
        payer = answers.get("payer") or None
        receipt = answers.get("receipt") or None
        now = self.deps.now()
        async with self.deps.tx.transaction():
            expected = 0
            for year in sorted({m.year for m in months}):
                lines = (await self.dues.statement(member, year)).lines
                expected += sum(
                    max(0, line.expected - line.confirmed)
                    for line in lines
                    if line.month in months
                )
            entry = await self.repo.add(
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
            await self.deps.tell.leaders_about(
                member,
                kind=NoticeKind.DUES_REPORT,
                key=report_key(entry.id),
                params=report_params(entry),
                subject_id=member.id,
                roles=DUES_OFFICERS,
                skip_member_id=await leave_out_of(self.members, member, Settle.CONFIRM_PAYMENT),
                peer_id=member.id,
            )
        return entry

    async def cant_pay(self, actor: Actor, reason: str) -> LedgerEntry:
        member = actor.require_member(Action.REPORT_DUES)
        note = parse_note(reason, limit=500)
        now = self.deps.now()
        async with self.deps.tx.transaction():
            entry = await self.repo.add(
                LedgerEntry(
                    0,
                    member.id,
                    EntryKind.CANT_PAY,
                    now,
                    None,
                    (self.dues.current_month(),),
                    note=note,
                ),
                member.branch_id,
            )
            await self.deps.tell.leaders_about(
                member,
                kind=NoticeKind.DUES_CANT_PAY,
                key=f"dues-cant-pay:{entry.id}",
                params={"reason": note},
                subject_id=member.id,
                roles=DUES_OFFICERS,
                peer_id=member.id,
            )
        return entry

    async def check_report(self, actor: Actor, report_id: int) -> None:
        """Refuse at once, before the amount is asked, what confirming would refuse."""
        await self._report_for_officer(actor, report_id, Settle.CONFIRM_PAYMENT)

    async def _report_for_officer(
        self, actor: Actor, report_id: int, act: Settle
    ) -> tuple[LedgerEntry, Member, Member]:
        """A report still waiting, the member who made it, and the officer answering it."""
        report = await self.repo.entry(report_id)
        if report is None or report.kind is not EntryKind.REPORT:
            raise NotFound(N_("This report is no longer there."))
        member, officer = await member_to_settle(actor, self.members, report.member_id, act)
        entries = await self.repo.entries(member.id)
        if report.id not in {e.id for e in pending_reports(entries)}:
            raise await self._answered(entries, report)
        return report, member, officer

    async def _answered(self, entries: Sequence[LedgerEntry], report: LedgerEntry) -> Conflict:
        """A second press on a settled card: who settled it, and when."""
        answer = next(
            (
                e
                for e in entries
                if e.report_id == report.id
                and e.kind in (EntryKind.CONFIRMATION, EntryKind.REJECTION)
            ),
            None,
        )
        officer = await self.members.get(answer.actor_id) if answer and answer.actor_id else None
        if answer is None or officer is None:
            return Conflict(N_("This report was already answered."))
        message = (
            N_("{officer} already confirmed this report, {when}.")
            if answer.kind is EntryKind.CONFIRMATION
            else N_("{officer} already marked this report not received, {when}.")
        )
        return Conflict(
            message,
            officer=officer.full_name,
            when=self.deps.local(answer.at).strftime("%H:%M %d/%m/%Y"),
        )

    async def confirm(
        self, actor: Actor, report_id: int, *, received: int | None = None
    ) -> tuple[Member, LedgerEntry]:
        """An officer received the money: each month of the report counts from now on.
        ``received``: the amount actually received, if not what the report expected."""
        now = self.deps.now()
        async with self.deps.tx.transaction():
            report, member, officer = await self._report_for_officer(
                actor, report_id, Settle.CONFIRM_PAYMENT
            )
            weights = []
            for month in report.months:
                line = (await self.dues.statement(member, month.year)).line(month)
                weights.append(max(0, line.expected - line.confirmed))
            total = sum(weights) if received is None else received
            if total < 0:
                raise InvalidInput(N_("Please type an amount in dong, for example 16000."))
            for month, amount in zip(report.months, split_amount(total, weights), strict=True):
                await self.repo.add(
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
            await self.deps.audit.record(
                AuditEntry.on_member(now, officer, "dues_confirmed", member, detail)
            )
            await self.deps.tell.subject(
                member,
                NoticeKind.DUES_CONFIRMED,
                key=f"report-{report.id}",
                params={
                    "months": months_text(report.months),
                    "amount": total,
                    "officer": officer.full_name,
                },
            )
            await self._settle_cards(member, report, officer, "confirmed", total)
        return member, report

    async def _settle_cards(
        self,
        member: Member,
        report: LedgerEntry,
        officer: Member,
        outcome: str,
        amount: int | None = None,
    ) -> None:
        """Every officer's copy of the report's card shows who answered it, when, and with
        what amount; none keeps live buttons."""
        await self.deps.tell.settle_copies(
            key=report_key(report.id),
            params={
                "card": NoticeKind.DUES_REPORT.value,
                "member_id": member.id,
                "name": member.full_name,
                **report_params(report),
                "outcome": outcome,
                "officer": officer.full_name,
                "received": amount,
                "at": self.deps.now().isoformat(),
            },
            subject_id=member.id,
            peer_id=member.id,
        )

    async def reject(self, actor: Actor, report_id: int) -> tuple[Member, LedgerEntry]:
        """An officer did not receive what the report says: the months stay open."""
        now = self.deps.now()
        async with self.deps.tx.transaction():
            report, member, officer = await self._report_for_officer(
                actor, report_id, Settle.REJECT_PAYMENT
            )
            await self.repo.add(
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
            await self.deps.audit.record(
                AuditEntry.on_member(
                    now, officer, "dues_not_received", member, f"report {report.id}"
                )
            )
            await self.deps.tell.subject(
                member,
                NoticeKind.DUES_REJECTED,
                key=f"report-{report.id}",
                params={"months": months_text(report.months), "officer": officer.full_name},
            )
            await self._settle_cards(member, report, officer, "rejected")
        return member, report

    async def record_cash(self, actor: Actor, member_id: int, answers: Answers) -> LedgerEntry:
        """An officer records cash brought to the branch (a relative brought two months)."""
        member, officer = await member_to_settle(
            actor, self.members, member_id, Settle.RECORD_CASH
        )
        months = parse_months(answers.get("months", ""))
        if not months:
            raise InvalidInput(N_("Please choose at least one month."))
        payer = answers.get("payer") or None
        now = self.deps.now()
        async with self.deps.tx.transaction():
            total = 0
            last: LedgerEntry | None = None
            for month in months:
                line = (await self.dues.statement(member, month.year)).line(month)
                amount = max(0, line.expected - line.confirmed)
                if amount == 0:
                    raise Conflict(N_("{month} is already paid."), month=month)
                total += amount
                last = await self.repo.add(
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
            await self.deps.audit.record(
                AuditEntry.on_member(
                    now, officer, "dues_cash_recorded", member, f"{months_text(months)} = {total}"
                )
            )
            await self.deps.tell.subject(
                member,
                NoticeKind.DUES_CONFIRMED,
                key=f"cash-{last.id}",
                params={
                    "months": months_text(months),
                    "amount": total,
                    "officer": officer.full_name,
                },
            )
        return last

    async def correct(
        self, actor: Actor, member_id: int, *, month: Month, amount: int, reason: str
    ) -> LedgerEntry:
        """An officer sets what was really received for a month; the ledger keeps the
        difference as a correction."""
        member, officer = await member_to_settle(
            actor, self.members, member_id, Settle.CORRECT_DUES
        )
        note = parse_note(reason, limit=300)
        now = self.deps.now()
        async with self.deps.tx.transaction():
            line = (await self.dues.statement(member, month.year)).line(month)
            delta = amount - line.confirmed
            if delta == 0:
                raise Conflict(N_("That is already the amount recorded."))
            entry = await self.repo.add(
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
            await self.deps.audit.record(
                AuditEntry.on_member(
                    now,
                    officer,
                    "dues_corrected",
                    member,
                    f"{month}: {line.confirmed} -> {amount}",
                )
            )
        return entry
