"""The views' channel-neutral messages as Telegram renders them: choices as inline buttons, the
menu as the reply keyboard, commands as the command menu; and sending one message."""

from __future__ import annotations

import asyncio
import logging

from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.error import BadRequest

from bot.channels.telegram.callbacks import pack
from bot.core.kernel.contacts import Address, Channel
from bot.views.choices import Choice, Choices, HideKeyboard, Keyboard, Markup, Share
from bot.views.outgoing import Command, Edit, MediaKind, MessageOut

log = logging.getLogger(__name__)

TelegramMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


def chat_of(address: Address) -> int:
    """The Telegram chat behind an address (the core keeps it as text)."""
    if address.channel is not Channel.TELEGRAM:
        raise ValueError(f"not a Telegram address: {address.channel}")
    return int(address.value)


def inline_button(choice: Choice) -> InlineKeyboardButton:
    if choice.url is not None:
        return InlineKeyboardButton(choice.label, url=choice.url)
    assert choice.action is not None, "a choice runs an action or opens a link"
    return InlineKeyboardButton(choice.label, callback_data=pack(choice.action))


def inline_markup(choices: Choices) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[inline_button(c) for c in row] for row in choices.rows])


def reply_keyboard(keyboard: Keyboard) -> ReplyKeyboardMarkup:
    rows = [
        [
            KeyboardButton(
                key.label,
                request_contact=(key.share is Share.CONTACT) or None,
                request_location=(key.share is Share.LOCATION) or None,
            )
            for key in row
        ]
        for row in keyboard.rows
    ]
    if keyboard.persistent:
        return ReplyKeyboardMarkup(rows, resize_keyboard=True, is_persistent=True)
    return ReplyKeyboardMarkup(rows, resize_keyboard=True, one_time_keyboard=True)


def markup(neutral: Markup) -> TelegramMarkup | None:
    if neutral is None:
        return None
    if isinstance(neutral, Choices):
        return inline_markup(neutral)
    if isinstance(neutral, Keyboard):
        return reply_keyboard(neutral)
    assert isinstance(neutral, HideKeyboard)
    return ReplyKeyboardRemove()


def inline_only(neutral: Choices | None) -> InlineKeyboardMarkup | None:
    """For edits, which take inline buttons only."""
    return None if neutral is None else inline_markup(neutral)


def commands(menu: list[Command]) -> list[BotCommand]:
    return [BotCommand(command.name, command.description) for command in menu]


async def transmit(bot: Bot, chat_id: int, message: MessageOut, *, silent: bool = False) -> int:
    """Send one message (with its picture or file, if any); returns its message id."""
    if message.edit is not None:
        return await _edit(bot, chat_id, message, message.edit)
    reply_markup = markup(message.markup)
    if message.photo is not None:
        content = await asyncio.to_thread(message.photo.make)
        sent = await bot.send_photo(
            chat_id,
            InputFile(content, filename=message.photo.filename),
            caption=message.text,
            reply_markup=reply_markup,
            disable_notification=silent,
        )
    elif message.media is not None:
        send = bot.send_photo if message.media.kind is MediaKind.PHOTO else bot.send_document
        sent = await send(
            chat_id,
            message.media.ref,
            caption=message.text,
            reply_markup=reply_markup,
            disable_notification=silent,
        )
    else:
        sent = await bot.send_message(
            chat_id, message.text, reply_markup=reply_markup, disable_notification=silent
        )
    return sent.message_id


async def _edit(bot: Bot, chat_id: int, message: MessageOut, edit: Edit) -> int:
    """Bring a message up to date in place. One Telegram will not edit (deleted by its reader,
    too old) is left as it is: the update is about that message, not news of its own."""
    buttons = inline_only(message.markup if isinstance(message.markup, Choices) else None)
    try:
        if edit.caption:
            await bot.edit_message_caption(
                chat_id, edit.message_id, caption=message.text, reply_markup=buttons
            )
        else:
            await bot.edit_message_text(
                message.text, chat_id, edit.message_id, reply_markup=buttons
            )
    except BadRequest as exc:
        log.info("message %s not brought up to date: %s", edit.message_id, exc.message)
    return edit.message_id
