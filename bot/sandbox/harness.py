"""The real bot running against the simulator: what the end-to-end tests, the demo and the
benches start."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.app import LienLacApp, Runtime, build_application, running, runtime_of
from bot.config import Settings
from bot.core.kernel.clock import Clock, ManualClock
from bot.sandbox.driver import Person
from bot.sandbox.server import BotApiSimulator, Limits
from bot.services import Services

# Tests run a scaled world: simulated people act a thousand times faster than real ones, so the
# simulator allows 1,000 messages a second overall and 200 per chat, and the bot is configured
# just below that. Flood control is still exercised (any 429 fails a test) without a test waiting
# a second between two replies to one chat. Tests of the limits themselves use Telegram's values.
FAST_LIMITS = Limits(overall_per_second=1000, per_chat_per_second=200)
FAST_SEND_RATE = 900.0
FAST_CHAT_INTERVAL = 1 / 150


@dataclass
class Harness:
    sim: BotApiSimulator
    settings: Settings
    clock: Clock
    app: LienLacApp | None = None
    _stack: list[Any] = field(default_factory=list)
    _people: dict[int, Person] = field(default_factory=dict)

    @property
    def runtime(self) -> Runtime:
        assert self.app is not None, "the bot is not running"
        return runtime_of(self.app)

    @property
    def services(self) -> Services:
        return self.runtime.services

    @property
    def manual_clock(self) -> ManualClock:
        assert isinstance(self.clock, ManualClock)
        return self.clock

    def person(self, user_id: int, first_name: str = "", last_name: str = "", **kw: Any) -> Person:
        """The simulated person with this id (the same object each time, so what they have
        read is remembered)."""
        if user_id not in self._people:
            self._people[user_id] = Person(
                self.sim, user_id, first_name or str(user_id), last_name, **kw
            )
        return self._people[user_id]

    async def start_bot(self) -> None:
        assert self.app is None
        app = build_application(self.settings, clock=self.clock)
        context = running(app)
        await context.__aenter__()
        self.app = app
        self._stack.append(context)

    async def stop_bot(self) -> None:
        """A graceful stop, as on SIGTERM: updates in hand are finished, sends in flight
        recorded."""
        if self.app is None:
            return
        context = self._stack.pop()
        self.app = None
        await context.__aexit__(None, None, None)

    async def restart(self) -> None:
        await self.stop_bot()
        await self.start_bot()

    async def tick(self, timeout: float = 10.0) -> dict[str, object]:
        """Run the reminders' tick at the clock's time, as the scheduler would, and wait until
        what it queued is sent."""
        reports = await self.runtime.engine.tick()
        await self.settle(timeout)
        return reports

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait until every update sent so far is processed and the outbox has nothing due."""
        assert self.app is not None
        await self.sim.wait_for(self.sim.all_confirmed, timeout)
        await asyncio.wait_for(self.app.update_queue.join(), timeout)
        sender = self.runtime.sender
        if sender is not None:
            await sender.idle(timeout)


def settings_for(
    sim: BotApiSimulator, database: Path, *, superadmins: Sequence[int] = (), **overrides: Any
) -> Settings:
    """Settings for a bot talking to ``sim``, ignoring the environment and any ``.env``."""
    values: dict[str, Any] = {
        "bot_token": sim.token,
        "api_base_url": sim.base_url,
        "database": database,
        "superadmins": list(superadmins),
        "send_rate": FAST_SEND_RATE,
        "chat_interval": FAST_CHAT_INTERVAL,
        "tick_interval": 0,  # the test moves the clock and ticks itself
        "flood_burst": 10_000,  # scripted people type a thousand times faster than real ones
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@asynccontextmanager
async def harness(
    database: Path,
    *,
    clock: Clock,
    superadmins: Sequence[int] = (),
    limits: Limits | None = None,
    start: bool = True,
    webhook: bool = False,
    **settings: Any,
) -> AsyncIterator[Harness]:
    """The simulator and the bot. ``webhook=True`` runs the bot in webhook mode, the simulator
    posting updates to it as Telegram would."""
    sim = BotApiSimulator(limits=limits or FAST_LIMITS)
    await sim.start()
    if webhook:
        port = free_port()
        settings.setdefault("webhook_url", f"http://127.0.0.1:{port}/telegram")
        settings.setdefault("webhook_port", port)
        settings.setdefault("webhook_secret", "s3cret-for-the-simulator-only")
    h = Harness(sim, settings_for(sim, database, superadmins=superadmins, **settings), clock)
    try:
        if start:
            await h.start_bot()
        yield h
    finally:
        await h.stop_bot()
        await sim.stop()
