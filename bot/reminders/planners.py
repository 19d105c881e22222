"""Every capability's planner, in the order a tick runs them."""

from __future__ import annotations

from bot.reminders.broadcast import broadcast_planner
from bot.reminders.checkins import checkin_planner
from bot.reminders.digest import digest_planner
from bot.reminders.dues import dues_planner
from bot.reminders.engine import Planner
from bot.reminders.exemptions import exemption_planner
from bot.reminders.review import review_planner
from bot.services import Services


def planners_of(services: Services) -> list[Planner]:
    return [
        checkin_planner(services.checkin_prompts),
        dues_planner(services.dues_reminders),
        exemption_planner(services.exemptions),
        review_planner(services.review_reminders),
        digest_planner(services.digest),
        broadcast_planner(services.broadcasts),
    ]
