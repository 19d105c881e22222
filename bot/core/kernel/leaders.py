"""Telling a branch's leaders (secretary and deputy) about something, or one member about what
the leaders did: ``Deps.tell``."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from bot.core.kernel.model import Member, Role
from bot.core.kernel.notices import Notice, NoticeKind, ParamValue, Urgency
from bot.core.kernel.ports import MemberRepo, Notifier, OutboxStore

LEADERS = frozenset({Role.SECRETARY, Role.DEPUTY})


@dataclass(frozen=True, slots=True)
class Messenger:
    """Queues notices to a branch's officers and to members through the notifier."""

    members: MemberRepo
    notifier: Notifier
    outbox: OutboxStore

    async def leaders(
        self,
        *,
        branch_id: int,
        kind: NoticeKind,
        key: str,
        params: dict[str, ParamValue],
        subject_id: int | None = None,
        roles: Collection[Role] = LEADERS,
        skip_member_id: int | None = None,
        urgency: Urgency = Urgency.LIVE,
        peer_id: int | None = None,
    ) -> int:
        """Queue one notice per officer in ``roles``; ``key`` is made unique per officer.
        Returns how many were queued."""
        count = 0
        for officer in await self.members.officers(branch_id):
            if officer.role not in roles or officer.id == skip_member_id:
                continue
            if officer.address is None:
                continue
            notice = Notice(
                kind=kind,
                address=officer.address,
                key=f"{key}:to{officer.id}",
                params=params,
                branch_id=branch_id,
                subject_id=subject_id,
                urgency=urgency,
                peer_id=peer_id,
            )
            await self.notifier.notify(notice)
            count += 1
        return count

    async def settle_copies(
        self,
        *,
        key: str,
        params: dict[str, ParamValue],
        subject_id: int | None = None,
        peer_id: int | None = None,
    ) -> int:
        """A card sent to several officers (``leaders`` with ``key``) was answered by one:
        every copy delivered is brought to the same final state (``params``: the card's own and
        the outcome), copies not delivered yet are dropped. Returns how many are updated."""
        copies = await self.outbox.settle(f"{key}:to")
        for address, message_id in copies:
            await self.notifier.notify(
                Notice(
                    kind=NoticeKind.CARD_SETTLED,
                    address=address,
                    key=f"settled:{key}:{address.channel.value}:{address.value}",
                    params=params | {"message_id": message_id},
                    subject_id=subject_id,
                    peer_id=peer_id,
                )
            )
        return len(copies)

    async def leaders_about(
        self,
        member: Member,
        *,
        kind: NoticeKind,
        key: str,
        params: dict[str, ParamValue],
        **options: Any,
    ) -> int:
        """``leaders`` of ``member``'s branch, told with their id and name."""
        about: dict[str, ParamValue] = {"member_id": member.id, "name": member.full_name}
        return await self.leaders(
            branch_id=member.branch_id, kind=kind, key=key, params=about | params, **options
        )

    async def member(self, member: Member, kind: NoticeKind, **fields: Any) -> bool:
        """Queue a notice to ``member`` (``fields`` as ``Notice`` takes them), if the bot can
        reach them; whether it was queued."""
        if member.address is None:
            return False
        await self.notifier.notify(Notice(kind, member.address, **fields))
        return True

    async def subject(
        self, member: Member, kind: NoticeKind, *, key: str, params: dict[str, ParamValue]
    ) -> None:
        """Tell ``member`` about their own record; ``key`` is prefixed with the kind."""
        await self.member(
            member,
            kind,
            key=f"{kind.value}:{key}",
            params=params,
            branch_id=member.branch_id,
            subject_id=member.id,
        )
