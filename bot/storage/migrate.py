"""Numbered SQL migrations in ``storage/migrations/NNNN_name.sql``, applied in order, once.

Each applied file's checksum is kept: a released migration that was edited afterwards stops
start-up, because databases already past it would never see the edit.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

import aiosqlite

_NAME = re.compile(r"(\d{4})_[a-z0-9_]+\.sql")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


BOOKKEEPING = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL,"
    " applied_at TEXT NOT NULL)"
)


class MigrationError(RuntimeError):
    pass


# A migration that starts with this line runs with foreign keys off (a table rebuild).
FOREIGN_KEYS_OFF = "-- pragma: foreign_keys=off"


def available() -> list[Migration]:
    found: list[Migration] = []
    for entry in resources.files("bot.storage.migrations").iterdir():
        match = _NAME.fullmatch(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise MigrationError(f"migrations must be numbered 1..n without gaps, found {versions}")
    return found


async def apply_migrations(conn: aiosqlite.Connection, up_to: int | None = None) -> list[str]:
    """Apply what is missing (up to version ``up_to``, if given: a test builds the database an
    earlier release made); return the names applied."""
    await conn.execute(BOOKKEEPING)
    async with conn.execute("SELECT version, name, checksum FROM schema_migrations") as cur:
        done = {row[0]: (row[1], row[2]) for row in await cur.fetchall()}
    applied: list[str] = []
    for migration in available():
        if up_to is not None and migration.version > up_to:
            break
        if migration.version in done:
            name, checksum = done[migration.version]
            if checksum != migration.checksum:
                raise MigrationError(
                    f"migration {name} was changed after it was applied; add a new migration "
                    "instead of editing a released one"
                )
            continue
        # The script runs in one transaction with its bookkeeping row: all or nothing.
        now = datetime.now(UTC).isoformat(timespec="seconds")
        keys_off = migration.sql.startswith(FOREIGN_KEYS_OFF)
        if keys_off:
            # Rebuilding a table that others point at needs the keys off (SQLite cannot change
            # this inside a transaction); they are checked before the commit instead.
            await conn.execute("PRAGMA foreign_keys=OFF")
        try:
            await conn.executescript(f"BEGIN IMMEDIATE;\n{migration.sql}\n;")
            if keys_off:
                async with conn.execute("PRAGMA foreign_key_check") as cur:
                    broken = await cur.fetchall()
                if broken:
                    raise MigrationError(f"{migration.name} leaves broken references: {broken}")
            await conn.execute(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at)"
                " VALUES (?, ?, ?, ?)",
                (migration.version, migration.name, migration.checksum, now),
            )
            await conn.execute("COMMIT")
        except Exception:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise
        finally:
            if keys_off:
                await conn.execute("PRAGMA foreign_keys=ON")
        applied.append(migration.name)
    return applied
