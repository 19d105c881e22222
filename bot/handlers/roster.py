"""/members: the member list in pages and filters, member cards, and the card's actions."""

from __future__ import annotations

import contextlib
from typing import Any

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.channels.telegram.callbacks import pattern
from bot.channels.telegram.render import inline_only
from bot.core.roster import Filter
from bot.handlers.buttons import StaleButton, answer_button, args_of
from bot.handlers.common import actor_of, guarded
from bot.handlers.context import Ctx
from bot.handlers.replies import send
from bot.i18n import N_, plain
from bot.views.actions import Act
from bot.views.choices import Choices
from bot.views.roster import REMIND_CHECKIN, REMIND_DUES, card_view, members_page, status_question


async def _show(update: Update, ctx: Ctx, wanted: Filter, number: int, *, edit: bool) -> None:
    actor = await actor_of(update, ctx)
    page = await ctx.services.roster.page(actor, wanted, number)
    text, markup = members_page(page, ctx.services.deps.zone)
    await answer_button(update)
    if edit and await _edit(update, text, markup):
        return
    await send(update, ctx, text, markup)


async def _edit(update: Update, text: str, markup: Choices) -> bool:
    """Redraw the pressed message in place; False if it cannot be edited."""
    query = update.callback_query
    if query is None:
        return False
    try:
        await query.edit_message_text(text, reply_markup=inline_only(markup))
    except BadRequest as error:
        return "not modified" in str(error).lower()
    return True


@guarded
async def members(update: Update, ctx: Ctx) -> None:
    """``/members``: everyone the bot keeps in touch with, first page."""
    await _show(update, ctx, Filter.ALL, 0, edit=False)


@guarded
async def list_page(update: Update, ctx: Ctx) -> None:
    raw, number, edit = args_of(update, Act.LIST, str, int, int)
    try:
        wanted = Filter(raw)
    except ValueError:
        raise StaleButton from None
    await _show(update, ctx, wanted, number, edit=bool(edit))


@guarded
async def card(update: Update, ctx: Ctx) -> None:
    (member_id,) = args_of(update, Act.CARD, int)
    actor = await actor_of(update, ctx)
    found = await ctx.services.roster.card(actor, member_id)
    text, markup = card_view(found, ctx.services.deps.zone)
    await answer_button(update)
    await send(update, ctx, text, markup)


@guarded
async def remind(update: Update, ctx: Ctx) -> None:
    member_id, what = args_of(update, Act.REMIND, int, str)
    actor = await actor_of(update, ctx)
    if what == REMIND_CHECKIN:
        await ctx.services.checkin_prompts.ask_now(actor, member_id)
    elif what == REMIND_DUES:
        await ctx.services.dues_reminders.remind_now(actor, member_id)
    else:
        raise StaleButton
    await answer_button(update, plain(N_("Sent. The member will get it outside quiet hours.")))


@guarded
async def status(update: Update, ctx: Ctx) -> None:
    member_id, away, confirmed = args_of(update, Act.STATUS, int, int, int)
    if away not in (0, 1) or confirmed not in (0, 1):
        raise StaleButton
    actor = await actor_of(update, ctx)
    if not confirmed:
        text, markup = status_question(await ctx.services.roster.card(actor, member_id))
        await answer_button(update)
        await send(update, ctx, text, markup)
        return
    await ctx.services.returns.set_away(actor, member_id, away=bool(away))
    await answer_button(update, plain(N_("Saved.")))
    query = update.callback_query
    assert query is not None
    with contextlib.suppress(BadRequest):
        await query.edit_message_reply_markup(reply_markup=None)
    text, markup = card_view(
        await ctx.services.roster.card(actor, member_id), ctx.services.deps.zone
    )
    await send(update, ctx, text, markup)


COMMANDS = {"members": members}

HANDLERS: list[BaseHandler[Update, Ctx, Any]] = [
    CallbackQueryHandler(list_page, pattern=pattern(Act.LIST)),
    CallbackQueryHandler(card, pattern=pattern(Act.CARD)),
    CallbackQueryHandler(remind, pattern=pattern(Act.REMIND)),
    CallbackQueryHandler(status, pattern=pattern(Act.STATUS)),
]
