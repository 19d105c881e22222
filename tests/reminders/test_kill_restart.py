"""A crash at any point: the bot process is killed (SIGKILL) at random moments while it starts,
sends prompts and handles members' answers, and started again on the same database. Nothing is
lost; only a message that was in flight at the kill may arrive twice (the outbox delivers at
least once). ``bench/kill_restart.py`` runs the same scenario many more times."""

from __future__ import annotations

import os
from pathlib import Path

from bot.reminders.sender import CONCURRENCY
from bot.sandbox.kill_restart import Tally, many_runs
from tests.conftest import ErrorLog

RUNS = int(os.environ.get("LIENLAC_KILL_RUNS", "6"))


async def test_killed_at_random_moments_the_bot_loses_nothing(
    tmp_path: Path, errors: ErrorLog
) -> None:
    assert_nothing_lost(await many_runs(tmp_path, RUNS, seed=2026), tmp_path)


async def test_killed_in_webhook_mode_the_bot_loses_nothing(
    tmp_path: Path, errors: ErrorLog
) -> None:
    """Telegram sends an update again until the bot answers 2xx; the bot answers only once the
    update is handled, so a kill while handling it loses nothing either."""
    tally = await many_runs(tmp_path, max(2, RUNS // 2), seed=2027, webhook=True)
    assert_nothing_lost(tally, tmp_path)


def assert_nothing_lost(tally: Tally, folder: Path) -> None:
    assert tally.kills_mid_work > 0, "the kills must land while there is work in flight"
    assert tally.lost == 0, tally.line()
    assert tally.answers_lost == 0, tally.line()
    assert tally.answers_doubled == 0, tally.line()
    assert tally.duplicated <= tally.kills * CONCURRENCY, tally.line()
    assert tally.errors == 0, f"{tally.line()}; see {folder}/run-*/bot.log"
