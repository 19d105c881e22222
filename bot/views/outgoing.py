"""What the bot sends on its own, as the sender transmits it: a message, several in a row, or
a chat's command menu."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardMarkup,
    InputFile,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None


@dataclass(frozen=True, slots=True)
class Upload:
    """A file made when it is sent (a chart): ``make`` may take a while, so the sender runs it
    off the event loop."""

    filename: str
    make: Callable[[], bytes]


@dataclass(frozen=True, slots=True)
class MessageOut:
    text: str
    markup: Markup = None
    media: str | None = None  # "photo:<file id>" or "document:<file id>": text is its caption
    photo: Upload | None = None  # a picture to upload: text is its caption


@dataclass(frozen=True, slots=True)
class Parts:
    """Messages that go out one after the other; a crash resumes after the last one sent."""

    messages: Sequence[MessageOut]


@dataclass(frozen=True, slots=True)
class MenuOut:
    """Not a message: the chat's command menu (empty: back to the default menu)."""

    commands: list[BotCommand]


Outgoing = MessageOut | Parts | MenuOut


async def transmit(bot: Bot, chat_id: int, message: MessageOut, *, silent: bool = False) -> int:
    """Send one message (with its picture or file, if any); returns its message id."""
    if message.photo is not None:
        content = await asyncio.to_thread(message.photo.make)
        sent = await bot.send_photo(
            chat_id,
            InputFile(content, filename=message.photo.filename),
            caption=message.text,
            reply_markup=message.markup,
            disable_notification=silent,
        )
    elif message.media is not None:
        kind, file_id = message.media.split(":", 1)
        send = bot.send_photo if kind == "photo" else bot.send_document
        sent = await send(
            chat_id,
            file_id,
            caption=message.text,
            reply_markup=message.markup,
            disable_notification=silent,
        )
    else:
        sent = await bot.send_message(
            chat_id, message.text, reply_markup=message.markup, disable_notification=silent
        )
    return sent.message_id
