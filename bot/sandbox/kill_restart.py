"""Kill the bot at random moments and restart it, and count what was lost or doubled.

One run: a branch whose members are all due a check-in prompt; the bot (a real ``python -m bot
run`` process) sends the prompts, each member presses «Still the same» as soon as theirs arrives,
and every check-in is relayed to the secretary. Meanwhile the process is killed with SIGKILL at
random moments (while starting, sending, or handling answers) and started again on the same
database. At the end every member must have exactly one prompt and one stored check-in, and the
secretary one relay per member.

The outbox delivers at least once: a message Telegram accepted just before the kill, but which
the dead process never marked as sent, goes again after the restart. Those are the duplicates
counted here; at most one per message in flight, so at most ``Sender``'s concurrency per kill,
except that a list of routine relays sent again counts once for each member it names.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.sandbox.driver import Person
from bot.sandbox.harness import free_port
from bot.sandbox.process import BotProcess
from bot.sandbox.seed import seed_branch
from bot.sandbox.server import BotApiSimulator, BotMessage, Limits
from bot.storage.db import Database

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
PROMPT_HEADING = "📍 Báo tình hình\n"  # a check-in prompt's first line
SAME = "✅ Vẫn như cũ"
FIRST_MEMBER = 10_000
SECRETARY = 9_999


@dataclass
class Tally:
    runs: int = 0
    kills: int = 0
    kills_mid_work: int = 0  # kills while some prompt or relay was still to be sent
    messages: int = 0  # prompts and relays that had to arrive
    lost: int = 0
    duplicated: int = 0
    answers: int = 0  # members' presses that had to be stored as check-ins
    answers_lost: int = 0
    answers_doubled: int = 0
    errors: int = 0  # errors the bot logged (a kill itself leaves no trace in the log)

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self) -> str:
        return (
            f"kill-restart: {self.runs} runs, {self.kills} kills ({self.kills_mid_work} mid-work),"
            f" {self.messages} messages,"
            f" {self.lost} lost, {self.duplicated} duplicated; {self.answers} answers,"
            f" {self.answers_lost} lost, {self.answers_doubled} doubled; {self.errors} errors"
            " logged"
        )


def quiet_hours_away_from(now: datetime) -> str:
    """A one-minute quiet window twelve hours from now, so that prompts may go at once."""
    start = (now + timedelta(hours=12)).astimezone(ZONE)
    end = start + timedelta(minutes=1)
    return f"{start:%H:%M}-{end:%H:%M}"


async def one_run(
    folder: Path, rng: random.Random, *, members: int = 40, kills: int = 2, webhook: bool = False
) -> Tally:
    """One run; ``webhook``: the bot takes its updates by webhook instead of polling."""
    now = datetime.now(ZONE)
    sim = BotApiSimulator(limits=Limits(overall_per_second=60, per_chat_per_second=20))
    await sim.start()
    database = folder / "bot.sqlite3"
    db = Database(database)
    seeded = await seed_branch(
        db,
        name="Chi bộ ấp 1",
        members=members,
        approved_at=now - timedelta(days=15),
        first_chat_id=FIRST_MEMBER,
        secretary_chat=SECRETARY,
        sim=sim,
    )
    people = [Person(sim, chat, f"Đảng viên {chat}") for chat in seeded.member_chats]
    answering = asyncio.create_task(_answer_prompts(sim, people))
    mid_work = 0
    stopped_badly = False
    with (folder / "bot.log").open("ab") as log:
        bot = BotProcess(
            sim,
            log=log,
            database=database,
            quiet_hours=quiet_hours_away_from(now),
            tick_interval=1,
            send_rate=40,
            chat_interval=0.05,
            log_level="WARNING",
            **(webhook_settings() if webhook else {}),
        )
        try:
            for _ in range(kills):
                await bot.start()
                # Anywhere from the first tick to well after the last answer.
                await asyncio.sleep(rng.uniform(0.0, 3.0))  # the random kill point
                await bot.kill()
                prompts, relays = _delivered(sim, seeded.member_chats)
                mid_work += min(*prompts.values(), *relays.values()) == 0
            await bot.start()
            await _until_done(sim, seeded.member_chats, timeout=60)
            stopped_badly = await bot.stop() != 0  # SIGTERM after the kills: a clean exit
        finally:
            await bot.kill()
            answering.cancel()
            tally = await _count(sim, db, seeded.member_chats, kills)
            tally.kills_mid_work = mid_work
            tally.errors = _errors_in(folder / "bot.log") + stopped_badly
            await db.close()
            await sim.stop()
    return tally


async def _answer_prompts(sim: BotApiSimulator, people: list[Person]) -> None:
    """Each member presses «Still the same» once, on the first prompt they see."""
    pressed: set[int] = set()

    def new_prompts() -> list[tuple[Person, BotMessage]]:
        found = []
        for person in people:
            if person.id in pressed:
                continue
            for message in person.messages():
                if message.body.startswith(PROMPT_HEADING) and message.buttons():
                    found.append((person, message))
                    break
        return found

    while True:
        await sim.wait_for(lambda: bool(new_prompts()), timeout=3600)
        for person, message in new_prompts():
            pressed.add(person.id)
            await person.press(SAME, message=message)


async def _until_done(sim: BotApiSimulator, chats: list[int], timeout: float) -> None:
    """Until every member has had a prompt and the secretary a relay for each (a relay is
    queued with its check-in, so each check-in is stored), and every update is confirmed; after
    ``timeout`` the count shows what is missing."""

    def done() -> bool:
        prompts, relays = _delivered(sim, chats)
        return min(prompts.values()) > 0 and min(relays.values()) > 0 and sim.all_confirmed()

    with contextlib.suppress(TimeoutError):
        await sim.wait_for(done, timeout)


def _delivered(sim: BotApiSimulator, chats: list[int]) -> tuple[Counter[int], Counter[int]]:
    """How many prompts each member received, and how many relays about them the secretary."""
    prompts: Counter[int] = Counter({chat: 0 for chat in chats})
    relays: Counter[int] = Counter({chat: 0 for chat in chats})
    for message in sim.messages:
        if message.chat_id in prompts and message.body.startswith(PROMPT_HEADING):
            prompts[message.chat_id] += 1
        elif message.chat_id == SECRETARY:
            for chat in chats:
                if f"Đảng viên {chat}" in message.body:
                    relays[chat] += 1
    return prompts, relays


async def _count(sim: BotApiSimulator, db: Database, chats: list[int], kills: int) -> Tally:
    prompts, relays = _delivered(sim, chats)
    rows = await db.fetch_all(
        "SELECT CAST(ct.address AS INTEGER) AS chat, COUNT(c.id) AS n FROM members m"
        " JOIN contacts ct ON ct.member_id = m.id LEFT JOIN checkins c ON c.member_id = m.id"
        " WHERE m.role = 'member' GROUP BY m.id"
    )
    checkins = Counter({row["chat"]: row["n"] for row in rows})
    sent = list(prompts.values()) + list(relays.values())
    return Tally(
        runs=1,
        kills=kills,
        messages=len(sent),
        lost=sum(1 for n in sent if n == 0),
        duplicated=sum(n - 1 for n in sent if n > 1),
        answers=len(chats),
        answers_lost=sum(1 for chat in chats if checkins[chat] == 0),
        answers_doubled=sum(checkins[chat] - 1 for chat in chats if checkins[chat] > 1),
    )


def _errors_in(log: Path) -> int:
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    return sum(1 for line in lines if " ERROR " in line or line.startswith("Traceback"))


async def many_runs(
    folder: Path, runs: int, *, seed: int = 7, kills: int = 2, webhook: bool = False
) -> Tally:
    rng = random.Random(seed)
    total = Tally()
    for number in range(runs):
        place = folder / f"run-{number:03d}"
        place.mkdir(parents=True, exist_ok=True)
        total.add(await one_run(place, rng, kills=kills, webhook=webhook))
    return total


def webhook_settings() -> dict[str, Any]:
    """Webhook mode on a free local port, the simulator posting to it as Telegram would."""
    port = free_port()
    return {
        "webhook_url": f"http://127.0.0.1:{port}/telegram",
        "webhook_port": port,
        "webhook_secret": "kill-restart-secret-0123456789",
    }
