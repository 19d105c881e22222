"""The Telegram adapter: updates in, core services called, replies out.

``register`` adds every handler in the order that matters: the guard first (group -1), then
the person's dialog (a form in progress gets its answers before anything else sees them), the
ways into each form, commands and buttons, and last the catch-alls; the dialog is saved after
everything (group 99).
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.handlers import (
    broadcast,
    checkins,
    dialogs,
    dues,
    dues_officers,
    exemptions,
    menu,
    messaging,
    officers,
    onboarding,
    profile,
    registration,
    review,
    roster,
    settings,
)
from bot.handlers.common import PRIVATE
from bot.handlers.context import Ctx
from bot.handlers.guard import not_flooding, on_error, only_private_chats
from bot.views.menus import button_commands

FLOOD_GROUP = -2
GUARD_GROUP = -1
DIALOG_GROUP = 0
MAIN_GROUP = 1
PERSIST_GROUP = 99


def register(app: Application[Any, Ctx, Any, Any, Any, Any]) -> None:
    app.add_handler(TypeHandler(Update, not_flooding), group=FLOOD_GROUP)
    app.add_handler(TypeHandler(Update, only_private_chats), group=GUARD_GROUP)
    app.add_handler(TypeHandler(Update, dialogs.route), group=DIALOG_GROUP)

    for conversation in (
        registration.conversation(),
        onboarding.branch_conversation(),
        *checkins.conversations(),
        *messaging.conversations(),
        *dues.conversations(),
        *dues_officers.conversations(),
        *review.conversations(),
        *exemptions.conversations(),
        *broadcast.conversations(),
    ):
        app.add_handler(conversation, group=MAIN_GROUP)

    commands: dict[str, menu.Command] = {
        **onboarding.COMMANDS,
        **profile.COMMANDS,
        **checkins.COMMANDS,
        **settings.COMMANDS,
        **officers.COMMANDS,
        **dues.COMMANDS,
        **review.COMMANDS,
        **roster.COMMANDS,
        "help": menu.help_command,
        "cancel": menu.nothing_to_cancel,
    }
    for name, callback in commands.items():
        app.add_handler(CommandHandler(name, callback, filters=PRIVATE), group=MAIN_GROUP)
    app.add_handler(
        MessageHandler(
            PRIVATE & filters.Text(list(button_commands())), menu.button_dispatcher(commands)
        ),
        group=MAIN_GROUP,
    )
    for handler in (
        *onboarding.CALLBACKS,
        *profile.CALLBACKS,
        *checkins.HANDLERS,
        *messaging.HANDLERS,
        *dues.HANDLERS,
        *dues_officers.HANDLERS,
        *exemptions.HANDLERS,
        *review.HANDLERS,
        *settings.HANDLERS,
        *roster.HANDLERS,
        *officers.HANDLERS,
    ):
        app.add_handler(handler, group=MAIN_GROUP)

    app.add_handler(CallbackQueryHandler(menu.stale_button), group=MAIN_GROUP)
    app.add_handler(MessageHandler(PRIVATE, menu.not_understood), group=MAIN_GROUP)

    app.add_handler(TypeHandler(Update, dialogs.save), group=PERSIST_GROUP)
    app.add_error_handler(on_error)
