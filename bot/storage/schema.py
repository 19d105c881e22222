"""The schema our migrations build, to hold a database file against: a copy to restore or a
file ``check`` is asked about may carry nothing else (an extra trigger that copies phone
numbers elsewhere, a table, a view) and lack nothing (an append-only trigger)."""

from __future__ import annotations

import functools
import re
import sqlite3

from bot.storage.migrate import BOOKKEEPING, available

Schema = dict[tuple[str, str], str]  # (type, name) -> its definition, normalised

_SPACE = re.compile(r"\s+")
_AROUND = re.compile(r"\s*([(),;=<>])\s*")


def normalise(sql: str) -> str:
    """A definition without the layout it was typed in: SQLite keeps the text of each CREATE
    as written, so only spacing and letter case of the same statement may differ."""
    text = _SPACE.sub(" ", sql).strip().rstrip(";")
    return _AROUND.sub(r"\1", text).lower()


def schema_of(conn: sqlite3.Connection) -> Schema:
    """Every table, index, trigger and view in ``conn`` (SQLite's own left out)."""
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return {(kind, name): normalise(sql or "") for kind, name, sql in rows}


@functools.cache
def expected(version: int) -> Schema:
    """The schema migrations 1..``version`` build, in an empty database."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(BOOKKEEPING)
        for migration in available():
            if migration.version > version:
                break
            conn.executescript(migration.sql)
        return schema_of(conn)
    finally:
        conn.close()


def differences(found: Schema, version: int) -> list[str]:
    """What ``found`` has that migrations 1..``version`` do not build, lacks, or defines
    otherwise, each named: ``extra trigger x``, ``missing table y``, ``changed index z``."""
    want = expected(version)
    problems = [f"extra {kind} {name}" for kind, name in sorted(found.keys() - want.keys())]
    problems += [f"missing {kind} {name}" for kind, name in sorted(want.keys() - found.keys())]
    problems += [
        f"changed {kind} {name}"
        for (kind, name) in sorted(found.keys() & want.keys())
        if found[kind, name] != want[kind, name]
    ]
    return problems
