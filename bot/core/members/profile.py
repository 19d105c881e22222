"""Members: who is behind a chat, registration and its approval, a member's own record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.core.kernel.access import Action, Actor, Settle, check_not_own, member_to_settle
from bot.core.kernel.contacts import Address
from bot.core.kernel.deps import Deps
from bot.core.kernel.errors import Conflict, NotFound
from bot.core.kernel.forms import Answers
from bot.core.kernel.model import (
    AuditEntry,
    Branch,
    Member,
    MemberStatus,
    Placement,
    Role,
    current_placement,
)
from bot.core.kernel.notices import NoticeKind, OutboxItem, ParamValue
from bot.core.kernel.ports import BranchRepo, MemberRepo, PersonalData
from bot.core.kernel.text import N_
from bot.core.members.invites import InviteService
from bot.core.members.registration import registration_from, workplace_from


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """A member's record as they (or their officers) see it."""

    member: Member
    branch: Branch
    placements: Sequence[Placement]  # newest first

    @property
    def current(self) -> Placement | None:
        return current_placement(self.placements)


def card_params(member: Member, placement: Placement | None) -> dict[str, ParamValue]:
    """What an officer's card about a member shows."""
    params: dict[str, ParamValue] = {
        "member_id": member.id,
        "name": member.full_name,
        "phone": member.phone,
        "home": member.home_commune,
        "standing": member.standing.kind.value,
        "standing_start": member.standing.start.isoformat() if member.standing.start else None,
        "standing_end": member.standing.end.isoformat() if member.standing.end else None,
        "host_org": member.standing.host_org,
        "letter_date": (
            member.standing.letter_date.isoformat() if member.standing.letter_date else None
        ),
        "expected_return": member.expected_return.iso() if member.expected_return else None,
        "dues_category": member.dues.category.value if member.dues else None,
        "dues_base": member.dues.base if member.dues else None,
    }
    if placement is not None:
        work = placement.workplace
        params |= {
            "province": work.province,
            "district": work.district,
            "employer": work.employer,
            "occupation": work.occupation,
            "since": work.since.iso(),
        }
    return params


