"""The real bot running against the simulator: what the end-to-end tests, the demo and the
benches start."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.app import LienLacApp, Runtime, build_application, running, runtime_of
from bot.config import Settings
from bot.core.clock import Clock, ManualClock
from bot.sandbox.driver import Person
from bot.sandbox.server import BotApiSimulator, Limits
from bot.services import Services

# Tests run a scaled world: the simulator allows 1,000 messages a second and 50 per chat, and
# the bot is configured to stay below that, so flood control is still exercised (any 429 fails
# the test) without a test waiting a second between two replies to one chat.
FAST_LIMITS = Limits(overall_per_second=1000, per_chat_per_second=50)
FAST_SEND_RATE = 900.0
FAST_CHAT_INTERVAL = 1 / 40


@dataclass
class Harness:
    sim: BotApiSimulator
    settings: Settings
    clock: Clock
    app: LienLacApp | None = None
    _stack: list[Any] = field(default_factory=list)

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

    def person(self, user_id: int, first_name: str, last_name: str = "", **kw: Any) -> Person:
        return Person(self.sim, user_id, first_name, last_name, **kw)

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
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@asynccontextmanager
async def harness(
    database: Path,
    *,
    clock: Clock,
    superadmins: Sequence[int] = (),
    limits: Limits | None = None,
    start: bool = True,
    **settings: Any,
) -> AsyncIterator[Harness]:
    sim = BotApiSimulator(limits=limits or FAST_LIMITS)
    await sim.start()
    h = Harness(sim, settings_for(sim, database, superadmins=superadmins, **settings), clock)
    try:
        if start:
            await h.start_bot()
        yield h
    finally:
        await h.stop_bot()
        await sim.stop()
