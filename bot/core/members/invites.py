"""Invitation links: how officers and members join a branch.

A link carries an unguessable code. Member links serve many people until they expire; officer
links serve one person. Opening a link either makes the person an officer at once or starts the
registration form."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from bot.core.kernel.access import Action, Actor
from bot.core.kernel.contacts import Address
from bot.core.kernel.deps import Deps
from bot.core.kernel.errors import Conflict, InvalidInput, NotFound
from bot.core.kernel.model import (
    AuditEntry,
    Branch,
    Invite,
    InviteRole,
    Member,
    MemberStatus,
    Role,
)
from bot.core.kernel.notices import Notice, NoticeKind
from bot.core.kernel.ports import BranchRepo, MemberRepo
from bot.core.kernel.text import N_
from bot.core.kernel.validation import profile_name
from bot.core.members.ports import InviteRepo


class Opened(StrEnum):
    """What opening an invitation led to."""

    OFFICER_JOINED = "officer_joined"
    START_REGISTRATION = "start_registration"


# A member link is for this many people at most; the branch takes this many registrations
# waiting for approval at once (DOMAIN.md is silent: a branch has tens of members away, and
# its secretary approves them in one sitting).
MAX_USES = 50
PENDING_LIMIT = 20
# Whoever opens more links than this within the window waits (a leaked link, or guessing).
OPENS_ALLOWED = 5
OPENS_WINDOW = timedelta(minutes=10)

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
    pending_limit: int = PENDING_LIMIT
    # When each address last opened links, for slowing down whoever opens many.
    opened: dict[Address, dict[str, datetime]] = field(default_factory=dict, compare=False)

    async def issue(self, branch_id: int, role: InviteRole, uses: int = 1) -> Invite:
        """A fresh link for ``uses`` people (inside the caller's transaction; rights checked by
        the caller)."""
        now = self.deps.now()
        invite = Invite(
            code=new_code(),
            branch_id=branch_id,
            role=role,
            created_at=now,
            expires_at=now + timedelta(days=self.valid_days),
            uses=0,
            revoked_at=None,
            max_uses=uses if role is InviteRole.MEMBER else 1,
        )
        await self.invites.add(invite)
        return invite

    async def create(self, actor: Actor, role: InviteRole, uses: int = 1) -> Invite:
        """An officer creates a link for ``uses`` members (one by default: a link that leaks
        lets nobody else in), or for another officer."""
        officer = actor.require_member(Action.MANAGE_INVITES)
        if role is InviteRole.SECRETARY:
            raise Conflict(N_("Only an operator can create a link for a new secretary."))
        if not 1 <= uses <= MAX_USES:
            raise InvalidInput(N_("A link is for 1 to {most} people."), most=MAX_USES)
        async with self.deps.tx.transaction():
            invite = await self.issue(officer.branch_id, role, uses)
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

    async def check_room(self, branch_id: int) -> None:
        """Refuse a registration while the branch has ``pending_limit`` waiting for approval:
        checked when a link is opened and again when the form is sent."""
        waiting = await self.members.with_status(branch_id, MemberStatus.PENDING)
        if len(waiting) >= self.pending_limit:
            raise Conflict(
                N_(
                    "Your branch has many registrations waiting for approval right now. "
                    "Please contact your branch directly; they will tell you when to try again."
                )
            )

    def _slow_down(self, address: Address, code: str) -> None:
        """Someone who opens many different links in a short time (a leaked list, guessing)
        waits before opening more; opening one's own link again is not counted."""
        now = self.deps.now()
        recent = {c: t for c, t in self.opened.get(address, {}).items() if now - t < OPENS_WINDOW}
        if code not in recent and len(recent) >= OPENS_ALLOWED:
            self.opened[address] = recent
            raise Conflict(N_("Too many invitation links opened. Please wait a few minutes."))
        self.opened[address] = recent | {code: now}
        if len(self.opened) > 10_000:  # strangers come and go: forget the quiet ones
            for quiet in [
                a for a, o in self.opened.items() if now - max(o.values()) >= OPENS_WINDOW
            ]:
                del self.opened[quiet]

    async def open(self, actor: Actor, code: str) -> OpenResult:
        """Someone opened a link: make them an officer, or let them start registering."""
        if actor.member is None and actor.address is not None:
            self._slow_down(actor.address, code)
        async with self.deps.tx.transaction():
            invite, branch = await self.check_open(code)
            current = actor.member
            if invite.role is InviteRole.MEMBER:
                if current is not None:
                    raise Conflict(N_("You are already registered with the bot."))
                await self.check_room(branch.id)
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
