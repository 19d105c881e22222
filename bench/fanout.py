"""Fan-out: one check-in prompt each to 2,000 members, through the simulator enforcing
Telegram's limits (30 messages a second overall, one a second per chat).

    .venv/bin/python bench/fanout.py [members]

Prints messages per second, the number of 429 answers and the wall time. Goal: at least 27
messages a second (90% of Telegram's limit) and no 429.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.kernel.clock import ManualClock
from bot.sandbox.harness import harness
from bot.sandbox.seed import seed_branch
from bot.sandbox.server import Limits
from bot.storage.db import Database

VN = ZoneInfo("Asia/Ho_Chi_Minh")
APPROVED = datetime(2026, 11, 23, 9, 0, tzinfo=VN)


async def fanout(members: int) -> None:
    with tempfile.TemporaryDirectory(prefix="lienlac-fanout-") as folder:
        clock = ManualClock(APPROVED + timedelta(days=14))
        async with harness(
            Path(folder) / "bench.sqlite3",
            clock=clock,
            start=False,
            limits=Limits(),
            send_rate=29.0,
            chat_interval=1.0,
        ) as h:
            db = Database(h.settings.database)
            branches = 10
            for number in range(branches):
                await seed_branch(
                    db,
                    name=f"Chi bộ {number + 1}",
                    members=members // branches,
                    approved_at=APPROVED,
                    first_chat_id=100_000 + number * 10_000,
                    secretary_chat=90_000 + number,
                    sim=h.sim,
                )
            await db.close()
            await h.start_bot()
            started = time.perf_counter()
            await h.runtime.engine.tick()
            await h.sim.wait_for(
                lambda: sum("Báo tình hình" in m.body for m in h.sim.messages) >= members,
                timeout=members / 10,
            )
            wall = time.perf_counter() - started
            sent = sum("Báo tình hình" in m.body for m in h.sim.messages)
            rejected = h.sim.too_many_requests
    print(f"members: {members}, branches: {branches}")
    print(f"fanout: {sent / wall:.1f} msg/s, {rejected} x429, {wall:.1f} s for {sent} messages")


if __name__ == "__main__":
    asyncio.run(fanout(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
