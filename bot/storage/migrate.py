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


class MigrationError(RuntimeError):
    pass


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


async def apply_migrations(conn: aiosqlite.Connection) -> list[str]:
    """Apply what is missing; return the names applied."""
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL,"
        " applied_at TEXT NOT NULL)"
    )
    async with conn.execute("SELECT version, name, checksum FROM schema_migrations") as cur:
        done = {row[0]: (row[1], row[2]) for row in await cur.fetchall()}
    applied: list[str] = []
    for migration in available():
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
        script = (
            "BEGIN IMMEDIATE;\n"
            f"{migration.sql}\n;"
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES "
            f"({migration.version}, '{migration.name}', '{migration.checksum}', '{now}');\n"
            "COMMIT;"
        )
        try:
            await conn.executescript(script)
        except Exception:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise
        applied.append(migration.name)
    return applied
