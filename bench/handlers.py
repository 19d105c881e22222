"""Handler latency: a check-in round trip (update in, reply out, through the simulator at
Telegram's real limits) under a burst of members checking in within a minute, and the same burst
for a trivial echo bot on the same stack (python-telegram-bot, our poller and rate limiter, the
same simulator), in the same run. Each bot runs in a process of its own, as on a server, so the
simulator's work (Telegram's, in real life) is not counted as the bot's.

    .venv/bin/python bench/handlers.py [members] [seconds]

Each member presses "✅ Still the same" on a check-in question; the round trip ends when the
bot's answer to that chat is recorded by the simulator (the relay to the secretary goes out
through the outbox afterwards, sharing the same 30-a-second budget). Goal: our p99 under 3x the
echo bot's and under 250 ms.
"""

from __future__ import annotations

import asyncio
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.config import Settings
from bot.handlers.lanes import ChatLanes
from bot.pacing import PriorityRateLimiter
from bot.polling import Poller
from bot.sandbox.process import BotProcess
from bot.sandbox.seed import seed_branch
from bot.sandbox.server import BotApiSimulator, Limits
from bot.storage.db import Database

VN = ZoneInfo("Asia/Ho_Chi_Minh")
REPLIES = ("sendMessage", "editMessageText")
BRANCH_SIZE = 20
ECHO_SCRIPT = str(Path(__file__).resolve())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def burst(
    sim: BotApiSimulator, chats: list[int], seconds: float, push: Callable[[int], object]
) -> list[float]:
    """Push one update per chat, evenly over ``seconds``; return each round trip in ms."""
    pushed: dict[int, float] = {}
    answered: dict[int, float] = {}
    seen = len(sim.calls)

    def collect() -> bool:
        nonlocal seen
        for call in sim.calls[seen:]:
            if call.method in REPLIES and call.status == 200:
                chat = int(call.params.get("chat_id") or 0)
                if chat in pushed and chat not in answered:
                    answered[chat] = call.at
        seen = len(sim.calls)
        return len(answered) == len(chats)

    start = time.monotonic()
    for number, chat in enumerate(chats):
        delay = start + number * seconds / len(chats) - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)  # pacing the load, not synchronisation
        pushed[chat] = time.monotonic()
        push(chat)
        collect()
    await sim.wait_for(collect, timeout=seconds + 120)
    return [(answered[chat] - pushed[chat]) * 1000 for chat in chats]


async def ours(members: int, seconds: float, folder: Path) -> list[float]:
    sim = BotApiSimulator(limits=Limits())
    await sim.start()
    database = folder / "bench.sqlite3"
    now = datetime.now(VN)
    db = Database(database)
    chats: list[int] = []
    for number in range(members // BRANCH_SIZE):
        seeded = await seed_branch(
            db,
            name=f"Chi bộ {number + 1}",
            members=BRANCH_SIZE,
            approved_at=now - timedelta(days=3),
            first_chat_id=100_000 + number * 1_000,
            secretary_chat=90_000 + number,
            sim=sim,
        )
        chats += seeded.member_chats
    try:
        with (folder / "bot.log").open("ab") as log:
            bot = BotProcess(
                sim,
                log=log,
                database=database,
                tick_interval=0,  # no reminders of its own during the burst
                log_level="WARNING",
            )
            await bot.start()
            # A check-in question each member got earlier; pressing its first button is the
            # round trip, and the bot's edit of the question (into "Recorded") ends it.
            keyboard = {"inline_keyboard": [[{"text": "✅", "callback_data": "ck:0:s"}]]}
            question = {chat: sim.sent_before(chat, "📍", keyboard) for chat in chats}
            latencies = await burst(
                sim, chats, seconds, lambda chat: sim.press(chat, question[chat], "ck:0:s")
            )
            await bot.stop()
        stored = await db.fetch_value("SELECT COUNT(*) FROM checkins")
        assert stored == len(chats), f"{stored} check-ins stored of {len(chats)}"
        assert sim.too_many_requests == 0, f"{sim.too_many_requests} answered 429"
    finally:
        await db.close()
        await sim.stop()
    return latencies


async def echo(members: int, seconds: float, folder: Path) -> list[float]:
    sim = BotApiSimulator(limits=Limits())
    await sim.start()
    chats = [200_000 + n for n in range(members)]
    for chat in chats:
        sim.add_user(chat, f"U{chat}")
    try:
        with (folder / "echo.log").open("ab") as log:
            bot = BotProcess(sim, log=log, command=(ECHO_SCRIPT, "--echo"))
            await bot.start()
            latencies = await burst(
                sim, chats, seconds, lambda chat: sim.user_message(chat, sim.text_content("Hi"))
            )
            await bot.stop()
    finally:
        await sim.stop()
    return latencies


def run_echo_bot() -> None:
    """The trivial bot: says back what it is told, on our stack (PTB, our poller, our rate
    limiter with Telegram's limits, chat lanes), until SIGTERM."""
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.token is not None

    async def say_back(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(update.message.text or "")

    app = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .rate_limiter(PriorityRateLimiter(per_second=29.0, chat_interval=1.0))
        .concurrent_updates(ChatLanes())
        .updater(None)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, say_back))

    async def serve() -> None:
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        async with app:
            await app.start()
            poller = Poller(app)
            await poller.start()
            await stop.wait()
            await poller.stop()
            await app.stop()

    asyncio.run(serve())


async def main(members: int, seconds: float) -> None:
    with tempfile.TemporaryDirectory(prefix="lienlac-latency-") as folder:
        our = await ours(members, seconds, Path(folder))
        theirs = await echo(members, seconds, Path(folder))

    def line(name: str, values: list[float]) -> str:
        return (
            f"{name}: p50 {statistics.median(values):.1f} ms, p99 {percentile(values, 0.99):.1f}"
            f" ms, max {max(values):.1f} ms over {len(values)} round trips"
        )

    print(f"{members} members within {seconds:.0f} s, Telegram's limits (30/s, 1/s per chat)")
    print(line("check-in", our))
    print(line("echo", theirs))
    ratio = percentile(our, 0.99) / percentile(theirs, 0.99)
    print(
        f"latency: p50 {statistics.median(our):.0f} ms p99 {percentile(our, 0.99):.0f} ms, "
        f"echo p50 {statistics.median(theirs):.0f} ms p99 {percentile(theirs, 0.99):.0f} ms, "
        f"ratio p99 {ratio:.2f}"
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["--echo"]:
        run_echo_bot()
        raise SystemExit(0)
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    window = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    asyncio.run(main(count, window))
