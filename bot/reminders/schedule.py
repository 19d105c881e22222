"""The only job the scheduler holds: the tick, under a fixed name, never persisted (the
database holds what is due; TELEGRAM.md: PTB's JobQueue keeps jobs in memory only)."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext

from bot.reminders.engine import Engine

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
