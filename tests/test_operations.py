"""Running it for real: ``check`` names what is wrong, backups are consistent copies taken while
the bot works, a restore puts one back, the daily copy keeps its retention, and a database
locked for a moment by a backup loses no update."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
import threading
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.kernel.clock import ManualClock
from bot.sandbox.harness import Harness, harness
from bot.sandbox.seed import SeededBranch, seed_branch
from bot.sandbox.server import BotApiSimulator
from bot.storage.backup import BackupError, inspect
from bot.storage.db import Database
from tests.conftest import START, ErrorLog

ROOT = Path(__file__).resolve().parent.parent


async def cli(*args: str, env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """``python -m bot`` in a subprocess, without blocking the simulator's event loop."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LIENLAC_")}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode is not None
    return process.returncode, out.decode()


@pytest.fixture
async def sim() -> AsyncIterator[BotApiSimulator]:
    server = BotApiSimulator()
    await server.start()
    yield server
    await server.stop()


def env_for(sim: BotApiSimulator, database: Path, **extra: str) -> dict[str, str]:
    return {
        "LIENLAC_BOT_TOKEN": sim.token,
        "LIENLAC_API_BASE_URL": sim.base_url,
        "LIENLAC_DATABASE": str(database),
        "LIENLAC_SUPERADMINS": "900",
        **extra,
    }


async def test_check_passes_when_all_is_well(sim: BotApiSimulator, tmp_path: Path) -> None:
    code, out = await cli("check", env=env_for(sim, tmp_path / "db.sqlite3"), cwd=tmp_path)
    assert code == 0, out
    assert "@lienlac_test_bot" in out
    assert sim.token not in out


async def test_check_changes_nothing_on_disk(sim: BotApiSimulator, tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = env_for(sim, data / "db.sqlite3", LIENLAC_BACKUP_DIR=str(data / "backups"))
    code, out = await cli("check", env=env, cwd=tmp_path)
    assert code == 0, out
    assert "created at first start" in out
    assert "backups is writable" in out
    assert not data.exists(), "neither the database's folder nor the backups' was made"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"LIENLAC_BOT_TOKEN": "987654321:AAwrongTokenWrongTokenWrong00"}, "refuses the token"),
        ({"LIENLAC_API_BASE_URL": "http://127.0.0.1:9/bot"}, "cannot be reached"),
        ({"LIENLAC_SUPERADMINS": ""}, "LIENLAC_SUPERADMINS is empty"),
        ({"LIENLAC_WEBHOOK_URL": "http://bot.example.vn/hook"}, "must be https://"),
        ({"LIENLAC_DATABASE": "garbage.sqlite3"}, "not a Liên Lạc database"),
    ],
)
async def test_check_names_what_is_wrong(
    sim: BotApiSimulator, tmp_path: Path, change: dict[str, str], expected: str
) -> None:
    (tmp_path / "garbage.sqlite3").write_bytes(b"this is not a database" * 100)
    env = {**env_for(sim, tmp_path / "db.sqlite3"), **change}
    code, out = await cli("check", env=env, cwd=tmp_path)
    assert code == 1, out
    assert expected in out
    assert "AAwrongToken" not in out


@pytest.fixture
async def busy(tmp_path: Path, errors: ErrorLog) -> AsyncIterator[tuple[Harness, SeededBranch]]:
    async with harness(tmp_path / "bot.sqlite3", clock=ManualClock(START), start=False) as h:
        db = Database(h.settings.database)
        branch = await seed_branch(
            db,
            name="Chi bộ ấp 1",
            members=30,
            approved_at=START - timedelta(days=30),
            first_chat_id=10_000,
            secretary_chat=9_999,
            sim=h.sim,
        )
        await db.close()
        await h.start_bot()
        yield h, branch


def replaced_copies(folder: Path) -> list[Path]:
    return list(folder.glob("bot.before-restore-*.sqlite3"))


async def checkins_stored(h: Harness) -> int:
    return int(await h.services.db.fetch_value("SELECT COUNT(*) FROM checkins"))


async def check_in(h: Harness, chat: int) -> None:
    member = h.person(chat)
    await member.command("checkin")
    question = await member.next_message()
    await member.press("✅ Vẫn như cũ", message=question)