def registration_card(item: OutboxItem) -> bool:
    """Registration cards waiting together for one officer go as one summary (a leaked link
    must not bury the secretary under cards; each is then approved from /pending)."""
    return item.kind is NoticeKind.REGISTRATION_CARD


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberService:
    deps: Deps
    members: MemberRepo
    branches: BranchRepo
    personal: PersonalData
    invites: InviteService
    superadmins: frozenset[Address]

    async def identify(self, address: Address, display_name: str) -> Actor:
        """Who is writing: their record, if any, and whether they are an operator."""
        member = await self.members.by_address(address)
        if member is not None and member.address != address:
            # They wrote through another of their contacts: the bot answers them there from
            # now on (a write only when they switch, not on every message).
            async with self.deps.tx.transaction():
                await self.members.used(address, self.deps.now())
            member = await self.members.get(member.id)
        return Actor(address, display_name, member, address in self.superadmins)

    def is_superadmin(self, address: Address) -> bool:
        return address in self.superadmins

    async def submit_registration(self, actor: Actor, code: str, answers: Answers) -> Member:
        """Store a completed registration as pending and show it to the branch's leaders."""
        if actor.member is not None:
            raise Conflict(N_("You are already registered with the bot."))
        registration = registration_from(answers)
        now = self.deps.now()
        async with self.deps.tx.transaction():
            invite, _branch = await self.invites.consume(code)
            await self.invites.check_room(invite.branch_id)
            member = await self.members.add_registration(
                branch_id=invite.branch_id,
                address=actor.chat(),
                registration=registration,
                now=now,
            )
            await self.deps.audit.record(
                AuditEntry(now, member.branch_id, None, "registered", member.id)
            )
            placement = (await self.members.placements(member.id))[0]
            params = card_params(member, placement) | {"registered_at": now.isoformat()}
            await self.deps.tell.leaders(
                branch_id=member.branch_id,
                kind=NoticeKind.REGISTRATION_CARD,
                key=f"registration:{member.id}",
                params=params,
                subject_id=member.id,
            )
        return member

    async def check_settle(self, actor: Actor, member_id: int, act: Settle) -> None:
        """Refuse at once, before a form is filled, what ``act`` would refuse at its end."""
        await member_to_settle(actor, self.members, member_id, act)

    async def pending(self, actor: Actor) -> Sequence[MemberRecord]:
        """Registrations waiting for this officer's branch, oldest first."""
        officer = actor.require_member(Action.REVIEW_REGISTRATIONS)
        branch = await self._branch(officer.branch_id)
        return [
            MemberRecord(m, branch, await self.members.placements(m.id))
            for m in await self.members.with_status(officer.branch_id, MemberStatus.PENDING)
        ]

    async def decide(self, actor: Actor, member_id: int, *, approve: bool) -> Member:
        """Approve or reject a registration; the member is told either way. A rejected
        registration is deleted: nothing is kept about someone the branch did not accept."""
        now = self.deps.now()
        async with self.deps.tx.transaction():
            member = await self.members.get(member_id)
            if member is None:
                raise NotFound(N_("This registration is no longer there."))
            officer = actor.require(Action.REVIEW_REGISTRATIONS, branch_id=member.branch_id)
            assert officer is not None
            await check_not_own(self.members, officer, member, Settle.DECIDE_REGISTRATION)
            if member.status is not MemberStatus.PENDING:
                raise Conflict(N_("This registration was already handled."))
            branch = await self._branch(member.branch_id)
            assert member.address is not None
            if approve:
                await self.members.set_status(member.id, MemberStatus.ACTIVE, now)
                kind = NoticeKind.REGISTRATION_APPROVED
            else:
                await self.members.delete(member.id)
                kind = NoticeKind.REGISTRATION_REJECTED
            await self.deps.audit.record(
                AuditEntry.on_member(now, officer, "approved" if approve else "rejected", member)
            )
            await self.deps.tell.member(
                member,
                kind,
                key=f"registration-decided:{member.id}",
                params={"branch": branch.name, "officer": officer.full_name},
                branch_id=branch.id,
            )
            await self.deps.tell.member(
                member,
                NoticeKind.MENU,
                key=f"menu:{member.id}:decided",
                params={"role": Role.MEMBER.value if approve else None},
            )
        return member

    async def record(self, actor: Actor) -> MemberRecord:
        """The actor's own record."""
        member = actor.require_member(Action.VIEW_OWN_RECORD)
        return MemberRecord(
            member,
            await self._branch(member.branch_id),
            await self.members.placements(member.id),
        )

    async def move(self, actor: Actor, answers: Answers) -> Placement:
        """The member works somewhere else now: close the old placement, open the new one and
        tell the leaders."""
        member = actor.require_member(Action.UPDATE_OWN_WORKPLACE)
        workplace = workplace_from(answers)
        now = self.deps.now()
        async with self.deps.tx.transaction():
            before = await self.members.placements(member.id)
            old = current_placement(before)
            if old is not None and old.workplace == workplace:
                raise Conflict(N_("That is the workplace we already have for you."))
            placement = await self.members.move(member.id, workplace, now)
            await self.deps.audit.record(
                AuditEntry(now, member.branch_id, None, "moved", member.id)
            )
            params = card_params(member, placement)
            if old is not None:
                params |= {
                    "old_employer": old.workplace.employer,
                    "old_province": old.workplace.province,
                }
            await self.deps.tell.leaders(
                branch_id=member.branch_id,
                kind=NoticeKind.WORKPLACE_MOVED,
                key=f"moved:{placement.id}",
                params=params,
                subject_id=member.id,
            )
        return placement

    async def export(self, actor: Actor) -> dict[str, list[dict[str, Any]]]:
        """Everything stored about the actor, table by table."""
        member = actor.require_member(Action.EXPORT_OWN_DATA)
        return await self.personal.export(member.id)

    async def erase(self, actor: Actor) -> None:
        """Delete the actor's personal details at their request. What the dues ledger must keep
        stays, without anything that says who it was; the leaders are told who left."""
        member = actor.require_member(Action.ERASE_OWN_DATA)
        now = self.deps.now()
        async with self.deps.tx.transaction():
            await self.personal.erase(member.id, now)
            await self.deps.audit.record(
                AuditEntry(now, member.branch_id, None, "erased_on_request", member.id)
            )
            await self.deps.tell.leaders(
                branch_id=member.branch_id,
                kind=NoticeKind.DATA_ERASED,
                key=f"erased:{member.id}",
                params={"name": member.full_name},
                skip_member_id=member.id,
            )
            assert member.address is not None
            await self.deps.tell.member(
                member,
                NoticeKind.MENU,
                key=f"menu:{member.id}:erased",
                params={"role": None},
            )
        await self.personal.scrub()

    async def _branch(self, branch_id: int) -> Branch:
        branch = await self.branches.get(branch_id)
        if branch is None:
            raise NotFound(N_("That branch no longer exists."))
        return branch
