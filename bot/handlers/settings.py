"""/settings: a leader changes their branch's settings with buttons, seeing current values."""

from __future__ import annotations

import contextlib
from typing import Any

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.channels.telegram.callbacks import pattern
from bot.channels.telegram.render import inline_only
from bot.core.kernel.access import Action
from bot.core.members.settings import Cadence, RelayMode
from bot.handlers.buttons import StaleButton, answer_button, args_of
from bot.handlers.common import actor_of, guarded
from bot.handlers.context import Ctx
from bot.handlers.replies import send
from bot.i18n import _
from bot.views.actions import Act
from bot.views.choices import Choices
from bot.views.settings import (
    DIGEST_CHOICES,
    DIGEST_OFF,
    DUES_DAYS,
    QUIET_CHOICES,
    digest_from_code,
    quiet_from_code,
    settings_view,
)


@guarded
async def show(update: Update, ctx: Ctx) -> None:
    """``/settings``: the branch's settings with a button for each choice."""
    actor = await actor_of(update, ctx)
    officer = actor.require_member(Action.CHANGE_SETTINGS)
    text, markup = await _view(ctx, officer.branch_id)
    await send(update, ctx, text, markup)


async def _view(ctx: Ctx, branch_id: int) -> tuple[str, Choices]:
    settings = await ctx.services.branch_settings.get(branch_id)
    review = await ctx.services.review.review_of(branch_id)
    return settings_view(settings, review, ctx.services.deps.zone)


def _change(field: str, value: str) -> dict[str, Any]:
    try:
        if field == "cadence":
            return {"cadence": Cadence(value)}
        if field == "relay":
            return {"relay": RelayMode(value)}
        if field == "quiet" and value in QUIET_CHOICES:
            return {"quiet": quiet_from_code(value)}
        if field == "dues_day" and int(value) in DUES_DAYS:
            return {"dues_day": int(value)}
        if field == "digest" and value == DIGEST_OFF:
            return {"digest_enabled": False}
        if field == "digest" and value in DIGEST_CHOICES:
            weekday, at = digest_from_code(value)
            return {"digest_enabled": True, "digest_weekday": weekday, "digest_time": at}
        if field == "excuse" and value in ("0", "1"):
            return {"review_excuse_exempt": value == "1"}
    except ValueError:
        pass
    raise StaleButton


@guarded
async def change(update: Update, ctx: Ctx) -> None:
    field, value = args_of(update, Act.SETTING, str, str)
    actor = await actor_of(update, ctx)
    settings = await ctx.services.branch_settings.change(actor, **_change(field, value))
    await answer_button(update, _("Saved."))
    query = update.callback_query
    assert query is not None
    text, markup = await _view(ctx, settings.branch_id)
    with contextlib.suppress(BadRequest):  # the same value pressed again: nothing to redraw
        await query.edit_message_text(text, reply_markup=inline_only(markup))


COMMANDS = {"settings": show}

HANDLERS: list[BaseHandler[Update, Ctx, Any]] = [
    CallbackQueryHandler(change, pattern=pattern(Act.SETTING)),
]
