"""Long polling that confirms an update to Telegram only once it has been handled.

PTB's ``Updater`` confirms each batch of updates with its next ``getUpdates`` call, as soon as
the batch is queued: a crash while a member's answer is being handled loses that answer, and the
state of a half-filled form is saved only every minute. Here an update is confirmed only after
its handler has finished and the forms' state has been saved, so a crash at any point means the
update is delivered again on restart (at least once; the handlers treat a repeated press or answer
as a repeat, see ``core``).

Updates run side by side (``handlers.lanes`` keeps each chat's order). Telegram confirms
everything below an offset, so while one update is slow the poller asks again every
``busy_poll`` seconds without a long wait, starting only the updates it has not seen.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from bot.pacing import retry_seconds

log = logging.getLogger(__name__)

# After a failed getUpdates: 1 s, 2 s, 4 s ... up to 30 s.
_RETRY_MAX = 30.0


class Poller:
    def __init__(
        self,
        app: Application[Any, Any, Any, Any, Any, Any],
        *,
        timeout: int = 10,
        busy_poll: float = 0.05,
    ) -> None:
        self._app = app
        self._timeout = timeout
        self._busy_poll = busy_poll
        self._next = 0  # the update id after the newest one started
        self._confirmed = 0  # Telegram has forgotten every update below this
        self._running: dict[int, asyncio.Task[None]] = {}  # update id -> its handling
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    async def start(self) -> None:
        # Like PTB's updater: polling needs no webhook (and a stale one would refuse getUpdates).
        await self._app.bot.delete_webhook(drop_pending_updates=False)
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="poller")

    async def stop(self) -> None:
        """Stop asking; finish the updates in hand and confirm them."""
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._running:
            await asyncio.gather(*self._running.values(), return_exceptions=True)
            self._running.clear()
        if self._next > self._confirmed:
            with contextlib.suppress(TelegramError):
                await self._app.bot.get_updates(offset=self._next, timeout=0, limit=1)

    async def _run(self) -> None:
        failures = 0
        while not self._stopping:
            self._forget_finished()
            offset = min(self._running) if self._running else self._next
            try:
                # A dialog a handler changed is saved while the update is handled
                # (bot.handlers.dialogs), so it is on disk before Telegram forgets the update.
                updates = await self._app.bot.get_updates(
                    offset=offset,
                    timeout=0 if self._running else self._timeout,
                    allowed_updates=Update.ALL_TYPES,
                )
            except RetryAfter as exc:
                await asyncio.sleep(retry_seconds(exc))  # Telegram's own instruction
                continue
            except (Conflict, InvalidToken, NetworkError, TelegramError) as exc:
                # A revoked token or a second instance polling needs the operator: say so
                # loudly, and keep trying rather than end the task and poll no more, silently.
                failures += 1
                pause = min(_RETRY_MAX, 2.0 ** (failures - 1))
                level = (
                    logging.ERROR if isinstance(exc, Conflict | InvalidToken) else logging.WARNING
                )
                log.log(level, "getUpdates failed (%s); trying again in %.0f s", exc, pause)
                await asyncio.sleep(pause)  # backoff before the next attempt
                continue
            failures = 0
            self._confirmed = max(self._confirmed, offset)
            for update in updates:
                if update.update_id >= self._next:
                    self._next = update.update_id + 1
                    self._running[update.update_id] = asyncio.create_task(self._handle(update))
            if self._running:
                await asyncio.wait(
                    self._running.values(),
                    timeout=self._busy_poll,
                    return_when=asyncio.FIRST_COMPLETED,
                )

    async def _handle(self, update: Update) -> None:
        await handle_update(self._app, update)

    def _forget_finished(self) -> None:
        for update_id in [key for key, task in self._running.items() if task.done()]:
            del self._running[update_id]


async def handle_update(app: Application[Any, Any, Any, Any, Any, Any], update: Update) -> None:
    """Hand ``update`` to the application's handlers, through its update processor (which
    keeps each chat's updates in order, ``handlers.lanes``)."""
    # Ids and kinds only: what people wrote stays out of the logs at every level.
    log.debug("update %s: %s", update.update_id, _kind_of(update))
    try:
        await app.update_processor.process_update(update, app.process_update(update))
    except Exception:
        # process_update hands handler errors to the error handlers; this is anything else.
        log.exception("update %s could not be handled", update.update_id)


def _kind_of(update: Update) -> str:
    """Which part of an update is there (``message``, ``callback_query``, ...)."""
    return next((name for name in _KINDS if getattr(update, name, None) is not None), "other")


_KINDS = ("message", "edited_message", "callback_query", "my_chat_member", "chat_member")
