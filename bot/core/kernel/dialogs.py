"""Dialogs: the one form or question a person is in the middle of (docs/decisions/0002).

A dialog is a row per person: which form, the question it is at, the answers so far, when it
started and when it was last touched. Starting another replaces it; it expires when left
untouched for ``DIALOG_TTL``. Kept in the database, it survives a restart and does not depend
on which chat platform or which worker process the person's next message reaches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot.core.kernel.contacts import Address
from bot.core.kernel.deps import Deps

DIALOG_TTL = timedelta(hours=24)


@dataclass(slots=True)
class Dialog:
    address: Address
    name: str  # the form's name
    started_at: datetime
    touched_at: datetime
    # What the form keeps as it goes: "answers", "extra" (what it was started with), "at" (the
    # question it is at), "selected" (toggles of a several-at-once question).
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def state(self) -> str | None:
        at = self.data.get("at")
        return None if at is None else str(at)


def expired(dialog: Dialog, now: datetime, ttl: timedelta = DIALOG_TTL) -> bool:
    """Untouched for longer than ``ttl``: the person has moved on."""
    return now - dialog.touched_at > ttl


class DialogRepo(Protocol):
    async def get(self, address: Address) -> Dialog | None: ...
    async def save(self, dialog: Dialog) -> None: ...
    async def delete(self, address: Address) -> None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class DialogService:
    deps: Deps
    repo: DialogRepo
    ttl: timedelta = DIALOG_TTL

    async def current(self, address: Address) -> tuple[Dialog | None, bool]:
        """The person's dialog, and whether one had expired (it is then dropped)."""
        dialog = await self.repo.get(address)
        if dialog is not None and expired(dialog, self.deps.now(), self.ttl):
            return None, True
        return dialog, False

    async def save(self, dialog: Dialog) -> None:
        await self.repo.save(dialog)

    async def end(self, address: Address) -> None:
        await self.repo.delete(address)
