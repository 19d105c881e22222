"""Restore accepts only our own databases (issue 17, rule 3): ``restore`` and ``check`` hold a
file's tables, columns, indexes, triggers and views against what the migrations build, refuse
anything extra or missing, and name it. Played through the command line, as an operator would."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.kernel.clock import ManualClock
from bot.sandbox.harness import Harness, harness
from bot.sandbox.seed import seed_branch
from bot.storage.backup import inspect
from bot.storage.db import Database
from tests.conftest import START, ErrorLog
from tests.test_operations import cli, env_for, replaced_copies

NO_OP = "CREATE TRIGGER dues_ledger_no_delete BEFORE DELETE ON dues_ledger BEGIN SELECT 1; END"
TAMPERED = {
    "extra trigger copy_phones": [
        "CREATE TABLE IF NOT EXISTS harvest (phone TEXT)",
        "CREATE TRIGGER copy_phones AFTER UPDATE ON members"
        " BEGIN INSERT INTO harvest VALUES (NEW.phone); END",
    ],
    "extra table harvest": ["CREATE TABLE harvest (phone TEXT)"],
    "extra view phones": ["CREATE VIEW phones AS SELECT full_name, phone FROM members"],
    "extra index members_by_phone": ["CREATE INDEX members_by_phone ON members (phone)"],
    "missing table dialogs": ["DROP TABLE dialogs"],
    "missing trigger dues_ledger_no_delete": ["DROP TRIGGER dues_ledger_no_delete"],
    "changed trigger dues_ledger_no_delete": ["DROP TRIGGER dues_ledger_no_delete", NO_OP],
    "changed table members": ["ALTER TABLE members ADD COLUMN leak TEXT"],
}


@pytest.fixture
async def stopped(tmp_path: Path, errors: ErrorLog) -> AsyncIterator[Harness]:
    """A branch's database, the bot stopped (the README: stop it, then restore)."""
    async with harness(tmp_path / "bot.sqlite3", clock=ManualClock(START), start=False) as h:
        db = Database(h.settings.database)
        await seed_branch(
            db,
            name="Chi bộ ấp 1",
            members=5,
            approved_at=START - timedelta(days=30),
            first_chat_id=10_000,
            secretary_chat=9_999,
            sim=h.sim,
        )
        await db.close()
        yield h
        await h.start_bot()  # the harness stops it on exit


async def test_a_clean_copy_passes_and_every_tampered_one_is_refused_by_name(
    stopped: Harness, tmp_path: Path
) -> None:
    h = stopped
    env = env_for(h.sim, h.settings.database)
    clean = tmp_path / "clean.sqlite3"
    assert (await cli("backup", str(clean), env=env, cwd=tmp_path))[0] == 0
    inspect(clean)
    before = h.settings.database.read_bytes()
    for problem, statements in TAMPERED.items():
        copy = tmp_path / f"{problem.replace(' ', '-')}.sqlite3"
        shutil.copyfile(clean, copy)
        with sqlite3.connect(copy) as conn:
            for statement in statements:
                conn.execute(statement)
        conn.close()
        code, out = await cli("restore", str(copy), env=env, cwd=tmp_path)
        assert code == 1, (problem, out)
        assert "restore refused" in out
        assert problem in out, (problem, out)
        # ``check`` on such a file says what is wrong, and fails.
        code, out = await cli("check", env={**env, "LIENLAC_DATABASE": str(copy)}, cwd=tmp_path)
        assert code != 0, (problem, out)
        assert problem in out, (problem, out)
    assert h.settings.database.read_bytes() == before
    assert not replaced_copies(tmp_path)
    code, out = await cli("restore", str(clean), env=env, cwd=tmp_path)
    assert code == 0, out
