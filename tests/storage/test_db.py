"""The database: migrations applied once, released ones guarded, transactions atomic."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiosqlite
import pytest

from bot.storage.checkpoint import BACKSTOP_PAGES, EVERY_COMMITS
from bot.storage.db import Database
from bot.storage.migrate import MigrationError, available


async def test_a_fresh_file_gets_every_migration_once(tmp_path: Path) -> None:
    db = Database(tmp_path / "a.sqlite3")
    await db.connect()
    versions = [row[0] for row in await db.fetch_all("SELECT version FROM schema_migrations")]
    assert versions == [m.version for m in available()]
    assert await db.fetch_value("PRAGMA journal_mode") == "wal"
    assert await db.fetch_value("PRAGMA foreign_keys") == 1
    await db.close()
    again = Database(tmp_path / "a.sqlite3")
    await again.connect()
    assert await again.fetch_value("SELECT COUNT(*) FROM schema_migrations") == len(versions)
    await again.close()


async def test_an_edited_released_migration_stops_start_up(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    db = Database(path)
    await db.connect()
    await db.close()
    async with aiosqlite.connect(path) as raw:
        await raw.execute("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1")
        await raw.commit()
    with pytest.raises(MigrationError, match="changed after it was applied"):
        await Database(path).connect()


async def test_a_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    db = Database(tmp_path / "a.sqlite3")

    class Boom(Exception):
        pass

    async def insert_then_fail() -> None:
        async with db.transaction():
            await db.execute("INSERT INTO branches (name, created_at) VALUES ('A', 'now')")
            raise Boom

    with pytest.raises(Boom):
        await insert_then_fail()
    assert await db.fetch_value("SELECT COUNT(*) FROM branches") == 0
    await db.close()


async def test_concurrent_transactions_do_not_interleave(tmp_path: Path) -> None:
    db = Database(tmp_path / "a.sqlite3")
    await db.connect()

    async def add(name: str) -> None:
        async with db.transaction():
            await db.execute("INSERT INTO branches (name, created_at) VALUES (?, 'now')", (name,))
            await asyncio.sleep(0)  # yield inside the transaction on purpose
            count = await db.fetch_value("SELECT COUNT(*) FROM branches WHERE name = ?", (name,))
            assert count == 1

    await asyncio.gather(*(add(f"B{i}") for i in range(20)))
    assert await db.fetch_value("SELECT COUNT(*) FROM branches") == 20
    await db.close()


async def test_a_nested_transaction_joins_the_outer_one(tmp_path: Path) -> None:
    db = Database(tmp_path / "a.sqlite3")

    async def nested_then_fail() -> None:
        async with db.transaction():
            async with db.transaction():
                await db.execute("INSERT INTO branches (name, created_at) VALUES ('A', 'now')")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        await nested_then_fail()
    assert await db.fetch_value("SELECT COUNT(*) FROM branches") == 0
    await db.close()


async def test_the_log_is_copied_into_the_file_beside_the_commits(tmp_path: Path) -> None:
    """Commits don't copy the write-ahead log into the file themselves (that held replies up);
    every EVERY_COMMITS-th starts the copy on a connection of its own."""
    path = tmp_path / "a.sqlite3"
    db = Database(path)
    await db.connect()
    try:
        await db.execute("CREATE TABLE notes (text TEXT)")
        for n in range(EVERY_COMMITS - 2):
            async with db.transaction():
                await db.execute("INSERT INTO notes VALUES (?)", (f"note-{n:04d}",))
        await db.checkpoints.settled()
        assert b"note-0000" not in path.read_bytes()  # only in the log so far
        async with db.transaction():
            await db.execute("INSERT INTO notes VALUES ('note-last')")
        await db.checkpoints.settled()
        in_file = path.read_bytes()
        assert b"note-0000" in in_file
        assert b"note-last" in in_file
        assert await db.fetch_value("PRAGMA wal_autocheckpoint") == BACKSTOP_PAGES
    finally:
        await db.close()
