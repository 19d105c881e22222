"""What most handlers share: who is writing, replying, reading button data, and turning a
domain error into the message the user reads."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import filters

from bot.channels.telegram.callbacks import unpack
from bot.channels.telegram.render import inline_only
from bot.channels.telegram.render import markup as render
from bot.core.kernel.access import Actor
from bot.core.kernel.contacts import Address
from bot.core.kernel.errors import DomainError
from bot.handlers.context import Ctx
from bot.i18n import N_, plain
from bot.views.actions import Act
from bot.views.choices import HIDE_KEYBOARD, Choices, HideKeyboard, Keyboard, Markup
from bot.views.common import error_plain, error_text
from bot.views.menus import audiences_of, keyboard_for

log = logging.getLogger(__name__)

PRIVATE = filters.ChatType.PRIVATE
# Edits of earlier messages are not answers to the current question.
NEW_MESSAGE = filters.UpdateType.MESSAGE & PRIVATE
T = TypeVar("T")
Callback = Callable[[Update, Ctx], Coroutine[Any, Any, T]]


class StaleButton(Exception):
    """A button whose data is not (or no longer) something we can act on."""


async def actor_of(update: Update, ctx: Ctx) -> Actor:
    user = update.effective_user
    assert user is not None
    return await ctx.services.members.identify(Address.telegram(user.id), user.full_name)


def chat_id_of(update: Update) -> int:
    chat = update.effective_chat
    assert chat is not None
    return chat.id


async def send(update: Update, ctx: Ctx, text: str, markup: Markup = None) -> None:
    """Answer in the chat the update came from."""
    await ctx.bot.send_message(chat_id_of(update), text, reply_markup=render(markup))


def menu_keyboard(actor: Actor) -> Keyboard | HideKeyboard:
    return keyboard_for(audiences_of(actor)) or HIDE_KEYBOARD


async def answer_button(update: Update, text: str | None = None, *, alert: bool = False) -> None:
    query = update.callback_query
    if query is None:
        return
    try:
        await query.answer(text, show_alert=alert)
    except BadRequest:
        # A query older than Telegram keeps (about 15 minutes) cannot be answered; harmless.
        log.debug("callback query could not be answered")


async def close_buttons(
    update: Update, footer: str | None = None, *, toast: str | None = None
) -> None:
    """Answer the press (with ``toast``, if any) and remove the buttons under the pressed
    message, optionally adding a line to it. Both requests go at once: the member sees the
    message change one round trip sooner."""
    await asyncio.gather(_rewrite(update, footer), answer_button(update, toast))


async def close_into(
    update: Update,
    ctx: Ctx,
    footer: str,
    outcome: str,
    markup: Choices | None = None,
) -> None:
    """Answer the press and turn the pressed message into its outcome: the buttons give way to
    ``footer`` (what was chosen), ``outcome`` and ``markup``. One edit instead of a new message:
    the member's chat keeps one message per question, and Telegram's budget of messages is left
    for the relays to the secretary. If the message cannot be edited, ``outcome`` comes as a new
    message. The edit goes first: it is what the member waits for (and it takes the button,
    spinner and all, away); the answer to the press only tells their app to stop waiting."""
    if await _rewrite(update, f"{footer}\n\n{outcome}", markup):
        await answer_button(update)
    else:
        await asyncio.gather(answer_button(update), send(update, ctx, outcome, markup))


async def _rewrite(update: Update, footer: str | None, markup: Choices | None = None) -> bool:
    """Add ``footer`` to the pressed message's text, its buttons replaced by ``markup`` (or just
    remove them, if it has no text); whether the message now shows the footer."""
    query = update.callback_query
    if query is None or query.message is None:
        return False
    text = getattr(query.message, "text_html", None)
    try:
        if footer and text:
            await query.edit_message_text(f"{text}\n\n{footer}", reply_markup=inline_only(markup))
            return True
        await query.edit_message_reply_markup(reply_markup=None)
    except BadRequest:
        log.debug("pressed message could not be edited")
    return False


def args_of(update: Update, verb: Act, *types: type[Any]) -> list[Any]:
    """The typed arguments of a pressed button, or ``StaleButton``."""
    query = update.callback_query
    action = unpack(query.data if query else None)
    if action is None or action.verb is not verb or len(action.args) != len(types):
        raise StaleButton
    try:
        return [kind(raw) for kind, raw in zip(types, action.args, strict=True)]
    except ValueError:
        raise StaleButton from None


def guarded(callback: Callback[T]) -> Callback[T | None]:
    """Show a domain error or a stale button to the user instead of failing."""

    @functools.wraps(callback)
    async def wrapper(update: Update, ctx: Ctx) -> T | None:
        try:
            return await callback(update, ctx)
        except StaleButton:
            await answer_button(update, plain(N_("This button is no longer valid.")), alert=True)
        except DomainError as error:
            if update.callback_query is not None:
                await answer_button(update, error_plain(error), alert=True)
            else:
                await send(update, ctx, error_text(error))
        return None

    return wrapper
