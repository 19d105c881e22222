"""Two-way contact between a branch's officers and its members, through the bot: what the
branch's Zalo chat gave them, without a group where everyone sees everything."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from bot.core.kernel.access import Action, Actor
from bot.core.kernel.contacts import Address
from bot.core.kernel.deps import Deps
from bot.core.kernel.errors import NotAllowed, NotFound
from bot.core.kernel.forms import Context, Field, FieldKind, Form
from bot.core.kernel.model import AuditEntry, Member, MemberStatus
from bot.core.kernel.notices import NoticeKind
from bot.core.kernel.ports import MemberRepo, OutboxStore
from bot.core.kernel.text import N_
from bot.core.kernel.validation import parse_note

MESSAGE_LIMIT = 2000


def _message(raw: str, _: Context) -> str:
    return parse_note(raw, limit=MESSAGE_LIMIT)


MESSAGE_FORM = Form(
    "message", (Field("text", FieldKind.TEXT, N_("Type your message."), N_("Message"), _message),)
)


@dataclass(frozen=True, slots=True, kw_only=True)
class MessagingService:
    deps: Deps
    members: MemberRepo
    outbox: OutboxStore

    async def to_member(self, actor: Actor, member_id: int, text: str) -> Member:
        """An officer writes to a member of their branch."""
        body = parse_note(text, limit=MESSAGE_LIMIT)
        async with self.deps.tx.transaction():
            member = await self.members.get(member_id)
            if member is None or member.address is None or member.status is MemberStatus.ERASED:
                raise NotFound(N_("This member is no longer registered."))
            officer = actor.require(Action.MESSAGE_MEMBERS, branch_id=member.branch_id)
            assert officer is not None
            await self.deps.tell.member(
                member,
                NoticeKind.MESSAGE_TO_MEMBER,
                key=self._key(officer),
                params={
                    "officer": officer.full_name,
                    "role": officer.role.value,
                    "text": body,
                },
                branch_id=member.branch_id,
                subject_id=member.id,
                peer_id=officer.id,
            )
            await self.deps.audit.record(  # that a message was sent, never what it said
                AuditEntry.on_member(self.deps.now(), officer, "message_sent", member)
            )
        return member

    async def to_officer(self, actor: Actor, officer_id: int, text: str) -> Member:
        """A member answers an officer of their branch."""
        member = actor.require_member(Action.MESSAGE_BRANCH)
        body = parse_note(text, limit=MESSAGE_LIMIT)
        async with self.deps.tx.transaction():
            officer = await self.members.get(officer_id)
            if (
                officer is None
                or not officer.is_officer
                or officer.address is None
                or officer.branch_id != member.branch_id
            ):
                raise NotFound(N_("That officer can no longer be reached through the bot."))
            await self.deps.tell.member(
                officer,
                NoticeKind.MESSAGE_FROM_MEMBER,
                key=self._key(member),
                params={"name": member.full_name, "member_id": member.id, "text": body},
                branch_id=member.branch_id,
                subject_id=member.id,
                peer_id=member.id,
            )
        return officer

    async def to_branch(self, actor: Actor, text: str) -> int:
        """A member writes to their branch's leaders."""
        member = actor.require_member(Action.MESSAGE_BRANCH)
        body = parse_note(text, limit=MESSAGE_LIMIT)
        async with self.deps.tx.transaction():
            return await self.deps.tell.leaders_about(
                member,
                kind=NoticeKind.MESSAGE_FROM_MEMBER,
                key=self._key(member),
                params={"text": body},
                subject_id=member.id,
                peer_id=member.id,
            )

    async def reply(self, actor: Actor, address: Address, message_id: int, text: str) -> Member:
        """A reply to a message the bot delivered goes to the person that message is about (a
        member, for an officer) or from (an officer, for a member)."""
        peer_id = await self.outbox.peer_of(address, message_id)
        if peer_id is None:
            raise NotFound(
                N_(
                    "I cannot tell whom this reply is for. Please use the «Reply» "
                    "button under the message."
                )
            )
        if actor.member is not None and actor.member.is_officer:
            return await self.to_member(actor, peer_id, text)
        if actor.member is None:
            raise NotAllowed(N_("Sorry, your role does not allow this."))
        return await self.to_officer(actor, peer_id, text)

    async def recipient_name(self, actor: Actor, peer_id: int) -> str:
        """Whom a «Reply» button writes to, for the question "write your message to …". The
        same rules as sending: an officer writes to the branch's people, a member only to its
        officers; nobody learns a name they could not write to."""
        if actor.member is not None and actor.member.is_officer:
            me = actor.require(Action.MESSAGE_MEMBERS)
        else:
            me = actor.require_member(Action.MESSAGE_BRANCH)
        assert me is not None
        peer = await self.members.get(peer_id)
        if (
            peer is None
            or peer.branch_id != me.branch_id
            or peer.status is MemberStatus.ERASED
            or peer.address is None
            or not (me.is_officer or peer.is_officer)
        ):
            raise NotFound(N_("This member is no longer registered."))
        return peer.full_name

    def _key(self, sender: Member) -> str:
        return f"message:{sender.id}:{self.deps.now().isoformat()}:{secrets.token_hex(4)}"
