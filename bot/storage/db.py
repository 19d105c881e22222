"""The SQLite connection: WAL, foreign keys, and transactions that cannot interleave.

There is one connection. aiosqlite runs its statements on a thread, so two coroutines sharing
it could mix their statements inside one transaction; a lock stops that. The transaction a
task holds is remembered in a context variable, so repositories called inside it join it
instead of waiting for the lock they already hold. (WAL checkpoints run on a connection of their
own, ``checkpoint``.)
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from bot.storage.checkpoint import BACKSTOP_PAGES, Checkpointer
from bot.storage.migrate import apply_migrations

log = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]

_current: ContextVar[tuple[Database, asyncio.Task[Any] | None] | None] = ContextVar(
    "lienlac_transaction", default=None
)


def to_db(moment: datetime) -> str:
    """Times are stored in UTC with a fixed width, so text order is time order."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_db(text: str) -> datetime:
    return datetime.fromisoformat(text)


def opt_time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def opt_date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


class Database:
    def __init__(self, path: Path, *, busy_timeout_ms: int = 10_000) -> None:
        self.path = path
        self._busy_timeout_ms = busy_timeout_ms
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._ready = asyncio.Lock()
        self.checkpoints = Checkpointer(path)

    async def connect(self) -> None:
        """Open the file and bring its schema up to date (safe to call more than once)."""
        async with self._ready:
            if self._conn is not None:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = await aiosqlite.connect(self.path, isolation_level=None)
            try:
                conn.row_factory = sqlite3.Row
                await conn.execute("PRAGMA journal_mode=WAL")
                await conn.execute("PRAGMA foreign_keys=ON")
                await conn.execute("PRAGMA synchronous=NORMAL")
                # Deleted personal data is overwritten on disk, not just unlinked.
                await conn.execute("PRAGMA secure_delete=ON")
                await conn.execute(f"PRAGMA busy_timeout={int(self._busy_timeout_ms)}")
                await conn.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")
                applied = await apply_migrations(conn)
            except BaseException:
                await conn.close()
                raise
            if applied:
                log.info("applied migrations: %s", ", ".join(applied))
            self._conn = conn

    async def close(self) -> None:
        async with self._ready:
            await self.checkpoints.close()
            if self._conn is not None:
                await self._conn.close()
                self._conn = None

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("database is not connected")
        return self._conn

    def _owns_transaction(self) -> bool:
        current = _current.get()
        return current is not None and current[0] is self and current[1] is asyncio.current_task()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """A write transaction. Nested use joins the outer one."""
        if self._owns_transaction():
            yield
            return
        await self.connect()
        async with self._lock:
            token = _current.set((self, asyncio.current_task()))
            try:
                await self.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield
                except BaseException:
                    await self.conn.execute("ROLLBACK")
                    raise
                await self.conn.execute("COMMIT")
                self.checkpoints.committed()
            finally:
                _current.reset(token)

    @asynccontextmanager
    async def _statement(self) -> AsyncIterator[aiosqlite.Connection]:
        if self._owns_transaction():
            yield self.conn
            return
        await self.connect()
        async with self._lock:
            yield self.conn

    async def fetch_all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        # One trip to the database thread, not three (execute, fetch, close): it shows in the
        # latency of every reply.
        async with self._statement() as conn:
            return list(await conn.execute_fetchall(sql, params))

    async def fetch_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_value(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns the new row id for an INSERT, else the rows changed."""
        autocommit = not self._owns_transaction()
        async with self._statement() as conn:
            # A write is finished when execute returns (sqlite3 resets the statement), so its
            # cursor needs no second trip to be closed; one that returns rows does.
            cursor = await conn.execute(sql, params)
            if cursor.description is not None:
                await cursor.close()
        if autocommit:
            self.checkpoints.committed()
        if sql.lstrip().upper().startswith("INSERT"):
            # After ON CONFLICT DO NOTHING, lastrowid still holds an earlier insert's id.
            return (cursor.lastrowid or 0) if cursor.rowcount > 0 else 0
        return cursor.rowcount

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        autocommit = not self._owns_transaction()
        async with self._statement() as conn:
            await conn.executemany(sql, rows)
        if autocommit:
            self.checkpoints.committed()


class SqlRepo:
    """A repository: its queries run on the one ``Database``."""

    def __init__(self, db: Database) -> None:
        self._db = db
