"""Wiring: the python-telegram-bot ``Application`` with our storage, services, handlers and
sender, and its life cycle."""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
import secrets
import signal
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from telegram import BotCommandScopeAllPrivateChats, BotCommandScopeChat
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.request import HTTPXRequest

from bot import handlers
from bot.channels.telegram.render import commands
from bot.config import Settings
from bot.core.kernel.clock import Clock, SystemClock
from bot.core.kernel.contacts import Address
from bot.core.kernel.flood import FloodGate
from bot.handlers.context import BotData, Ctx
from bot.handlers.lanes import ChatLanes
from bot.pacing import PriorityRateLimiter
from bot.polling import Poller
from bot.reminders.engine import Engine
from bot.reminders.planners import planners_of
from bot.reminders.schedule import schedule_backups, schedule_tick
from bot.reminders.sender import Sender
from bot.services import Services, build_services
from bot.storage.backup import daily_backup
from bot.storage.db import Database
from bot.storage.handled_updates import SqlHandledUpdates
from bot.views.menus import Audience, commands_for
from bot.views.notices import NoticeRenderer

if TYPE_CHECKING:
    from bot.webhook import WebhookServer

log = logging.getLogger(__name__)

LienLacApp = Application[Any, Ctx, Any, Any, BotData, Any]


class Runtime:
    """What lives as long as the application: the database, the services and the sender."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self.db = Database(settings.database)
        self.sender: Sender | None = None
        self.services: Services = build_services(
            settings, self.db, clock, wake_sender=self.wake_sender
        )
        self.engine = Engine(planners_of(self.services), self.wake_sender)

    def wake_sender(self, address: Address | None = None) -> None:
        if self.sender is not None:
            self.sender.wake(address)

    async def start(self, app: LienLacApp) -> None:
        """After the application is initialised: schema, sender, menus."""
        await self.db.connect()
        lanes = app.update_processor
        self.sender = Sender(
            app.bot,
            self.services.deliveries,
            NoticeRenderer(self.settings.zone),
            chat_interval=self.settings.chat_interval,
            retry_base=self.settings.retry_base,
            replies_first=lanes.quiet if isinstance(lanes, ChatLanes) else None,
        )
        self.sender.start()
        await _set_default_menus(app, self.settings)
        if self.settings.tick_interval > 0:
            schedule_tick(app, self.engine, interval=self.settings.tick_interval)
        if self.settings.backup_dir is not None:
            schedule_backups(app, self.daily_backup)

    async def daily_backup(self) -> Path | None:
        """Today's copy into the backup folder, if not made yet (see ``storage.backup``)."""
        folder = self.settings.backup_dir
        if folder is None:
            return None
        now = self.clock.now().astimezone(self.settings.zone)
        made = await daily_backup(self.settings.database, folder, now, self.settings.backup_keep)
        if made is not None:
            log.info("daily backup written to %s", made)
        return made

    async def stop(self, _app: LienLacApp) -> None:
        """Before the bot's connection closes: let the sends in flight finish."""
        if self.sender is not None:
            await self.sender.stop()
            self.sender = None

    async def close(self, _app: LienLacApp) -> None:
        await self.db.close()


def build_application(settings: Settings, *, clock: Clock | None = None) -> LienLacApp:
    """The bot, ready for ``run_polling`` or for ``running`` in tests and the demo."""
    if settings.token is None:
        raise ValueError("LIENLAC_BOT_TOKEN is not set")
    runtime = Runtime(settings, clock or SystemClock())
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_base_file_url)
        .context_types(ContextTypes(context=Ctx, bot_data=BotData))
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.zone))
        .request(bot_request(settings.http_timeout))
        .get_updates_request(bot_request(None))
        .rate_limiter(
            PriorityRateLimiter(
                per_second=settings.send_rate, chat_interval=settings.chat_interval
            )
        )
        .concurrent_updates(ChatLanes())
        .post_init(runtime.start)
        .post_stop(runtime.stop)
        .post_shutdown(runtime.close)
    )
    # PTB's updater confirms updates before they are handled; ours (bot.polling, bot.webhook)
    # confirm them after.
    builder = builder.updater(None)
    app: LienLacApp = builder.build()
    app.bot_data.services = runtime.services
    app.bot_data.runtime = runtime
    app.bot_data.flood = FloodGate(burst=settings.flood_burst, window=settings.flood_window)
    handlers.register(app)
    return app


