"""What the members capability needs from storage beyond the kernel's ports."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from bot.core.kernel.model import (
    Invite,
)

if TYPE_CHECKING:  # these modules import the ports
    from bot.core.members.settings import BranchSettings


class InviteRepo(Protocol):
    async def add(self, invite: Invite) -> None: ...
    async def get(self, code: str) -> Invite | None: ...
    async def open_in_branch(self, branch_id: int, now: datetime) -> Sequence[Invite]: ...
    async def count_use(self, code: str) -> None: ...
    async def revoke(self, code: str, now: datetime) -> None: ...


class BranchSettingsRepo(Protocol):
    async def get(self, branch_id: int) -> dict[str, Any]:
        """The settings this branch changed, by field name (the rest are defaults)."""
        ...

    async def save(self, settings: BranchSettings, changed: Collection[str]) -> None: ...
