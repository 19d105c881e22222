"""What runs before and after every handler: private chats only, edits ignored, every change
of a conversation saved at once, and errors turned into an apology instead of silence."""

from __future__ import annotations

import contextlib
import logging
import time

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.core.kernel.flood import Verdict
from bot.handlers.context import Ctx
from bot.i18n import N_, html_text

log = logging.getLogger(__name__)


async def not_flooding(update: Update, ctx: Ctx) -> None:
    """One person's flood is dropped before it costs anyone else time (see ``core.flood``)."""
    user = update.effective_user
    if user is None:
        return
    verdict = ctx.bot_data.flood.check(user.id, time.monotonic())
    if verdict is Verdict.PASS:
        return
    chat = update.effective_chat
    if verdict is Verdict.WARN and chat is not None and chat.type == ChatType.PRIVATE:
        log.info("flood from one user: ignoring them for a moment")
        try:
            await ctx.bot.send_message(
                chat.id,
                html_text(
                    N_(
                        "You are sending messages very fast. I will read your next ones in a "
                        "few seconds."
                    )
                ),
            )
        except TelegramError:
            log.info("could not tell a flooding user to slow down")
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer()
    raise ApplicationHandlerStop


async def only_private_chats(update: Update, ctx: Ctx) -> None:
    """Membership data is never discussed in a group: the bot leaves groups it is added to,
    answers commands there with a pointer to a private chat, and ignores everything else.
    Edits of earlier messages are not answers either."""
    chat = update.effective_chat
    if update.edited_message is not None or update.edited_channel_post is not None:
        raise ApplicationHandlerStop
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    member_update = update.my_chat_member
    if member_update is not None:
        if member_update.new_chat_member.status in (
            ChatMemberStatus.MEMBER,
            ChatMemberStatus.ADMINISTRATOR,
        ):
            try:
                await ctx.bot.leave_chat(chat.id)
            except TelegramError:
                log.info("could not leave a group")
        raise ApplicationHandlerStop
    message = update.message
    if message is not None and message.text and message.text.startswith("/"):
        try:
            await message.reply_text(
                html_text(
                    N_(
                        "I only work in private chats, to keep members' data private. Please "
                        "write to me directly."
                    )
                )
            )
        except TelegramError:
            log.info("could not answer in a group")
    raise ApplicationHandlerStop


async def on_error(update: object, ctx: Ctx) -> None:
    log.error("error while handling an update", exc_info=ctx.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.effective_chat.type != ChatType.PRIVATE:
        return
    try:
        await ctx.bot.send_message(
            update.effective_chat.id,
            html_text(
                N_("Sorry, something went wrong on our side. Please try again in a moment.")
            ),
        )
    except TelegramError:
        log.info("could not tell the user about the error")