async def test_a_backup_taken_while_members_check_in_is_consistent(
    busy: tuple[Harness, SeededBranch], tmp_path: Path
) -> None:
    h, branch = busy
    for chat in branch.member_chats[:10]:
        await check_in(h, chat)
    copy = tmp_path / "copies" / "now.sqlite3"
    code, out = await cli(
        "backup", str(copy), env=env_for(h.sim, h.settings.database), cwd=tmp_path
    )
    for chat in branch.member_chats[10:20]:
        await check_in(h, chat)
    await h.settle()
    assert code == 0, out
    report = inspect(copy)
    assert report.members == 31
    with sqlite3.connect(copy) as conn:
        copied = conn.execute("SELECT COUNT(*) FROM checkins").fetchone()[0]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert 10 <= copied <= 20
    assert await checkins_stored(h) == 20


async def test_restore_puts_a_copy_back_and_keeps_what_it_replaced(
    busy: tuple[Harness, SeededBranch], tmp_path: Path
) -> None:
    h, branch = busy
    await check_in(h, branch.member_chats[0])
    await h.settle()
    copy = tmp_path / "copy.sqlite3"
    env = env_for(h.sim, h.settings.database)
    assert (await cli("backup", str(copy), env=env, cwd=tmp_path))[0] == 0
    for chat in branch.member_chats[1:4]:
        await check_in(h, chat)
    await h.settle()
    await h.stop_bot()  # the README says: stop the bot, then restore

    code, out = await cli("restore", str(copy), env=env, cwd=tmp_path)
    assert code == 0, out
    kept = replaced_copies(tmp_path)
    assert len(kept) == 1
    with sqlite3.connect(kept[0]) as conn:
        assert conn.execute("SELECT COUNT(*) FROM checkins").fetchone()[0] == 4

    await h.start_bot()
    assert await checkins_stored(h) == 1
    await check_in(h, branch.member_chats[5])  # and the bot works on the restored copy
    await h.settle()
    assert await checkins_stored(h) == 2


async def test_restore_refuses_a_damaged_copy_and_changes_nothing(
    busy: tuple[Harness, SeededBranch], tmp_path: Path
) -> None:
    h, branch = busy
    await check_in(h, branch.member_chats[0])
    await h.settle()
    await h.stop_bot()
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    code, out = await cli(
        "restore", str(damaged), env=env_for(h.sim, h.settings.database), cwd=tmp_path
    )
    assert code == 1
    assert "restore refused" in out
    with pytest.raises(BackupError):
        inspect(damaged)
    assert inspect(h.settings.database).members == 31
    assert not replaced_copies(tmp_path)


async def test_the_daily_backup_is_made_once_a_day_and_keeps_the_newest(
    tmp_path: Path, errors: ErrorLog
) -> None:
    clock = ManualClock(START)
    folder = tmp_path / "backups"
    async with harness(
        tmp_path / "bot.sqlite3", clock=clock, backup_dir=folder, backup_keep=3
    ) as h:
        made = [await h.runtime.daily_backup()]
        made.append(await h.runtime.daily_backup())  # the same day again: nothing
        for day in range(1, 6):
            clock.set(START + timedelta(days=day))
            made.append(await h.runtime.daily_backup())
    assert made[0] is not None
    assert made[1] is None
    assert all(path is not None for path in made[2:])
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "lienlac-2026-11-26.sqlite3",
        "lienlac-2026-11-27.sqlite3",
        "lienlac-2026-11-28.sqlite3",
    ]
    for name in names:
        inspect(folder / name)


async def test_a_database_locked_by_a_backup_loses_no_update(
    busy: tuple[Harness, SeededBranch],
) -> None:
    h, branch = busy
    locked = threading.Event()
    release = threading.Event()

    def hold_the_lock() -> None:
        # What a backup tool that takes the write lock does; SQLite's own online backup only
        # reads, so this is the harder case.
        conn = sqlite3.connect(h.settings.database, timeout=30)
        conn.execute("BEGIN EXCLUSIVE")
        locked.set()
        release.wait(timeout=30)
        conn.rollback()
        conn.close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    await asyncio.to_thread(locked.wait, 30)
    members = branch.member_chats[:10]
    for chat in members:
        await h.person(chat).command("checkin")
    # Every update has reached the bot, which is now waiting on the lock: none is confirmed to
    # Telegram yet, so even a crash now would not lose them.
    await h.sim.wait_for(h.sim.all_delivered, timeout=10)
    assert not h.sim.all_confirmed()
    assert await asyncio.to_thread(lambda: not release.is_set())
    release.set()
    await asyncio.to_thread(holder.join, 30)
    for chat in members:
        question = await h.person(chat).next_message(timeout=20)
        await h.person(chat).press("✅ Vẫn như cũ", message=question)
    await h.settle(timeout=20)
    assert await checkins_stored(h) == 10
