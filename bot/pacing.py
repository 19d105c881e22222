"""Telegram's flood limits, with replies first.

Telegram allows about 30 messages a second per bot and one a second per chat (TELEGRAM.md). PTB's
``AIORateLimiter`` paces every request in one queue, so a member's reply waits behind the
outbox's relays and reminders, and a button's ``answerCallbackQuery`` spends a message's share
of the budget. This limiter paces only what Telegram counts, keeps part of each second's budget
for replies to people whenever one waits, and lets the outbox (marked with ``background()``) use
all the rest: capacity no reply is using is never left idle.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import math
from collections import deque
from collections.abc import Callable, Coroutine, Iterator
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.core.kernel.keyed_locks import KeyedLocks

log = logging.getLogger(__name__)

Result = bool | dict[str, Any] | list[dict[str, Any]]

# Methods that put a message in a chat: the ones Telegram's limits count (TELEGRAM.md). Edits,
# answers to button presses and settings are not paced; a 429 on them is still waited out.
SENDS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendLocation",
        "sendContact",
        "sendSticker",
        "sendMediaGroup",
        "sendVoice",
        "sendAudio",
        "sendVideo",
        "copyMessage",
        "forwardMessage",
    }
)

# Past this many chats, those whose pause is over are forgotten.
_CHATS_REMEMBERED = 4096

_background: contextvars.ContextVar[bool] = contextvars.ContextVar("background", default=False)


@contextlib.contextmanager
def background() -> Iterator[None]:
    """Requests made inside are not answers to anyone waiting: they go after replies."""
    token = _background.set(True)
    try:
        yield
    finally:
        _background.reset(token)


class PriorityRateLimiter(BaseRateLimiter[int]):
    """At most ``per_second`` messages in any ``window``. Replies go first, always; background
    sends go one every ``1 / per_second`` seconds (no burst, at start or after a pause) whenever
    no reply waits, so a reply waits behind at most the one background send already in flight,
    and a wave of scheduled messages runs at the whole budget. Sends to one chat are
    ``chat_interval`` apart (three times that for groups), counted
    from the end of the previous one so that network jitter cannot bring them closer.

    A 429 pauses every paced request for the time Telegram asks, and the request is tried again
    up to ``max_retries`` times (``rate_limit_args`` overrides that per call).
    """

    def __init__(
        self,
        *,
        per_second: float,
        chat_interval: float,
        window: float = 1.0,
        max_retries: int = 3,
    ) -> None:
        self._window = window
        # 29.5 a second: 30 in any second at most (Telegram's limit), one every 33.9 ms.
        self._capacity = max(1, math.floor(per_second * window + 0.5))
        self._spacing = 1 / per_second
        self._chat_interval = chat_interval
        self._max_retries = max_retries
        self._sent: deque[float] = deque()  # monotonic dispatch times within the window
        self._next_background = 0.0  # when the next background send may go
        self._paused_until = 0.0
        self._replies: deque[object] = deque()  # tickets, first come first served
        self._others: deque[object] = deque()
        self._turn = asyncio.Condition()
        self._chats = KeyedLocks()  # one send at a time per chat, in the order they came
        self._chat_free: dict[int, float] = {}  # chat -> when the next send may go

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        retries = self._max_retries if rate_limit_args is None else rate_limit_args
        paced = endpoint in SENDS
        chat = _chat_of(data) if paced else None
        reply = not _background.get()
        for attempt in range(retries + 1):
            try:
                if chat is None:
                    if paced:
                        await self._admit(reply=reply)
                    return await callback(*args, **kwargs)
                async with self._chats.hold(chat):
                    await self._wait_for_chat(chat)
                    await self._admit(reply=reply)
                    try:
                        return await callback(*args, **kwargs)
                    finally:
                        self._sent_to(chat)
            except RetryAfter as exc:
                if attempt == retries:
                    raise
                await self._pause(exc)
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _admit(self, *, reply: bool) -> None:
        """Wait for this request's turn in the overall budget, and take it."""
        queue = self._replies if reply else self._others
        ticket = object()
        async with self._turn:
            queue.append(ticket)
            try:
                while (wait := self._wait(ticket, reply=reply)) > 0:
                    timeout = None if wait == float("inf") else wait
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._turn.wait(), timeout)
                now = _now()
                self._sent.append(now)
                if not reply:
                    # From when it really went: a late wake-up never brings two closer (a grid
                    # that caught up let the simulator count 31 in a second: 429s).
                    self._next_background = now + self._spacing
            finally:
                queue.remove(ticket)
                self._turn.notify_all()

    def _wait(self, ticket: object, *, reply: bool) -> float:
        """Seconds until ``ticket`` may go (infinity: until someone else moves), or 0."""
        now = _now()
        while self._sent and self._sent[0] <= now - self._window:
            self._sent.popleft()
        if self._paused_until > now:
            return self._paused_until - now
        queue = self._replies if reply else self._others
        if queue[0] is not ticket or (not reply and self._replies):
            return float("inf")
        capacity = self._capacity
        waits = [0.0]
        if len(self._sent) >= capacity:
            waits.append(self._sent[len(self._sent) - capacity] + self._window - now)
        if not reply:
            waits.append(self._next_background - now)
        wait = max(waits)
        # Float rounding can leave a wait of a femtosecond that no clock ever passes.
        return wait if wait > 1e-6 else 0.0

    def _sent_to(self, chat: int) -> None:
        now = _now()
        self._chat_free[chat] = now + self._chat_interval * (3 if chat < 0 else 1)
        if len(self._chat_free) > _CHATS_REMEMBERED:
            self._chat_free = {key: at for key, at in self._chat_free.items() if at > now}

    async def _wait_for_chat(self, chat: int) -> None:
        free = self._chat_free.pop(chat, 0.0)
        delay = free - _now()
        if delay > 0:
            await asyncio.sleep(delay)  # pacing: the chat's own limit

    async def _pause(self, exc: RetryAfter) -> None:
        seconds = retry_seconds(exc)
        log.info("Telegram asked to wait %.1f s", seconds)
        async with self._turn:
            self._paused_until = max(self._paused_until, _now() + seconds + 0.1)
            self._turn.notify_all()
        await asyncio.sleep(seconds + 0.1)  # Telegram's own instruction


def _now() -> float:
    # The loop's clock (time.monotonic in production): the same one asyncio's waits use, so a
    # test can run the limiter on virtual time.
    return asyncio.get_running_loop().time()


def retry_seconds(exc: RetryAfter) -> float:
    """How long Telegram asked us to wait."""
    pause = exc.retry_after  # a timedelta: PTB_TIMEDELTA is set in bot/__init__.py
    return pause.total_seconds() if isinstance(pause, timedelta) else float(pause)


def _chat_of(data: dict[str, Any]) -> int | None:
    try:
        return int(data["chat_id"])
    except (KeyError, TypeError, ValueError):
        return None  # a channel's @name: no chat limit of ours applies
