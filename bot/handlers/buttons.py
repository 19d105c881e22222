"""Inline buttons: reading what a pressed button carries, answering the press, and closing
the card it sat under."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Update
from telegram.error import BadRequest

from bot.channels.telegram.callbacks import unpack
from bot.channels.telegram.render import inline_only
from bot.handlers.context import Ctx
from bot.handlers.replies import send
from bot.views.actions import Act
from bot.views.choices import Choices

log = logging.getLogger(__name__)


class StaleButton(Exception):
    """A button whose data is not (or no longer) something we can act on."""


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
