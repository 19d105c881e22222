"""Answering in the chat an update came from, with the person's menu where an answer ends."""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.channels.telegram.render import markup as render
from bot.core.kernel.access import Actor
from bot.handlers.context import Ctx
from bot.i18n import html_text
from bot.views.choices import HIDE_KEYBOARD, HideKeyboard, Keyboard, Markup
from bot.views.menus import audiences_of, keyboard_for


def chat_id_of(update: Update) -> int:
    chat = update.effective_chat
    assert chat is not None
    return chat.id


async def send(update: Update, ctx: Ctx, text: str, markup: Markup = None) -> None:
    """Answer in the chat the update came from."""
    await ctx.bot.send_message(chat_id_of(update), text, reply_markup=render(markup))


def menu_keyboard(actor: Actor) -> Keyboard | HideKeyboard:
    return keyboard_for(audiences_of(actor)) or HIDE_KEYBOARD


async def to_menu(update: Update, ctx: Ctx, actor: Actor, msgid: str, **params: Any) -> None:
    """Say ``msgid`` and bring back the person's menu: how most answers end."""
    await send(update, ctx, html_text(msgid, **params), menu_keyboard(actor))
