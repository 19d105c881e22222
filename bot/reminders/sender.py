"""Delivering the outbox through the Bot API, within Telegram's limits.

Pacing is ``bot.pacing``'s limiter; the outbox's sends are marked as background there, so they
use only what replies to people leave of the budget. This sender holds back an item whose chat
had a message less than ``chat_interval`` ago (rather than letting it wait in the limiter and
take one of the slots), and keeps the outbox's bookkeeping. Several sends are in flight at once so
that a slow round trip to Telegram does not cap the rate. Before each look at the outbox it lets
the updates in hand finish (``replies_first``, at most ``REPLIES_FIRST`` seconds): a check-in's
relay was read and sent while the member still waited for the answer to their press, and the
two shared the database and the line.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence

from telegram import Bot, BotCommandScopeChat
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.channels.telegram.render import chat_of, commands, transmit
from bot.core.kernel.contacts import Address, Channel
from bot.core.kernel.notices import OutboxItem
from bot.core.kernel.outbox import DeliveryService
from bot.pacing import background, retry_seconds
from bot.views.outgoing import MenuOut, MessageOut, Outgoing

log = logging.getLogger(__name__)

# Renders the notices that go out as one message (most often one).
Render = Callable[[Sequence[OutboxItem]], Outgoing]

# Transient failures are retried with growing pauses: base, 2 x base, 4 x base ... up to 5
# minutes, so an hour-long outage costs a few attempts per message, not thousands.
_BACKOFF_MAX = 300.0


# Sends in flight at once: enough to hide a slow round trip to Telegram.
CONCURRENCY = 8

# The longest the sender waits for replies in hand before it looks at the outbox anyway.
REPLIES_FIRST = 0.05


def backoff(attempts: int, base: float) -> float:
    return float(min(_BACKOFF_MAX, base * 2 ** max(0, attempts - 1)))


class Sender:
    def __init__(
        self,
        bot: Bot,
        deliveries: DeliveryService,
        render: Render,
        *,
        chat_interval: float = 1.0,
        concurrency: int = CONCURRENCY,
        poll_interval: float = 5.0,
        retry_base: float = 2.0,
        replies_first: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        self._bot = bot
        self._replies_first = replies_first
        self._deliveries = deliveries
        self._render = render
        self._chat_interval = chat_interval
        self._concurrency = concurrency
        self._slots = asyncio.Semaphore(concurrency)
        self._poll_interval = poll_interval
        self._retry_base = retry_base
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle_waiters = 0
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._in_flight: dict[int, asyncio.Task[None]] = {}  # outbox id -> send
        self._busy_chats: set[Address] = set()
        self._last_sent: dict[Address, float] = {}  # chat -> monotonic time of the last send
        # chat -> monotonic time: its first message failed and waits to be tried again, and
        # the chat's later messages wait behind it.
        self._retry_at: dict[Address, float] = {}
        self._held = 0
        self._wakes = 0

    def wake(self, address: Address | None = None) -> None:
        """Something was queued (for ``address``): look at the outbox now, unless that chat
        cannot take a message yet; then the look when it can will find it. During a wave of
        check-ins most relays are for a secretary's chat that has just had one."""
        self._wakes += 1
        self._idle.clear()
        if address is not None and address in self._busy_chats | self._waiting_chats(
            time.monotonic()
        ):
            return
        self._wake.set()

    def start(self) -> None:
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._run(), name="outbox-sender")

    async def stop(self) -> None:
        """Stop taking new items; let the sends in flight finish and be recorded."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            await self._task
            self._task = None
        if self._in_flight:
            await asyncio.gather(*self._in_flight.values(), return_exceptions=True)

    async def idle(self, timeout: float = 10.0) -> None:
        """Wait until nothing due is left to send (for tests and the demo)."""
        self._idle_waiters += 1
        try:
            self.wake()
            await asyncio.wait_for(self._idle.wait(), timeout)
        finally:
            self._idle_waiters -= 1

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            wakes = self._wakes
            try:
                started = await self._dispatch()
            except Exception:
                log.exception("outbox sender: could not read the outbox")
                started = 0
            if started:
                continue
            # Idle only if nothing was queued while the outbox was being read.
            if not self._in_flight and not self._held and wakes == self._wakes:
                self._idle.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._next_wait())

    def _next_wait(self) -> float:
        now = time.monotonic()
        soonest = [at - now for at in self._retry_at.values()]
        soonest += [last + self._chat_interval - now for last in self._last_sent.values()]
        return max(0.01, min([self._poll_interval, *soonest]))

    def _waiting_chats(self, now: float) -> set[Address]:
        """Chats that cannot take a message yet: one sent less than ``chat_interval`` ago, or
        one waiting to be tried again. The others are forgotten."""
        interval = self._chat_interval
        self._last_sent = {chat: at for chat, at in self._last_sent.items() if now - at < interval}
        self._retry_at = {chat: at for chat, at in self._retry_at.items() if at > now}
        return set(self._last_sent) | set(self._retry_at)

    async def _dispatch(self) -> int:
        """Start sends for due items that may go now; return how many were started."""
        if self._replies_first is not None:
            await self._replies_first(REPLIES_FIRST)
        now = time.monotonic()
        # Chats that cannot take a message yet (one in flight, one sent less than chat_interval
        # ago, one waiting to be retried) are left out of the query rather than read and
        # skipped: during a burst most of the queue waits for its chat.
        skipped = self._waiting_chats(now) | self._busy_chats
        free = self._concurrency - len(self._in_flight)
        due = await self._deliveries.due(Channel.TELEGRAM, free, skipped) if free > 0 else []
        started = 0
        for item in due:
            if self._stopping:
                break
            await self._slots.acquire()
            if self._stopping:
                self._slots.release()
                break
            self._busy_chats.add(item.address)
            self._in_flight[item.id] = asyncio.create_task(self._send(item))
            started += 1
        self._held = 0
        if self._idle_waiters and not (started or self._in_flight) and skipped:
            # Not idle while a chat left out still has something due (asked only when someone
            # waits for idle: during a burst nothing starts on most looks).
            next_due = await self._deliveries.next_due()
            self._held = int(next_due is not None and next_due <= self._deliveries.now())
        return started

    async def _send(self, item: OutboxItem) -> None:
        try:
            with background():
                await self._deliver(item)
        finally:
            # Measured from the end of this send: it reached Telegram before it ended, so the
            # next one to this chat arrives at least chat_interval later, whatever the jitter.
            self._last_sent[item.address] = time.monotonic()
            self._busy_chats.discard(item.address)
            self._in_flight.pop(item.id, None)
            self._slots.release()
            self._wake.set()

    async def _deliver(self, item: OutboxItem) -> None:
        group = [item]
        try:
            group = list(await self._deliveries.group_of(item))
            outgoing = self._render(group)
            message_id = await self._transmit(item, outgoing)
        except Forbidden:
            log.info("outbox %s: chat %s blocked the bot", item.id, "***")
            await self._deliveries.blocked(group)
        except RetryAfter as exc:
            await self._deliveries.attempt_failed(item, "flood limit")
            self._retry_at[item.address] = time.monotonic() + retry_seconds(exc)
        except BadRequest as exc:
            await self._deliveries.failed_for_good(group, exc.message)
        except (NetworkError, TelegramError) as exc:
            attempts = await self._deliveries.attempt_failed(item, type(exc).__name__)
            self._retry_at[item.address] = time.monotonic() + backoff(attempts, self._retry_base)
        except Exception:
            log.exception("outbox %s (%s): unexpected error", item.id, item.kind)
            attempts = await self._deliveries.attempt_failed(item, "unexpected error")
            self._retry_at[item.address] = time.monotonic() + backoff(attempts, self._retry_base)
        else:
            await self._deliveries.delivered(group, message_id)

    async def _transmit(self, item: OutboxItem, outgoing: Outgoing) -> int | None:
        if isinstance(outgoing, MenuOut):
            scope = BotCommandScopeChat(chat_of(item.address))
            if outgoing.commands:
                await self._bot.set_my_commands(commands(outgoing.commands), scope=scope)
            else:
                await self._bot.delete_my_commands(scope=scope)
            return None
        silent = await self._deliveries.silent(item)
        if isinstance(outgoing, MessageOut):
            return await transmit(self._bot, chat_of(item.address), outgoing, silent=silent)
        message_id = None
        for number in range(item.parts_sent, len(outgoing.messages)):
            if number > item.parts_sent:
                await asyncio.sleep(self._chat_interval)  # pacing: the chat's own limit
            part = outgoing.messages[number]
            message_id = await transmit(self._bot, chat_of(item.address), part, silent=silent)
            await self._deliveries.part_sent(item, number + 1)
        return message_id
