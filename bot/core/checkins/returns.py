"""Coming home: a member's "I came back home" (a check-in, ``bot.core.checkins.answers``) is
confirmed by the branch's leaders before check-ins stop; the leaders can also mark a member
returned, or away to work again, from the member's card."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.checkins.ports import CheckinRepo
from bot.core.kernel.access import Actor, Settle, member_to_settle
from bot.core.kernel.deps import Deps
from bot.core.kernel.errors import Conflict, NotFound
from bot.core.kernel.model import AuditEntry, Member, MemberStatus, Role
from bot.core.kernel.notices import NoticeKind
from bot.core.kernel.ports import MemberRepo
from bot.core.kernel.text import N_


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnService:
    deps: Deps
    repo: CheckinRepo
    members: MemberRepo

    async def decide_return(self, actor: Actor, member_id: int, *, confirmed: bool) -> Member:
        """The leaders answer a member's "I came back home": confirmed, check-ins stop."""
        now = self.deps.now()
        async with self.deps.tx.transaction():
            member, officer = await member_to_settle(
                actor, self.members, member_id, Settle.SET_STANDING
            )
            if member.return_requested_at is None or member.status is not MemberStatus.ACTIVE:
                raise Conflict(N_("This was already handled."))
            await self.repo.set_return_requested(member.id, None)
            if confirmed:
                await self.members.set_status(member.id, MemberStatus.RETURNED, now)
                await self.repo.set_returned(member.id, now)
            await self.deps.audit.record(
                AuditEntry.on_member(
                    now,
                    officer,
                    "return_confirmed" if confirmed else "return_not_confirmed",
                    member,
                )
            )
            if member.address is not None:
                await self.deps.tell.member(
                    member,
                    NoticeKind.RETURN_CONFIRMED if confirmed else NoticeKind.RETURN_NOT_CONFIRMED,
                    key=f"return-decided:{member.id}:{now.isoformat()}",
                    params={"officer": officer.full_name},
                    branch_id=member.branch_id,
                )
                if confirmed:
                    await self.deps.tell.member(
                        member,
                        NoticeKind.MENU,
                        key=f"menu:{member.id}:returned",
                        params={
                            "role": Role.MEMBER.value,
                            "status": MemberStatus.RETURNED.value,
                        },
                    )
        return member

    async def set_away(self, actor: Actor, member_id: int, *, away: bool) -> Member:
        """An officer records that a member came back home (check-ins stop) or went away to
        work again (check-ins start)."""
        member, officer = await member_to_settle(
            actor, self.members, member_id, Settle.SET_STANDING
        )
        if member.role is not Role.MEMBER or member.status is MemberStatus.PENDING:
            raise NotFound(N_("This member is no longer registered."))
        now = self.deps.now()
        if away == (member.status is MemberStatus.ACTIVE):
            raise Conflict(N_("This was already handled."))
        status = MemberStatus.ACTIVE if away else MemberStatus.RETURNED
        async with self.deps.tx.transaction():
            await self.members.set_status(member.id, status, now)
            await self.repo.set_return_requested(member.id, None)
            await self.repo.set_returned(member.id, None if away else now)
            await self.deps.audit.record(
                AuditEntry.on_member(
                    now, officer, "marked_away" if away else "marked_returned", member
                )
            )
            if member.address is not None:
                await self.deps.tell.member(
                    member,
                    NoticeKind.AWAY_AGAIN if away else NoticeKind.RETURN_CONFIRMED,
                    key=f"status:{member.id}:{status.value}:{now.isoformat()}",
                    params={"officer": officer.full_name},
                    branch_id=member.branch_id,
                    subject_id=member.id,
                )
                await self.deps.tell.member(
                    member,
                    NoticeKind.MENU,
                    key=f"menu:{member.id}:{status.value}:{now.isoformat()}",
                    params={"role": Role.MEMBER.value, "status": status.value},
                )
        return member
