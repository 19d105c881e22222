"""Invitation links: how officers and members join a branch.

A link carries an unguessable code. Member links serve many people until they expire; officer
links serve one person. Opening a link either makes the person an officer at once or starts the
registration form."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from bot.core.kernel.access import Action, Actor
from bot.core.kernel.contacts import Address
from bot.core.kernel.deps import Deps
from bot.core.kernel.errors import Conflict, NotFound
from bot.core.kernel.model import AuditEntry, Branch, Invite, InviteRole, Member, Role
from bot.core.kernel.notices import Notice, NoticeKind
from bot.core.kernel.ports import BranchRepo, MemberRepo
from bot.core.kernel.text import N_
from bot.core.kernel.validation import profile_name
from bot.core.members.ports import InviteRepo


class Opened(StrEnum):
    """What opening an invitation led to."""

    OFFICER_JOINED = "officer_joined"
    START_REGISTRATION = "start_registration"


# 18 random bytes: 24 URL-safe characters, within Telegram's 64-character deep-link limit.
_CODE_BYTES = 18


def new_code() -> str:
    return secrets.token_urlsafe(_CODE_BYTES)


@dataclass(frozen=True, slots=True)
class OpenResult:
    outcome: Opened
    invite: Invite
    branch: Branch
    member: Member | None = None  # the new officer


@dataclass(frozen=True, slots=True, kw_only=True)
class InviteService:
    deps: Deps
    invites: InviteRepo
    branches: BranchRepo
    members: MemberRepo
    valid_days: int

    async def issue(self, branch_id: int, role: InviteRole) -> Invite:
        """A fresh link (inside the caller's transaction; rights checked by the caller)."""
        now = self.deps.now()
        invite = Invite(
            code=new_code(),
            branch_id=branch_id,
            role=role,
            created_at=now,
            expires_at=now + timedelta(days=self.valid_days),
            uses=0,
            revoked_at=None,
        )
        await self.invites.add(invite)
        return invite

    async def create(self, actor: Actor, role: InviteRole) -> Invite:
        """An officer creates a link for members or for another officer."""
        officer = actor.require_member(Action.MANAGE_INVITES)
        if role is InviteRole.SECRETARY:
            raise Conflict(N_("Only an operator can create a link for a new secretary."))
        async with self.deps.tx.transaction():
            invite = await self.issue(officer.branch_id, role)
            await self.deps.audit.record(
                AuditEntry.in_branch(invite.created_at, officer, "invite_created", role.value)
            )
        return invite

    async def open_invites(self, actor: Actor) -> Sequence[Invite]:
        officer = actor.require_member(Action.MANAGE_INVITES)
        return await self.invites.open_in_branch(officer.branch_id, self.deps.now())

    async def revoke(self, actor: Actor, code: str) -> Invite:
        officer = actor.require_member(Action.MANAGE_INVITES)
        now = self.deps.now()
        async with self.deps.tx.transaction():
            invite = await self.invites.get(code)
            if invite is None or invite.branch_id != officer.branch_id:
                raise NotFound(N_("That invitation does not exist."))
            if not invite.is_open(now):
                raise Conflict(N_("That invitation is already closed."))
            await self.invites.revoke(code, now)
            await self.deps.audit.record(
                AuditEntry.in_branch(now, officer, "invite_revoked", invite.role.value)
            )
        return invite

    async def check_open(self, code: str) -> tuple[Invite, Branch]:
        """The invitation behind ``code`` if it can still be used."""
        invite = await self.invites.get(code)
        if invite is None:
            raise NotFound(
                N_("This invitation link is not valid. Please ask your branch for a new one.")
            )
        if invite.revoked_at is not None:
            raise NotFound(
                N_("This invitation link was withdrawn by your branch. Please ask for a new one.")
            )
        if not invite.is_open(self.deps.now()):
            raise NotFound(
                N_(
                    "This invitation link has expired or was already used. Please ask your branch "
                    "for a new one."
                )
            )
        branch = await self.branches.get(invite.branch_id)
        if branch is None:
            raise NotFound(N_("That branch no longer exists."))
        return invite, branch

    async def consume(self, code: str) -> tuple[Invite, Branch]:
        """Check the invitation behind ``code`` and count one use of it (inside the caller's
        transaction)."""
        invite, branch = await self.check_open(code)
        await self.invites.count_use(code)
        return invite, branch

    async def open(self, actor: Actor, code: str) -> OpenResult:
        """Someone opened a link: make them an officer, or let them start registering."""
        async with self.deps.tx.transaction():
            invite, branch = await self.check_open(code)
            current = actor.member
            if invite.role is InviteRole.MEMBER:
                if current is not None:
                    raise Conflict(N_("You are already registered with the bot."))
                return OpenResult(Opened.START_REGISTRATION, invite, branch)
            return await self._join_as_officer(actor, invite, branch)

    async def _join_as_officer(self, actor: Actor, invite: Invite, branch: Branch) -> OpenResult:
        now = self.deps.now()
        role = invite.role.role
        current = actor.member
        if current is not None and not (current.branch_id == branch.id and current.is_officer):
            raise Conflict(N_("You are already registered with the bot."))
        if current is not None and current.role is role:
            raise Conflict(N_("You already have this role in your branch."))
        if role is Role.SECRETARY:
            # One secretary per branch: the one before steps down to an ordinary member.
            for officer in await self.members.officers(branch.id):
                if officer.role is Role.SECRETARY:
                    await self.members.set_role(officer.id, Role.MEMBER)
                    await self._set_menu(officer.address, officer.id, Role.MEMBER)
        if current is None:
            member = await self.members.add_officer(
                branch_id=branch.id,
                address=actor.chat(),
                role=role,
                full_name=profile_name(actor.display_name, f"#{actor.chat().value[-4:]}"),
                now=now,
            )
        else:
            await self.members.set_role(current.id, role)
            updated = await self.members.get(current.id)
            assert updated is not None
            member = updated
        await self.invites.count_use(invite.code)
        await self.deps.audit.record(
            AuditEntry(now, branch.id, member.id, "officer_joined", member.id, role.value)
        )
        await self._set_menu(member.address, member.id, role)
        await self.deps.tell.leaders(
            branch_id=branch.id,
            kind=NoticeKind.OFFICER_JOINED,
            key=f"officer-joined:{invite.code}",
            params={"name": member.full_name, "role": role.value},
            subject_id=member.id,
            skip_member_id=member.id,
        )
        return OpenResult(Opened.OFFICER_JOINED, invite, branch, member)

    async def _set_menu(self, address: Address | None, member_id: int, role: Role) -> None:
        if address is None:
            return
        await self.deps.notifier.notify(
            Notice(
                NoticeKind.MENU,
                address,
                key=f"menu:{member_id}:{role.value}:{new_code()}",
                params={"role": role.value},
            )
        )
