"""The outbox: notices waiting to be delivered, and what delivery may do with them.

Planners and services put notices in; the chat adapter's sender takes due ones out and reports
back. A notice is marked sent only after the chat platform accepted it, so a crash can at worst
repeat the one message that was in flight, never lose one.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.kernel.clock import Clock
from bot.core.kernel.contacts import Address, Channel
from bot.core.kernel.deps import Deps
from bot.core.kernel.notices import Notice, OutboxItem, Urgency
from bot.core.kernel.ports import OutboxStore
from bot.core.kernel.quiet_hours import QuietHours

log = logging.getLogger(__name__)

# Notices that ask nothing of the recipient and wait for the same chat go out together, up to
# this many in one message: in a wave of check-ins the secretary reads a list rather than a
# notification per member, and one message a second per chat does not make the twentieth wait
# twenty seconds. Which notices may be grouped is the capability's rule (``groupable``).
GROUP_LIMIT = 10

Groupable = Callable[[OutboxItem], bool]


def never(_item: OutboxItem) -> bool:
    return False


class QuietHoursLookup(Protocol):
    """Quiet hours of a branch (the deployment's default for ``None``)."""

    async def quiet_hours(self, branch_id: int | None) -> QuietHours: ...


class OutboxNotifier:
    """The ``Notifier`` used in production: notices go into the outbox, and the sender is told
    which chat has something new."""

    def __init__(self, store: OutboxStore, clock: Clock, wake: Callable[[Address], None]) -> None:
        self._store = store
        self._clock = clock
        self._wake = wake

    async def notify(self, notice: Notice) -> None:
        now = self._clock.now()
        if await self._store.enqueue(notice, now):
            self._wake(notice.address)

    async def notify_all(self, notices: Sequence[Notice]) -> None:
        if not notices:
            return
        await self._store.enqueue_all(notices, self._clock.now())
        for address in {notice.address for notice in notices}:
            self._wake(address)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveryService:
    """Rules for delivering outbox items: which are due, quiet hours, what a failure means."""

    deps: Deps
    store: OutboxStore
    quiet_hours: QuietHoursLookup
    on_blocked: Callable[[OutboxItem], Awaitable[None]] | None = None
    groupable: Groupable = never

    def now(self) -> datetime:
        return self.deps.now()

    async def due(
        self, channel: Channel, limit: int, skip_chats: Collection[Address] = ()
    ) -> Sequence[OutboxItem]:
        """Up to ``limit`` items for ``channel``'s sender to send now, one per chat, none to
        ``skip_chats`` (those the sender cannot write to yet). Reminders caught by quiet hours
        are moved to the morning, and others looked for in their place."""
        now = self.deps.now()
        while True:
            items = await self.store.due(now, channel, limit, skip_chats)
            ready: list[OutboxItem] = []
            for item in items:
                if item.urgency is Urgency.SCHEDULED:
                    quiet = await self.quiet_hours.quiet_hours(item.branch_id)
                    allowed = quiet.next_allowed(now, self.deps.zone)
                    if allowed > now:
                        await self.store.postpone(item.id, allowed)
                        continue
                ready.append(item)
            # Each round moves at least one item out of the way, so this ends.
            if ready or not items:
                return ready

    async def next_due(self) -> datetime | None:
        return await self.store.next_due()

    async def silent(self, item: OutboxItem) -> bool:
        """A live notice in the night is delivered without a sound."""
        quiet = await self.quiet_hours.quiet_hours(item.branch_id)
        return quiet.is_quiet(self.deps.now(), self.deps.zone)

    async def group_of(self, item: OutboxItem) -> Sequence[OutboxItem]:
        """What goes out in one message with ``item`` (first): the groupable notices queued
        right behind a groupable one for the same chat, up to ``GROUP_LIMIT``; else ``item``
        alone."""
        if not self.groupable(item):
            return [item]
        group = [item]
        for queued in await self.store.queue(item.address, self.deps.now(), GROUP_LIMIT + 1):
            if queued.id == item.id:
                continue
            if queued.kind is not item.kind or not self.groupable(queued):
                break
            if len(group) == GROUP_LIMIT:
                break
            group.append(queued)
        return group

    async def delivered(self, group: Sequence[OutboxItem], message_id: int | None) -> None:
        # One statement for the whole list: the handlers wait for the database meanwhile.
        await self.store.mark_sent([item.id for item in group], message_id, self.deps.now())

    async def part_sent(self, item: OutboxItem, parts: int) -> None:
        """``parts`` messages of a notice sent in several are out: a retry starts after them."""
        await self.store.mark_parts_sent(item.id, parts)

    async def failed_for_good(self, group: Sequence[OutboxItem], error: str) -> None:
        """The platform refused this message and always will (bad request)."""
        for item in group:
            log.warning("outbox %s (%s) failed for good: %s", item.id, item.kind, error)
        await self.store.mark_failed([item.id for item in group], error)

    async def blocked(self, group: Sequence[OutboxItem]) -> None:
        """The recipient blocked the bot."""
        async with self.deps.tx.transaction():
            await self.store.mark_failed([item.id for item in group], "blocked")
            if self.on_blocked is not None:
                await self.on_blocked(group[0])

    async def attempt_failed(self, item: OutboxItem, error: str) -> int:
        """A passing failure (flood limit, server error, timeout); returns the attempts so
        far."""
        return await self.store.count_attempt(item.id, error)