@functools.cache
def tls_context() -> ssl.SSLContext:
    """httpx's default TLS settings (certifi's CA bundle), loaded once per process: loading the
    bundle costs ~50 ms of CPU, and each application has two HTTP clients."""
    return httpx.create_ssl_context()


def bot_request(timeout: float | None) -> HTTPXRequest:
    """The HTTP client of the bot's calls (``timeout`` for each), or of getUpdates (``None``:
    python-telegram-bot's defaults, to which it adds the long poll's own wait)."""
    if timeout is None:
        return HTTPXRequest(connection_pool_size=1, httpx_kwargs={"verify": tls_context()})
    return HTTPXRequest(
        connection_pool_size=256,  # python-telegram-bot's default for the bot's calls
        read_timeout=timeout,
        write_timeout=timeout,
        connect_timeout=timeout,
        httpx_kwargs={"verify": tls_context()},
    )


def runtime_of(app: LienLacApp) -> Runtime:
    runtime = app.bot_data.runtime
    assert isinstance(runtime, Runtime)
    return runtime


async def _set_default_menus(app: LienLacApp, settings: Settings) -> None:
    """Strangers see /start and /help; operators also see theirs. Members' menus are set per
    chat when their role changes."""
    try:
        await app.bot.set_my_commands(
            commands(commands_for({Audience.STRANGER})), scope=BotCommandScopeAllPrivateChats()
        )
        for chat_id in settings.superadmins:
            await app.bot.set_my_commands(
                commands(commands_for({Audience.OPERATOR})), scope=BotCommandScopeChat(chat_id)
            )
    except TelegramError as error:
        # The menus are a convenience; a bot that cannot set them still works.
        log.warning("could not set command menus: %s", error)


def webhook_secret(settings: Settings) -> str:
    """The secret Telegram must send with every webhook request: the configured one, else a
    fresh one for this run (it is registered with Telegram at start)."""
    if settings.webhook_secret is not None:
        return settings.webhook_secret.get_secret_value()
    return secrets.token_urlsafe(32)


def run_forever(settings: Settings) -> None:
    """Run until stopped by a signal: polling, or webhook mode if a webhook URL is set."""
    asyncio.run(_run_until_signalled(build_application(settings)))


async def _run_until_signalled(app: LienLacApp) -> None:
    """What ``run_polling`` and ``run_webhook`` do, with our poller or webhook server: run
    until SIGINT or SIGTERM, then stop gracefully."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with running(app, poll_timeout=10):
        # What was loaded at start lives as long as the process: the collector's full passes
        # need not walk it again each time (each such pass held a reply up for ~80 ms).
        gc.freeze()
        log.info("running; stop with Ctrl+C or SIGTERM")
        await stop.wait()


@asynccontextmanager
async def running(app: LienLacApp, *, poll_timeout: float = 1.0) -> AsyncIterator[LienLacApp]:
    """Run the bot inside an existing event loop, in the order ``run_polling`` and
    ``run_webhook`` use (TELEGRAM.md, pitfall 3), and stop it gracefully on exit."""
    settings = runtime_of(app).settings
    async with app:
        assert app.post_init is not None
        await app.post_init(app)
        await app.start()
        # Updates go straight to the running application, so they are let in last.
        intake: Poller | WebhookServer
        if settings.webhook_url:
            from bot.webhook import WebhookServer  # aiohttp: webhook mode only

            intake = WebhookServer(
                app,
                url=settings.webhook_url,
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                path=settings.webhook_path,
                secret=webhook_secret(settings),
                handled=SqlHandledUpdates(runtime_of(app).services.db),
                clock=runtime_of(app).clock,
            )
        else:
            intake = Poller(app, timeout=int(poll_timeout) or 1)
        await intake.start()
        try:
            yield app
        finally:
            await intake.stop()
            await app.stop()
            if app.post_stop is not None:
                await app.post_stop(app)
    if app.post_shutdown is not None:
        await app.post_shutdown(app)
