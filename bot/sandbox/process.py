"""The bot as a server runs it: ``python -m bot run`` in a process of its own, talking to a
simulator in this one, so that a test can kill it at any moment (SIGKILL: no cleanup at all)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import bot
from bot.config import ENV_PREFIX
from bot.sandbox.server import BotApiSimulator

PROJECT = Path(bot.__file__).resolve().parent.parent


def environment(sim: BotApiSimulator, **settings: Any) -> dict[str, str]:
    """The process's environment: ours without any ``LIENLAC_`` setting, then the simulator's
    address and ``settings`` (``quiet_hours="..."`` becomes ``LIENLAC_QUIET_HOURS``)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(ENV_PREFIX)}
    values: dict[str, Any] = {"bot_token": sim.token, "api_base_url": sim.base_url, **settings}
    for name, value in values.items():
        env[ENV_PREFIX + name.upper()] = (
            ",".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
        )
    return env


class BotProcess:
    def __init__(
        self,
        sim: BotApiSimulator,
        *,
        log: IO[bytes],
        command: Sequence[str] = ("-m", "bot", "run"),
        **settings: Any,
    ) -> None:
        """``command``: the arguments to Python (another bot on our stack, for comparison)."""
        self._sim = sim
        self._env = environment(sim, **settings)
        self._log = log
        self._command = tuple(command)
        self._process: asyncio.subprocess.Process | None = None

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    async def start(self, timeout: float = 30.0) -> None:
        """Start the bot and wait until it takes updates (it has then set its menus and started
        its sender)."""
        ready = self._ready()
        self._process = await asyncio.create_subprocess_exec(
            sys.executable,
            *self._command,
            cwd=PROJECT,
            env=self._env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
        )
        await self._sim.wait_for(lambda: self._ready() > ready or self._exited(), timeout)
        if self._exited():
            raise RuntimeError(f"the bot exited at start with {self._process.returncode}")

    async def kill(self) -> None:
        """SIGKILL: the process gets no chance to finish or record anything."""
        if self._process is not None and self._process.returncode is None:
            self._process.kill()
            await self._process.wait()
        self._process = None

    async def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM, as systemd sends: a graceful stop. Returns the exit code."""
        if self._process is None:
            return 0
        if self._process.returncode is None:
            self._process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self._process.wait(), timeout)
        self._process = None
        return code

    def _exited(self) -> bool:
        return self._process is not None and self._process.returncode is not None

    def _ready(self) -> int:
        # deleteWebhook is the poller's first call (bot.polling), setWebhook the webhook
        # server's (bot.webhook), after the bot has started everything else.
        return len(self._sim.calls_of("deleteWebhook")) + len(self._sim.calls_of("setWebhook"))
