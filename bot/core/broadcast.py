"""Broadcasts: one message from the secretary to every member away, or to a filtered group,
through the same outbox and sender as reminders; a delivery report once it has all gone out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from bot.core.kernel.access import Action, Actor
from bot.core.kernel.deps import Deps
from bot.core.kernel.errors import Conflict
from bot.core.kernel.forms import Answers, Choice, Context, Field, FieldKind, Form
from bot.core.kernel.model import AuditEntry, Member
from bot.core.kernel.notices import NoticeKind, Urgency
from bot.core.kernel.ports import MemberRepo
from bot.core.kernel.text import N_
from bot.core.kernel.validation import parse_file, parse_note
from bot.core.roster import Filter, RosterService

TEXT_LIMIT = 3000  # leaves room for the header within one Telegram message


class Audience(StrEnum):
    AWAY = Filter.AWAY.value
    OVERDUE = Filter.OVERDUE.value
    UNPAID = Filter.UNPAID.value
    ALL = Filter.ALL.value  # members away and members back home


AUDIENCE_LABELS: dict[Audience, str] = {
    Audience.AWAY: N_("All members working away"),
    Audience.OVERDUE: N_("Members who did not answer their check-in"),
    Audience.UNPAID: N_("Members who owe dues"),
    Audience.ALL: N_("All members, those back home included"),
}


def _text(raw: str, _: Context) -> str:
    return parse_note(raw, limit=TEXT_LIMIT)


def _document(raw: str, _: Context) -> str:
    return parse_file(raw, allow_word=True)


BROADCAST_FORM = Form(
    "broadcast",
    (
        Field(
            "audience",
            FieldKind.CHOICE,
            N_("Who should get the message?"),
            N_("To"),
            choices=tuple(Choice(a.value, label) for a, label in AUDIENCE_LABELS.items()),
        ),
        Field("text", FieldKind.TEXT, N_("Type the message."), N_("Message"), _text),
        Field(
            "document",
            FieldKind.FILE,
            N_("To attach a document (PDF, Word or a picture), send it now. You can skip this."),
            N_("Attachment"),
            _document,
            optional=True,
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class Broadcast:
    id: int
    branch_id: int
    officer_id: int
    audience: Audience
    text: str
    document: str | None
    recipients: int
    created_at: datetime
    reported_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    """Where a broadcast stands: messages still going out, delivered, refused."""

    pending: int
    delivered: int
    unreachable: Sequence[str]  # names: blocked the bot before or during the broadcast
    failed: int  # refused for another reason


def key_prefix(broadcast_id: int) -> str:
    return f"broadcast:{broadcast_id}:"


@dataclass(frozen=True, slots=True, kw_only=True)
class BroadcastService:
    deps: Deps
    repo: BroadcastRepo
    members: MemberRepo
    roster: RosterService

    async def recipients(self, actor: Actor, audience: Audience) -> list[Member]:
        """Who a broadcast to ``audience`` would reach (and who it cannot: blocked the bot)."""
        actor.require_member(Action.BROADCAST)
        return [row.member for row in await self.roster.rows(actor, Filter(audience.value))]

    async def send(self, actor: Actor, answers: Answers) -> Broadcast:
        officer = actor.require_member(Action.BROADCAST)
        audience = Audience(answers["audience"])
        text = parse_note(answers["text"], limit=TEXT_LIMIT)
        document = answers.get("document") or None
        members = await self.recipients(actor, audience)
        if not members:
            raise Conflict(N_("Nobody is in this group now; nothing was sent."))
        now = self.deps.now()
        async with self.deps.tx.transaction():
            broadcast = await self.repo.add(
                Broadcast(
                    0, officer.branch_id, officer.id, audience, text, document, len(members), now
                )
            )
            for member in members:
                await self.repo.add_recipient(broadcast.id, member.id)
                if member.address is None or member.unreachable_since is not None:
                    continue
                await self.deps.tell.member(
                    member,
                    NoticeKind.BROADCAST,
                    key=f"{key_prefix(broadcast.id)}{member.id}",
                    params={
                        "officer": officer.full_name,
                        "role": officer.role.value,
                        "text": text,
                        "document": document,
                    },
                    branch_id=member.branch_id,
                    subject_id=member.id,
                    urgency=Urgency.SCHEDULED,
                    peer_id=officer.id,
                )
            await self.deps.audit.record(
                AuditEntry.in_branch(
                    now, officer, "broadcast_sent", f"{audience.value} {len(members)}"
                )
            )
        return broadcast

    async def delivery(self, broadcast: Broadcast) -> Delivery:
        statuses = await self.repo.statuses(broadcast.id, key_prefix(broadcast.id))
        pending = sum(1 for status, _name in statuses if status == "pending")
        delivered = sum(1 for status, _name in statuses if status == "sent")
        unreachable = [name for status, name in statuses if status in ("blocked", "skipped")]
        failed = sum(1 for status, _name in statuses if status == "failed")
        return Delivery(pending, delivered, unreachable, failed)

    async def plan(self) -> int:
        """Report each broadcast to the officer who sent it once nothing of it is pending."""
        reported = 0
        for broadcast in await self.repo.unreported():
            delivery = await self.delivery(broadcast)
            if delivery.pending:
                continue
            officer = await self.members.get(broadcast.officer_id)
            now = self.deps.now()
            async with self.deps.tx.transaction():
                await self.repo.mark_reported(broadcast.id, now)
                if officer is None or officer.address is None:
                    continue
                await self.deps.tell.member(
                    officer,
                    NoticeKind.BROADCAST_REPORT,
                    key=f"broadcast-report:{broadcast.id}",
                    params={
                        "created_at": broadcast.created_at.isoformat(),
                        "audience": broadcast.audience.value,
                        "recipients": broadcast.recipients,
                        "delivered": delivery.delivered,
                        "failed": delivery.failed,
                        "unreachable": "\n".join(delivery.unreachable),
                    },
                    branch_id=broadcast.branch_id,
                )
                reported += 1
        return reported


class BroadcastRepo(Protocol):
    async def add(self, broadcast: Broadcast) -> Broadcast: ...
    async def add_recipient(self, broadcast_id: int, member_id: int) -> None: ...
    async def statuses(self, broadcast_id: int, key_prefix: str) -> list[tuple[str, str]]:
        """(status, name) per recipient: pending, sent, failed, blocked (refused by the
        recipient) or skipped (not sent: unreachable when it was written)."""
        ...

    async def unreported(self) -> Sequence[Broadcast]: ...
    async def mark_reported(self, broadcast_id: int, at: datetime) -> None: ...
