"""Setting up branches: what an operator (superadmin) does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.kernel.access import Action, Actor
from bot.core.kernel.deps import Deps
from bot.core.kernel.errors import Conflict, NotFound
from bot.core.kernel.forms import Context, Field, FieldKind, Form
from bot.core.kernel.model import AuditEntry, Branch, Invite, InviteRole
from bot.core.kernel.ports import BranchRepo
from bot.core.kernel.text import N_
from bot.core.kernel.validation import parse_short_text
from bot.core.members.invites import InviteService


def _name(raw: str, _: Context) -> str:
    return parse_short_text(raw)


BRANCH_FORM = Form(
    "branch",
    (
        Field(
            "name",
            FieldKind.TEXT,
            N_("What is the branch called? For example: the branch of hamlet 3."),
            N_("Branch"),
            _name,
        ),
        Field(
            "committee",
            FieldKind.TEXT,
            N_(
                "Which committee is it under? For example: the party committee of Tan Phu "
                "commune. You can skip this."
            ),
            N_("Committee"),
            _name,
            optional=True,
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class NewBranch:
    branch: Branch
    secretary_invite: Invite


@dataclass(frozen=True, slots=True, kw_only=True)
class BranchService:
    deps: Deps
    branches: BranchRepo
    invites: InviteService

    async def create(self, actor: Actor, *, name: str, committee: str | None) -> NewBranch:
        """Create a branch and the one-time link that makes its secretary."""
        actor.require(Action.CREATE_BRANCH)
        clean_name = parse_short_text(name)
        clean_committee = parse_short_text(committee) if committee else None
        now = self.deps.now()
        async with self.deps.tx.transaction():
            if await self.branches.find(name=clean_name, committee=clean_committee):
                raise Conflict(
                    N_("A branch called {name} already exists under this committee."),
                    name=clean_name,
                )
            branch = await self.branches.add(name=clean_name, committee=clean_committee, now=now)
            invite = await self.invites.issue(branch.id, InviteRole.SECRETARY)
            await self.deps.audit.record(
                AuditEntry(now, branch.id, None, "branch_created", None, f"by {actor.address}")
            )
        return NewBranch(branch, invite)

    async def new_secretary_link(self, actor: Actor, branch_id: int) -> Invite:
        """Another secretary link for a branch: the first was lost, or a new secretary was
        elected."""
        actor.require(Action.CREATE_BRANCH)
        async with self.deps.tx.transaction():
            if await self.branches.get(branch_id) is None:
                raise NotFound(N_("That branch no longer exists."))
            return await self.invites.issue(branch_id, InviteRole.SECRETARY)

    async def all(self, actor: Actor) -> Sequence[Branch]:
        actor.require(Action.LIST_BRANCHES)
        return await self.branches.all()

    async def get(self, branch_id: int) -> Branch:
        branch = await self.branches.get(branch_id)
        if branch is None:
            raise NotFound(N_("That branch no longer exists."))
        return branch
