"""/settings: a leader changes their branch's settings with buttons, seeing current values."""

from __future__ import annotations

import contextlib
from typing import Any

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.core.access import Action
from bot.core.branch_settings import Cadence, RelayMode
from bot.handlers.common import StaleButton, actor_of, answer_button, args_of, guarded, send
from bot.handlers.context import Ctx
from bot.handlers.keyboards import Cb, pattern
from bot.i18n import _
from bot.views.settings import QUIET_CHOICES, quiet_from_code, settings_view


@guarded
async def show(update: Update, ctx: Ctx) -> None:
    """``/settings``: the branch's settings with a button for each choice."""
    actor = await actor_of(update, ctx)
    officer = actor.require_member(Action.CHANGE_SETTINGS)
    text, markup = settings_view(await ctx.services.branch_settings.get(officer.branch_id))
    await send(update, ctx, text, markup)


def _change(field: str, value: str) -> dict[str, Any]:
    try:
        if field == "cadence":
            return {"cadence": Cadence(value)}
        if field == "relay":
            return {"relay": RelayMode(value)}
        if field == "quiet" and value in QUIET_CHOICES:
            return {"quiet": quiet_from_code(value)}
    except ValueError:
        pass
    raise StaleButton


@guarded
async def change(update: Update, ctx: Ctx) -> None:
    field, value = args_of(update, Cb.SETTING, str, str)
    actor = await actor_of(update, ctx)
    settings = await ctx.services.branch_settings.change(actor, **_change(field, value))
    await answer_button(update, _("Saved."))
    query = update.callback_query
    assert query is not None
    text, markup = settings_view(settings)
    with contextlib.suppress(BadRequest):  # the same value pressed again: nothing to redraw
        await query.edit_message_text(text, reply_markup=markup)


COMMANDS = {"settings": show}

HANDLERS: list[BaseHandler[Update, Ctx, Any]] = [
    CallbackQueryHandler(change, pattern=pattern(Cb.SETTING)),
]
