"""Webhook mode that answers Telegram only once an update has been handled.

PTB's webhook server answers 200 as soon as an update is queued, so a crash while it is being
handled loses it. Here the answer waits until the handler has finished and the forms' state is
saved. Telegram sends an update again until it gets a 2xx, so a crash means a repeat (the
handlers treat a repeated press or answer as a repeat, see ``core``), never a loss; the same
promise ``bot.polling`` keeps in polling mode.

Only requests carrying the secret registered with ``setWebhook`` are accepted (403 otherwise);
a body that is not an update gets 400 and a log line. An update that arrives again while its
first delivery is still being handled, or at any time after (the handled ones are kept in the
database, so a restart does not forget them), is answered without being handled twice.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.core.kernel.clock import Clock
from bot.polling import handle_update
from bot.storage.handled_updates import SqlHandledUpdates

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CHANNEL = "telegram"


class WebhookServer:
    def __init__(
        self,
        app: Application[Any, Any, Any, Any, Any, Any],
        *,
        url: str,
        listen: str,
        port: int,
        path: str,
        secret: str,
        handled: SqlHandledUpdates,
        clock: Clock,
    ) -> None:
        self._app = app
        self._url = url
        self._listen = listen
        self._port = port
        self._path = "/" + path.lstrip("/")
        self._secret = secret.encode()
        self._running: dict[int, asyncio.Task[None]] = {}
        self._handled = handled
        self._clock = clock
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Listen, then tell Telegram where to post (updates it holds come then)."""
        server = web.Application(client_max_size=1 << 20)
        server.router.add_post(self._path, self._receive)
        self._runner = web.AppRunner(server, access_log=None, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._listen, self._port).start()
        await self._app.bot.set_webhook(
            self._url,
            secret_token=self._secret.decode(),
            allowed_updates=Update.ALL_TYPES,
            drop_pending_updates=False,
        )
        log.info("webhook listening on %s:%s%s", self._listen, self._port, self._path)

    async def stop(self) -> None:
        """Stop listening; the updates in hand are finished and answered first. The webhook
        stays registered, so Telegram keeps what arrives meanwhile until the next start."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._running:
            await asyncio.gather(*self._running.values(), return_exceptions=True)

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            return web.Response(status=403)
        update = self._parse(await request.read())
        if update is None:
            return web.Response(status=400)
        update_id = update.update_id
        if await self._handled.seen(CHANNEL, update_id):
            return web.Response()
        task = self._running.get(update_id)
        if task is None:
            task = asyncio.create_task(self._handle(update))
            self._running[update_id] = task
        # Shielded: if Telegram gives up waiting, the handling still finishes.
        await asyncio.shield(task)
        return web.Response()

    def _parse(self, body: bytes) -> Update | None:
        """The update in ``body``, or ``None`` (logged) for anything else: not JSON, not an
        object, fields of the wrong shape, nesting too deep to read."""
        try:
            data = json.loads(body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise TypeError(type(data).__name__)
            update = Update.de_json(data, self._app.bot)
            if update is None:
                raise TypeError("empty")
        except Exception as error:  # any shape PTB cannot read is the sender's fault: a 400
            log.warning("webhook: a request that is not an update (%s)", type(error).__name__)
            return None
        return update

    async def _handle(self, update: Update) -> None:
        try:
            # The dialog a handler changed is saved while the update is handled
            # (bot.handlers.dialogs), before Telegram is answered and forgets the update.
            await handle_update(self._app, update)
            await self._handled.record(CHANNEL, update.update_id, self._clock.now())
        finally:
            del self._running[update.update_id]
