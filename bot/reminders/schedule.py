"""The jobs the scheduler holds: the reminders' tick and the daily backup, under fixed names,
never persisted (the database and the backup folder hold what is due; TELEGRAM.md: PTB's
JobQueue keeps jobs in memory only)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram.ext import Application, CallbackContext

from bot.reminders.engine import Engine

log = logging.getLogger(__name__)

TICK_JOB = "reminders-tick"


Job = Callable[[CallbackContext[Any, Any, Any, Any]], Coroutine[Any, Any, None]]


def _repeat(
    app: Application[Any, Any, Any, Any, Any, Any],
    name: str,
    job: Job,
    *,
    interval: float,
    first: float,
) -> None:
    """One job under ``name``, replacing any earlier one; never two runs at once, and runs
    missed while the bot was busy collapse into one."""
    assert app.job_queue is not None
    for old in app.job_queue.get_jobs_by_name(name):
        old.schedule_removal()
    app.job_queue.run_repeating(
        job,
        interval=interval,
        first=first,
        name=name,
        job_kwargs={"max_instances": 1, "coalesce": True},
    )


def schedule_tick(
    app: Application[Any, Any, Any, Any, Any, Any], engine: Engine, *, interval: float = 60.0
) -> None:
    async def tick(_: CallbackContext[Any, Any, Any, Any]) -> None:
        await engine.tick()

    _repeat(app, TICK_JOB, tick, interval=interval, first=1.0)


BACKUP_JOB = "daily-backup"


def schedule_backups(
    app: Application[Any, Any, Any, Any, Any, Any],
    run: Callable[[], Awaitable[object]],
    *,
    interval: float = 3600.0,
) -> None:
    """Look every hour whether today's copy exists; the copy is named by its day, so a
    restart neither skips nor repeats one."""

    async def backup(_: CallbackContext[Any, Any, Any, Any]) -> None:
        try:
            await run()
        except Exception:  # a failed backup must not stop the bot; it is tried next hour
            log.exception("daily backup failed")

    _repeat(app, BACKUP_JOB, backup, interval=interval, first=30.0)
