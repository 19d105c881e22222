"""Copies of the database: made while the bot runs, checked, and put back.

SQLite's online backup copies a consistent snapshot through its own connection; in WAL mode the
bot keeps reading and writing meanwhile. A copy is written beside its target and renamed into
place only once it is complete and checked, so a half-written copy never looks like a backup.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from bot.storage.migrate import available
from bot.storage.schema import differences, schema_of

DAILY_NAME = re.compile(r"lienlac-(\d{4}-\d{2}-\d{2})\.sqlite3")


class BackupError(RuntimeError):
    """A copy that cannot be trusted, or a database that cannot be copied."""


@dataclass(frozen=True, slots=True)
class CopyReport:
    path: Path
    schema_version: int
    branches: int
    members: int
    size_bytes: int


def _copy(source: Path, target: Path, *, standalone: bool) -> None:
    """SQLite's online backup of ``source`` into ``target``: all pages in one step, so one
    consistent snapshot. Through SQLite rather than a file copy, so a WAL beside either file
    cannot shadow the copy. ``standalone``: leave the copy one self-contained file."""
    # busy_timeout: a writer in the middle of a commit makes the snapshot wait, not fail.
    # Read-write open, though only read: a read-only connection cannot join a WAL database
    # whose shared-memory file it may not create.
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst)
            if standalone:
                dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def inspect(path: Path) -> CopyReport:
    """Check a copy: SQLite's integrity check, a schema version no newer than this code knows,
    and exactly the tables, indexes, triggers and views our migrations build for it."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"{path}: cannot be opened: {error}") from None
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()
        if verdict is None or verdict[0] != "ok":
            raise BackupError(f"{path}: damaged ({verdict[0] if verdict else 'no answer'})")
        version = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0]
        found = schema_of(conn)
        branches = conn.execute("SELECT COUNT(*) FROM branches").fetchone()[0]
        members = conn.execute("SELECT COUNT(*) FROM members").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path}: not a Liên Lạc database ({error})") from None
    finally:
        conn.close()
    newest = max(m.version for m in available())
    if version is None or version > newest:
        raise BackupError(f"{path}: schema version {version}, this code knows up to {newest}")
    problems = differences(found, int(version))
    if problems:
        raise BackupError(f"{path}: not the schema our migrations build: {'; '.join(problems)}")
    return CopyReport(path, int(version), int(branches), int(members), path.stat().st_size)


def _make(source: Path, target: Path) -> CopyReport:
    if not source.is_file():
        raise BackupError(f"{source}: no such database")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _copy(source, partial, standalone=True)
        inspect(partial)
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise BackupError(f"{source}: {error}") from None
    finally:
        partial.unlink(missing_ok=True)
    return inspect(target)


async def make_backup(source: Path, target: Path) -> CopyReport:
    """A consistent, checked copy of ``source`` at ``target``, taken while the bot runs."""
    return await asyncio.to_thread(_make, source, target)


def _restore(copy: Path, target: Path, keep_current: Path | None) -> CopyReport:
    report = inspect(copy)
    if keep_current is not None and target.exists():
        _make(target, keep_current)
    _copy(copy, target, standalone=False)
    return report


async def restore_backup(copy: Path, target: Path, keep_current: Path | None) -> CopyReport:
    """Check ``copy`` and put it in place of ``target``, first saving the current database to
    ``keep_current`` (when given)."""
    return await asyncio.to_thread(_restore, copy, target, keep_current)


def daily_path(folder: Path, day: date) -> Path:
    return folder / f"lienlac-{day.isoformat()}.sqlite3"


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` daily copies; return what was deleted."""
    daily = sorted(
        (p for p in folder.glob("lienlac-*.sqlite3") if DAILY_NAME.fullmatch(p.name)),
        key=lambda p: p.name,
    )
    old = daily[:-keep] if keep > 0 else daily
    for path in old:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return old


async def daily_backup(source: Path, folder: Path, now: datetime, keep: int) -> Path | None:
    """Today's copy if there is none yet, and old ones pruned. Returns the new copy's path.
    Named by the day, so a restart neither skips a day nor copies twice."""
    target = daily_path(folder, now.date())
    if target.exists():
        return None
    await make_backup(source, target)
    await asyncio.to_thread(prune, folder, keep)
    return target
