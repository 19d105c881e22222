"""What the digest needs from storage."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # these modules import the ports
    from bot.core.digest.parts import Entry


class DigestRepo(Protocol):
    async def entries(self, branch_id: int, start: datetime, end: datetime) -> list[Entry]: ...
    async def was_built(self, branch_id: int, period_end: datetime) -> bool: ...
    async def mark_built(self, branch_id: int, period_end: datetime, now: datetime) -> None: ...
