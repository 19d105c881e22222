"""The review planner: the year-end review's reminders from 1 November, the secretary's
reminder to set the meeting, and grades after it (``bot.core.review.reminders``)."""

from __future__ import annotations

from bot.core.review.reminders import ReviewReminders
from bot.reminders.engine import Planner


def review_planner(service: ReviewReminders) -> Planner:
    return Planner("review", service.plan)
