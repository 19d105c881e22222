"""The review planner: the year-end review's reminders from 1 November, the secretary's
reminder to set the meeting, grades after it, and the ends of exemption periods (rules in
``bot.core.review``)."""

from __future__ import annotations

from bot.core.review import ReviewService
from bot.reminders.engine import Planner


def review_planner(service: ReviewService) -> Planner:
    return Planner("review", service.plan)
