"""Start-up: from spawning the process to its first getUpdates, for the bot (`python -m bot`,
polling the simulator) and, in the same run, a bare PTB ``Application`` doing nothing else.

    .venv/bin/python bench/start.py [rounds]

Prints the median and the range of each, and their ratio. Goal: the bot at most 1.3x the bare
application (issue 19). Rounds alternate, so a noisy moment on this shared machine hits both.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bot.sandbox.server import BotApiSimulator

ROOT = Path(__file__).resolve().parent.parent
BARE = """
import sys
from telegram.ext import Application, MessageHandler, filters

async def echo(update, context):
    await update.message.reply_text(update.message.text)

app = Application.builder().token(sys.argv[1]).base_url(sys.argv[2]).build()
app.add_handler(MessageHandler(filters.TEXT, echo))
app.run_polling(poll_interval=0.0, timeout=1)
"""


async def first_poll(sim: BotApiSimulator, command: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning ``command`` to the simulator's first getUpdates from it."""
    seen = sim.polls_started
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        *command,
        env=env,
        cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        await sim.wait_for(lambda: sim.polls_started > seen, timeout=60)
        return time.perf_counter() - started
    finally:
        process.terminate()
        await process.wait()


async def main(rounds: int) -> None:
    sim = BotApiSimulator()
    await sim.start()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LIENLAC_")}
    ours: list[float] = []
    bare: list[float] = []
    with tempfile.TemporaryDirectory(prefix="lienlac-start-") as folder:
        script = Path(folder) / "bare.py"
        script.write_text(BARE)
        env = {
            **clean,
            "PYTHONPATH": str(ROOT),
            "LIENLAC_BOT_TOKEN": sim.token,
            "LIENLAC_API_BASE_URL": sim.base_url,
            "LIENLAC_DATABASE": str(Path(folder) / "bot.sqlite3"),
        }
        # One start first, so both find the file system's caches warm.
        await first_poll(sim, [sys.executable, "-m", "bot"], env)
        for _ in range(rounds):
            ours.append(await first_poll(sim, [sys.executable, "-m", "bot"], env))
            bare.append(
                await first_poll(sim, [sys.executable, str(script), sim.token, sim.base_url], env)
            )
    await sim.stop()
    for name, times in (("start", ours), ("peer", bare)):
        print(
            f"{name}: {statistics.median(times) * 1000:.0f} ms median to the first getUpdates"
            f" ({min(times) * 1000:.0f}-{max(times) * 1000:.0f} ms, {len(times)} starts)"
        )
    print(f"ratio: {statistics.median(ours) / statistics.median(bare):.2f}x the bare application")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 7))
