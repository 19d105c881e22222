"""Updates from different chats run side by side; updates from one chat run in order.

PTB's default processes one update at a time, so one slow or flooding chat would hold up every
member behind it. Its ``SimpleUpdateProcessor`` runs everything concurrently, which would let a
member's second answer overtake the first. A lane per chat keeps both promises.

The lanes also know when no update is in hand, so that background work (the outbox) can let
the replies people wait for go first.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.core.kernel.keyed_locks import KeyedLocks


def lane_of(update: object) -> int | None:
    """The chat (else the user) whose updates must keep their order."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


class ChatLanes(BaseUpdateProcessor):
    # PTB's own bound is taken before we know the lane, so a chat with a hundred updates queued
    # would hold a hundred of its slots: it is set out of reach, and ours is taken inside the
    # lane instead.
    _UNBOUNDED = 1_000_000

    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(self._UNBOUNDED)
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._lanes = KeyedLocks()
        self._in_hand = 0
        self._quiet = asyncio.Event()
        self._quiet.set()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        self._in_hand += 1
        self._quiet.clear()
        try:
            async with self._lanes.hold(lane_of(update)), self._slots:
                await coroutine
        finally:
            self._in_hand -= 1
            if not self._in_hand:
                self._quiet.set()

    async def quiet(self, most: float) -> None:
        """Wait until no update is in hand, or ``most`` seconds at most (a flood of updates
        must not stop the work that waits)."""
        if self._in_hand:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._quiet.wait(), most)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None
