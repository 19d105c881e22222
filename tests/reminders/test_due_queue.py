"""The due queue (migration 0012): a tick reads only the members and branches due by now, and
still leaves nothing undone that a planner looking at everyone would have done.

The check: at each checkpoint the database is copied, every row of the copy's due queue is set
to "look now", and a tick on the copy must queue nothing and change no prompt. Members check in,
pause, ask to return, block the bot and come back, and officers change settings at random
hours in between, through the services, as they would through the bot.
"""

from __future__ import annotations

import random
import re
import sqlite3
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import Settings
from bot.core.kernel.access import Actor
from bot.core.kernel.clock import ManualClock
from bot.core.kernel.contacts import Address
from bot.core.kernel.errors import DomainError
from bot.core.members.settings import Cadence
from bot.reminders.engine import Engine
from bot.reminders.planners import planners_of
from bot.sandbox.seed import SeededBranch, seed_branch
from bot.services import build_services
from bot.storage.db import Database
from bot.storage.members import SqlMemberRepo

VN = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2026, 10, 20, 8, 0, tzinfo=VN)  # into the review season and a new year's dues
DAYS = 75
CHECK_EVERY = 11  # hours: checkpoints fall at every hour of the day in turn


class World:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.clock = ManualClock(START)
        self.settings = Settings(_env_file=None, database=folder / "bot.sqlite3")  # type: ignore[call-arg]
        self.db = Database(self.settings.database)
        self.services = build_services(self.settings, self.db, self.clock, wake_sender=_nothing)
        self.engine = Engine(planners_of(self.services), lambda: None)
        self.members = SqlMemberRepo(self.db)

    async def seed(self, members: int, *, approved_days_ago: int) -> SeededBranch:
        await self.db.connect()
        return await seed_branch(
            self.db,
            name="Chi bộ ấp 1",
            members=members,
            approved_at=START - timedelta(days=approved_days_ago),
            first_chat_id=10_000,
            secretary_chat=900,
        )

    async def actor(self, member_id: int) -> Actor:
        member = await self.members.get(member_id)
        assert member is not None
        return Actor(member.address, member.full_name, member)


def _nothing(*_: object) -> None:
    return None


SNAPSHOT = (
    "SELECT (SELECT COUNT(*) FROM outbox),"
    " (SELECT group_concat(id || ':' || IFNULL(nudged_at, '') || ':' || IFNULL(escalated_at, ''))"
    "  FROM checkin_prompts)"
)


async def left_undone(world: World) -> list[str]:
    """What a tick that looks at every member and branch would still do now."""
    copy = world.folder / f"copy-{world.clock.now().timestamp():.0f}.sqlite3"
    source, target = sqlite3.connect(world.settings.database), sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    db = Database(copy)
    await db.connect()
    try:
        await db.execute("UPDATE due_queue SET due_at = ''")
        before = await db.fetch_one(SNAPSHOT)
        services = build_services(world.settings, db, world.clock, wake_sender=_nothing)
        reports = await Engine(planners_of(services), lambda: None).tick()
        after = await db.fetch_one(SNAPSHOT)
        assert before is not None
        assert after is not None
        if tuple(before) == tuple(after):
            return []
        return [f"{name}: {report}" for name, report in reports.items() if report]
    finally:
        await db.close()
        copy.unlink()


