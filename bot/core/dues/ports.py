"""What dues need from storage: the append-only ledger, profiles and reductions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from bot.core.kernel.calendar import Month
from bot.core.kernel.dues_profile import DuesProfile, Reduction
from bot.core.kernel.model import (
    Member,
)

if TYPE_CHECKING:  # these modules import the ports
    from bot.core.dues.ledger import LedgerEntry


class DuesRepo(Protocol):
    async def payers(self, branch_id: int) -> Sequence[Member]:
        """Active members and officers of the branch: everyone who pays dues."""
        ...

    async def entries(self, member_id: int) -> list[LedgerEntry]: ...
    async def entries_of_branch(
        self, branch_id: int, since: Month | None = None
    ) -> dict[int, list[LedgerEntry]]:
        """Each member's entries (only those about ``since`` or later months, if given)."""
        ...

    async def confirmed_totals(self, branch_id: int, since: Month) -> dict[int, dict[Month, int]]:
        """Per member, the amounts confirmed for each month from ``since``."""
        ...

    async def reductions_of_branch(self, branch_id: int) -> dict[int, tuple[Reduction, ...]]:
        """Per member, the reductions recorded, the latest first."""
        ...

    async def confirmations_since(
        self, branch_id: int, since: Month
    ) -> list[tuple[int, Month, datetime, int]]:
        """(member, month, when, amount) of every amount confirmed for ``since`` or later."""
        ...

    async def pending_of_branch(self, branch_id: int) -> list[LedgerEntry]:
        """Reports no officer has answered yet."""
        ...

    async def entry(self, entry_id: int) -> LedgerEntry | None: ...
    async def add(self, entry: LedgerEntry, branch_id: int) -> LedgerEntry: ...
    async def warnings(self, member_id: int, year: int) -> set[int]: ...
    async def add_warning(self, member_id: int, year: int, level: int, at: datetime) -> None: ...
    async def set_profile(self, member_id: int, profile: DuesProfile, at: datetime) -> None: ...
    async def was_planned(self, branch_id: int, month: Month) -> bool: ...
    async def mark_planned(self, branch_id: int, month: Month, at: datetime) -> None: ...
