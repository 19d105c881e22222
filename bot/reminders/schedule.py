"""The jobs the scheduler holds: the reminders' tick and the daily backup, under fixed names,
never persisted (the database and the backup folder hold what is due; TELEGRAM.md: PTB's
JobQueue keeps jobs in memory only)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.ext import Application, CallbackContext

from bot.reminders.engine import Engine

log = logging.getLogger(__name__)

TICK_JOB = "reminders-tick"


def schedule_tick(
    app: Application[Any, Any, Any, Any, Any, Any], engine: Engine, *, interval: float = 60.0
) -> None:
    assert app.job_queue is not None

    async def tick(_: CallbackContext[Any, Any, Any, Any]) -> None:
        await engine.tick()

    for job in app.job_queue.get_jobs_by_name(TICK_JOB):
        job.schedule_removal()
    app.job_queue.run_repeating(
        tick,
        interval=interval,
        first=1.0,
        name=TICK_JOB,
        job_kwargs={"max_instances": 1, "coalesce": True},
    )


BACKUP_JOB = "daily-backup"


def schedule_backups(
    app: Application[Any, Any, Any, Any, Any, Any],
    run: Callable[[], Awaitable[object]],
    *,
    interval: float = 3600.0,
) -> None:
    """Look every hour whether today's copy exists; the copy is named by its day, so a
    restart neither skips nor repeats one."""
    assert app.job_queue is not None

    async def backup(_: CallbackContext[Any, Any, Any, Any]) -> None:
        try:
            await run()
        except Exception:  # a failed backup must not stop the bot; it is tried next hour
            log.exception("daily backup failed")

    for job in app.job_queue.get_jobs_by_name(BACKUP_JOB):
        job.schedule_removal()
    app.job_queue.run_repeating(
        backup,
        interval=interval,
        first=30.0,
        name=BACKUP_JOB,
        job_kwargs={"max_instances": 1, "coalesce": True},
    )
