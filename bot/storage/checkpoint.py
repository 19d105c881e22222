"""WAL checkpoints beside the writes, not inside them.

By default SQLite copies its write-ahead log back into the database file inside the COMMIT that
takes the log past 1,000 pages, fsyncs included: the member whose answer made that commit
waited 13-23 ms longer for the reply (seen in bench/handlers.py, the p99 of a check-in). Here
the copy runs every ``every`` write transactions on a connection of its own, so on a thread of
its own; a PASSIVE checkpoint neither waits for the writers nor makes them wait. SQLite's own
stays on at a higher mark, in case this one ever falls behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from pathlib import Path

import aiosqlite

log = logging.getLogger(__name__)

EVERY_COMMITS = 100
BACKSTOP_PAGES = 10_000  # about 40 MB of log


class Checkpointer:
    def __init__(self, path: Path, *, every: int = EVERY_COMMITS) -> None:
        self._path = path
        self._every = every
        self._commits = 0
        self._conn: aiosqlite.Connection | None = None
        self._task: asyncio.Task[None] | None = None

    def committed(self) -> None:
        """A write transaction was committed on the main connection."""
        self._commits += 1
        if self._commits < self._every or (self._task is not None and not self._task.done()):
            return
        self._commits = 0
        self._task = asyncio.create_task(self._checkpoint(), name="wal-checkpoint")

    async def _checkpoint(self) -> None:
        try:
            if self._conn is None:
                self._conn = await aiosqlite.connect(self._path, isolation_level=None)
            await self._conn.execute_fetchall("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error as exc:
            # The log only grows until the next try (or SQLite's own backstop).
            log.warning("WAL checkpoint failed: %s", exc)

    async def settled(self) -> None:
        """Wait for the checkpoint under way, if any."""
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def close(self) -> None:
        await self.settled()
        if self._conn is not None:
            await self._conn.close()
            self._conn = None
