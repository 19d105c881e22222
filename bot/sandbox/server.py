"""A local Telegram Bot API server for tests and the demo.

It speaks the part of the Bot API this bot uses, with the real JSON shapes, over HTTP on
127.0.0.1, so the real python-telegram-bot ``Application`` runs against it through ``base_url``.
Scripts act as users (see ``driver.py``); every call the bot makes is recorded. Like Telegram it
answers 429 with ``retry_after`` past the flood limits, 403 for a user who blocked the bot, and
forgets an update only when a later ``getUpdates`` confirms it (TELEGRAM.md, pitfall 4).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.sandbox.telegram.control import UserControl
from bot.sandbox.telegram.limits import LimitsCheck
from bot.sandbox.telegram.records import (
    JSON,
    SEND_METHODS,
    ApiError,
    BotMessage,
    Call,
    Fault,
    Limits,
    SimUser,
    decode_param,
    error_response,
)
from bot.sandbox.telegram.updates import UpdatesApi

__all__ = ["BotApiSimulator", "BotMessage", "Fault", "Limits", "SimUser"]


class BotApiSimulator(UserControl, UpdatesApi, LimitsCheck):
    """The fake Bot API server. ``await start()``, point the bot at ``base_url``, then drive
    users with ``bot.sandbox.driver``."""

    async def start(self, port: int = 0) -> None:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=0.1
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        server: Any = site._server  # aiohttp keeps the bound socket here
        self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        await self._stop_webhook()
        self._new_update.set()  # release a long poll still waiting
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def _handle(self, request: web.Request) -> web.Response:
        if self.down:
            self.refused_while_down += 1
            self._changed()
            if request.transport is not None:
                request.transport.abort()
            return error_response(502, "Bad Gateway")
        if request.match_info["token"] != self.token:
            return error_response(401, "Unauthorized")
        method = request.match_info["method"]
        try:
            params = await self._params(request)
        except ConnectionError:
            # The bot went away mid-request (killed): the request never fully arrived, as on
            # Telegram's side.
            return error_response(400, "Bad Request: request cut short")
        try:
            await self._inject_fault(method, request)
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            if method in SEND_METHODS:
                self._check_limits(params)
            result = await handler(params)
            after = self._after_accept(method)
        except ApiError as exc:
            self.calls.append(Call(method, params, self._clock(), exc.status, exc.description))
            if exc.status == 429:
                self.too_many_requests += 1
            self._changed()
            return error_response(exc.status, exc.description, exc.retry_after)
        self.calls.append(Call(method, params, self._clock(), 200))
        self._changed()
        if after is not None:
            # The message was accepted and stored, but the answer never reaches the bot.
            raise after
        return web.json_response({"ok": True, "result": result})

    async def _params(self, request: web.Request) -> JSON:
        params: JSON = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
            return params
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    data = value.file.read()
                    params[f"attach:{key}"] = (data, value.filename, value.content_type)
                else:
                    params[key] = decode_param(key, str(value))
            return params
        form = await request.post()
        for key, value in form.items():
            params[key] = decode_param(key, str(value))
        return params
