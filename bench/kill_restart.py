"""Kill the bot (SIGKILL) at random moments and restart it, many times, and count what was lost
or sent twice (see ``bot/sandbox/kill_restart.py`` for one run).

    .venv/bin/python bench/kill_restart.py [runs] [seed] [--webhook]

``--webhook``: the bot takes its updates by webhook instead of polling. Each run: 40 members
due a check-in prompt, each answering it; two kills at random moments, then a restart that
finishes the work. The last line reads
``kill-restart: R runs, K kills (M mid-work), N messages, L lost, D duplicated; ...``.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

from bot.sandbox.kill_restart import many_runs


async def main(runs: int, seed: int, webhook: bool) -> None:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="lienlac-kill-") as folder:
        tally = await many_runs(Path(folder), runs, seed=seed, webhook=webhook)
    mode = "webhook" if webhook else "polling"
    print(f"{runs} runs in {time.monotonic() - started:.0f} s (seed {seed}, {mode})")
    print(tally.line())


if __name__ == "__main__":
    webhook = "--webhook" in sys.argv
    numbers = [arg for arg in sys.argv[1:] if arg != "--webhook"]
    count = int(numbers[0]) if numbers else 50
    chosen = int(numbers[1]) if len(numbers) > 1 else 7
    asyncio.run(main(count, chosen, webhook))
