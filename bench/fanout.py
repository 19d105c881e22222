"""Fan-out: one check-in prompt each to N members, through the simulator enforcing Telegram's
limits (30 messages a second overall, one a second per chat), and in the same run its peer: a
plain PTB ``Application`` with the stock ``AIORateLimiter`` tuned to 1 per 1/29.5 s, awaiting
each send to the same N chats through a simulator with the same limits.

    .venv/bin/python bench/fanout.py [members ...]

For each size prints ``fanout: X msg/s, N x429 ...`` and ``peer: Y msg/s, N x429 ...``, rates
measured from the first message to the last. Then, with 2,000 members, how fast members'
answers are answered: idle, and while the wave is in flight (p50 and p99 of the time from a
button press to the edited question). Goals (issue 19): ours at least 29.0 msg/s and at least
the peer's, 0 x429; p99 during the wave at most 2x the idle p99.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from telegram.ext import AIORateLimiter, Application

from bot.core.kernel.clock import ManualClock
from bot.sandbox.harness import Harness, harness
from bot.sandbox.seed import SeededBranch, seed_branch
from bot.sandbox.server import BotApiSimulator, Limits
from bot.storage.db import Database

VN = ZoneInfo("Asia/Ho_Chi_Minh")
APPROVED = datetime(2026, 11, 23, 9, 0, tzinfo=VN)
PROMPT = "Báo tình hình"
SAME = "✅ Vẫn như cũ"
BRANCHES = 10
FIRST_CHAT = 100_000


def rate(times: list[float]) -> float:
    return (len(times) - 1) / (max(times) - min(times)) if len(times) > 1 else 0.0


async def seeded(h: Harness, members: int) -> list[SeededBranch]:
    db = Database(h.settings.database)
    branches = [
        await seed_branch(
            db,
            name=f"Chi bộ {number + 1}",
            members=members // BRANCHES,
            approved_at=APPROVED,
            first_chat_id=FIRST_CHAT + number * 10_000,
            secretary_chat=90_000 + number,
            sim=h.sim,
        )
        for number in range(BRANCHES)
    ]
    await db.close()
    return branches


def prompts(sim: BotApiSimulator) -> list[float]:
    return [m.sent_at for m in sim.messages if PROMPT in m.body]


async def answer_latencies(h: Harness, chats: list[int]) -> list[float]:
    """Each chat presses «still the same» on its prompt, one after another; seconds from the
    press to the question edited with the thanks."""
    found = []
    for chat in chats:
        person = h.person(chat)
        question = await person.find(PROMPT, timeout=120)
        started = time.perf_counter()
        await person.press(SAME, message=question)
        await person.expect_edit("Đã ghi nhận", timeout=60)
        found.append(time.perf_counter() - started)
    return found


@asynccontextmanager
async def paced() -> AsyncIterator[Harness]:
    """The bot, stopped, on a fresh database, with Telegram's limits on both sides."""
    with tempfile.TemporaryDirectory(prefix="lienlac-fanout-") as folder:
        async with harness(
            Path(folder) / "bench.sqlite3",
            clock=ManualClock(APPROVED + timedelta(days=14)),
            start=False,
            limits=Limits(),
            send_rate=29.5,
            chat_interval=1.0,
        ) as h:
            yield h


async def ours(members: int, *, answering: int = 0) -> tuple[list[float], int, list[float]]:
    async with paced() as h:
        branches = await seeded(h, members)
        await h.start_bot()
        await h.runtime.engine.tick()
        latencies: list[float] = []
        if answering:
            # The members at the end of the queue answer as soon as their prompt comes;
            # those at the front answer while the rest of the wave is still going out.
            chats = [c for b in branches for c in b.member_chats[:2]][:answering]
            latencies = await answer_latencies(h, chats)
        await h.sim.wait_for(lambda: len(prompts(h.sim)) >= members, timeout=members)
        return prompts(h.sim), h.sim.too_many_requests, latencies


async def idle_latencies(count: int) -> list[float]:
    """The same answers with nothing else going out: each member's prompt sent first."""
    async with paced() as h:
        branches = await seeded(h, count)
        await h.start_bot()
        await h.runtime.engine.tick()
        await h.sim.wait_for(lambda: len(prompts(h.sim)) >= count, timeout=count)
        await h.settle()
        chats = [c for b in branches for c in b.member_chats]
        return await answer_latencies(h, chats[:count])


async def peer(members: int) -> tuple[list[float], int]:
    sim = BotApiSimulator(limits=Limits())
    await sim.start()
    chats = [FIRST_CHAT + n for n in range(members)]
    for chat in chats:
        sim.add_user(chat, "Đảng viên")
    app = (
        Application.builder()
        .token(sim.token)
        .base_url(sim.base_url)
        .rate_limiter(AIORateLimiter(overall_max_rate=1, overall_time_period=1 / 29.5))
        .build()
    )
    async with app:
        for chat in chats:
            await app.bot.send_message(chat, f"{PROMPT}: đồng chí vẫn làm ở chỗ cũ chứ?")
    times, rejected = prompts(sim), sim.too_many_requests
    await sim.stop()
    return times, rejected


def line(name: str, times: list[float], rejected: int) -> str:
    wall = max(times) - min(times) if times else 0.0
    return (
        f"{name}: {rate(times):.1f} msg/s, {rejected} x429, {wall:.1f} s for {len(times)} messages"
    )


def percentiles(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return (
        f"{name}: p50 {statistics.median(ordered) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms"
        f" ({len(ordered)} answers)"
    )


async def main(sizes: list[int]) -> None:
    for members in sizes:
        print(f"members: {members}, branches: {BRANCHES}")
        times, rejected, _ = await ours(members)
        print(line("fanout", times, rejected))
        peer_times, peer_rejected = await peer(members)
        print(line("peer", peer_times, peer_rejected))
    idle = await idle_latencies(20)
    times, rejected, busy = await ours(2000, answering=20)
    print(percentiles("answers idle", idle))
    print(percentiles("answers during a 2,000-prompt wave", busy))
    print(line("fanout with answers", times, rejected))


if __name__ == "__main__":
    asyncio.run(main([int(arg) for arg in sys.argv[1:]] or [2000]))
