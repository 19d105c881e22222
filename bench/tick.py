"""Tick: what one reminders tick costs when nothing is due, and when 2,000 prompts fall due.

    .venv/bin/python bench/tick.py [members ...]

For each size (default 1,000, 5,000 and 20,000 members, 50 to a branch) a fresh process seeds
a database: members approved a month ago, each group of a tenth of the branches last heard
from on a different day, so their fortnightly prompts fall due a day apart. One tick catches
up (the month's dues, Monday's digest); then ticks with nothing due are timed, then the tick at
9:00 when the first group's prompts (a tenth of the members) fall due. Every planner runs, as
in the bot. Prints, per size:

    tick: <members> members, <branches> branches: idle <ms> ms cpu, due <n> prompts <ms> ms cpu,
      rss <MB> MB

Goals (issue 19): idle at most 5 ms at 20,000 and at most 2x the 1,000 figure; the tick where
2,000 prompts fall due at most 0.5 s; RSS at 20,000 members at most 150 MB.
"""

from __future__ import annotations

import asyncio
import gc
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import bot.app  # noqa: F401  (loaded as in the bot, so the RSS counts PTB and every handler)
from bot.config import Settings
from bot.core.kernel.clock import ManualClock
from bot.reminders.engine import Engine
from bot.reminders.planners import planners_of
from bot.sandbox.seed import seed_branch
from bot.services import build_services
from bot.storage.db import Database, to_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PER_BRANCH = 50
GROUPS = 10
BASE = datetime(2027, 3, 1, 10, 0, tzinfo=VN)  # the first group's last check-in
QUIET = BASE + timedelta(days=14, hours=-2)  # 08:00 on the day the first group falls due
FIRST_DUE = BASE + timedelta(days=14, hours=-1, seconds=30)  # 09:00:30
IDLE_TICKS = 20


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


async def seed(db: Database, members: int) -> None:
    for number in range(max(1, members // PER_BRANCH)):
        seeded = await seed_branch(
            db,
            name=f"Chi bộ {number + 1:03d}",
            members=PER_BRANCH,
            approved_at=BASE - timedelta(days=30),
            first_chat_id=1_000_000 + number * 1_000,
            secretary_chat=500_000 + number,
        )
        heard = to_db(BASE + timedelta(days=number % GROUPS))
        async with db.transaction():
            await db.execute(
                "INSERT INTO checkins (member_id, at, kind) SELECT id, ?, 'same' FROM members"
                " WHERE branch_id = ? AND role = 'member'",
                (heard, seeded.branch_id),
            )


async def measure(members: int) -> None:
    with tempfile.TemporaryDirectory(prefix="lienlac-tick-") as folder:
        settings = Settings(_env_file=None, database=Path(folder) / "bench.sqlite3")  # type: ignore[call-arg]
        db = Database(settings.database)
        await db.connect()
        await seed(db, members)
        clock = ManualClock(QUIET)
        services = build_services(settings, db, clock, wake_sender=lambda _address: None)
        engine = Engine(planners_of(services), lambda: None)

        cpu = time.process_time()
        await engine.tick()  # the month's dues and Monday's digest: once, then never again
        catch_up = time.process_time() - cpu
        gc.collect()

        idle = []
        for minute in range(1, IDLE_TICKS + 1):
            clock.set(QUIET + timedelta(minutes=minute))
            cpu = time.process_time()
            await engine.tick()
            idle.append((time.process_time() - cpu) * 1000)

        before = await db.fetch_value("SELECT COUNT(*) FROM checkin_prompts")
        clock.set(FIRST_DUE)
        cpu = time.process_time()
        await engine.tick()
        due_ms = (time.process_time() - cpu) * 1000
        prompts = int(await db.fetch_value("SELECT COUNT(*) FROM checkin_prompts")) - before
        branches = await db.fetch_value("SELECT COUNT(*) FROM branches")
        rss = rss_mb()
        await db.close()
    print(f"  catch-up tick {catch_up:.2f} s cpu; idle ticks (ms cpu): {sorted(idle)[:3]}…")
    print(
        f"tick: {members} members, {branches} branches: idle {statistics.median(idle):.1f} ms"
        f" cpu, due {prompts} prompts {due_ms:.0f} ms cpu, rss {rss:.0f} MB",
        flush=True,
    )


def main(sizes: list[int]) -> None:
    if len(sizes) == 1:
        asyncio.run(measure(sizes[0]))
        return
    for size in sizes:  # one process each, so each RSS is its own
        subprocess.run([sys.executable, __file__, str(size)], check=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1_000, 5_000, 20_000])