async def random_event(world: World, rng: random.Random, members: list[int], boss: int) -> None:
    member = rng.choice(members)
    today = world.clock.now().astimezone(VN).date()
    roll = rng.random()
    try:
        if roll < 0.5:
            await world.services.checkins.check_in(await world.actor(member))
        elif roll < 0.6:
            until = today + timedelta(days=rng.randint(1, 20))
            await world.services.checkins.pause(
                await world.actor(member), until=until, reason=None
            )
        elif roll < 0.7:
            member_row = await world.members.get(member)
            assert member_row is not None
            assert member_row.address is not None
            if member_row.unreachable_since is None:
                await world.services.checkins.unreachable(member_row.address)
            else:
                await world.services.checkins.reachable(member_row.address)
        else:
            await world.services.branch_settings.change(
                await world.actor(boss),
                **rng.choice(
                    [
                        {"cadence": rng.choice(list(Cadence))},
                        {"checkin_time": time(rng.randint(6, 20), rng.choice([0, 30]))},
                        {"digest_enabled": rng.random() < 0.7},
                        {"digest_weekday": rng.randint(0, 6)},
                        {"dues_day": rng.randint(1, 28)},
                    ]
                ),
            )
    except DomainError:
        pass  # a pause of someone paused, say: refused as in the bot, nothing changed


@pytest.mark.parametrize("seed", [1, 2])
async def test_a_tick_leaves_nothing_due_that_a_look_at_everyone_would_find(
    tmp_path: Path, seed: int
) -> None:
    world = World(tmp_path)
    branch = await world.seed(8, approved_days_ago=20)
    rows = await world.db.fetch_all(
        "SELECT id, role FROM members WHERE branch_id = ? ORDER BY id", (branch.branch_id,)
    )
    members = [row[0] for row in rows if row[1] == "member"]
    boss = next(row[0] for row in rows if row[1] == "secretary")
    rng = random.Random(seed)
    looked = 0
    for hour in range(DAYS * 24):
        world.clock.set(START + timedelta(hours=hour))
        if rng.random() < 0.15:
            await random_event(world, rng, members, boss)
        await world.engine.tick()
        if hour % CHECK_EVERY == 0:
            assert await left_undone(world) == [], f"missed at {world.clock.now()}"
            looked += 1
    prompts = await world.db.fetch_value("SELECT COUNT(*) FROM checkin_prompts")
    outbox = await world.db.fetch_value("SELECT COUNT(*) FROM outbox")
    assert prompts >= 10, "the walk exercised the planners"
    assert outbox > 30
    assert looked > 100
    await world.db.close()


async def test_an_idle_tick_reads_no_member(tmp_path: Path) -> None:
    """With nothing due, the check-in planner asks the due queue and nothing else."""
    world = World(tmp_path)
    await world.seed(30, approved_days_ago=3)
    await world.engine.tick()
    statements: list[str] = []
    await world.db.conn.set_trace_callback(statements.append)
    try:
        world.clock.set(START + timedelta(minutes=5))
        await world.engine.tick()
    finally:
        await world.db.conn.set_trace_callback(None)
    tables = re.compile(r"\b(members|checkins|checkin_prompts|contacts|branch_settings)\b")
    reads = [s for s in statements if tables.search(re.sub(r"'[^']*'", "''", s))]
    assert reads == [], reads
    assert any("due_queue" in s for s in statements)
    await world.db.close()


async def test_a_member_writing_to_the_bot_does_not_make_the_planners_look_again(
    tmp_path: Path,
) -> None:
    """Every message a person writes marks their contact used; only a real change (blocked,
    back, a new address) brings their next look forward."""
    world = World(tmp_path)
    branch = await world.seed(3, approved_days_ago=3)
    await world.engine.tick()
    due = "SELECT due_at FROM due_queue WHERE planner = 'checkins' AND subject_id = ?"
    member = await world.db.fetch_value(
        "SELECT member_id FROM contacts WHERE address = ?", (str(branch.member_chats[0]),)
    )
    planned = await world.db.fetch_value(due, (member,))
    assert planned not in (None, "")
    address = Address.telegram(branch.member_chats[0])
    for minutes in range(3):
        await world.members.used(address, START + timedelta(minutes=minutes))
    assert await world.db.fetch_value(due, (member,)) == planned
    await world.services.checkins.unreachable(address)  # blocked the bot: look again
    assert await world.db.fetch_value(due, (member,)) == ""
    await world.db.close()
