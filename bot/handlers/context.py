"""The typed ``CallbackContext`` handlers receive: ``context.services`` reaches the core."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram.ext import CallbackContext, ExtBot

from bot.core.kernel.flood import FloodGate
from bot.services import Services

if TYPE_CHECKING:  # the dialog module builds on this context
    from bot.handlers.dialogs import DialogSlot


class BotData:
    """What the application holds for all chats (built in ``bot.app``)."""

    def __init__(self) -> None:
        self.services: Services | None = None
        # The application's runtime (database, sender), for the wiring in ``bot.app``; handlers
        # use ``services``.
        self.runtime: object | None = None
        self.flood: FloodGate = FloodGate()


class Ctx(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    # This update's dialog, set when the update arrives (``bot.handlers.dialogs``).
    dialog: DialogSlot | None = None

    @property
    def services(self) -> Services:
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("services are not wired yet")
        return services
