"""Messages between a member and the branch's officers: writing to the branch, replying from
a card, and a Telegram reply to a message the bot delivered."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.channels.telegram.callbacks import pattern
from bot.core.checkins.messaging import MESSAGE_FORM
from bot.core.kernel.access import Action
from bot.core.kernel.contacts import Address
from bot.handlers.buttons import answer_button, args_of
from bot.handlers.common import NEW_MESSAGE, actor_of, guarded
from bot.handlers.context import Ctx
from bot.handlers.forms import END, FormFlow
from bot.handlers.replies import chat_id_of, send, to_menu
from bot.i18n import N_, html_text
from bot.views.actions import Act


async def _send_message(
    update: Update, ctx: Ctx, answers: dict[str, str], extra: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    messaging = ctx.services.messaging
    peer = int(extra.get("peer") or 0)
    if not peer:
        await messaging.to_branch(actor, answers["text"])
    elif actor.member is not None and actor.member.is_officer:
        await messaging.to_member(actor, peer, answers["text"])
    else:
        await messaging.to_officer(actor, peer, answers["text"])
    await to_menu(update, ctx, actor, N_("✉️ Sent."))
    return END


MESSAGE_FLOW = FormFlow(
    MESSAGE_FORM, on_complete=_send_message, title=N_("Message"), summary=False
)


@guarded
async def _start_reply(update: Update, ctx: Ctx) -> object:
    (peer_id,) = args_of(update, Act.REPLY, int)
    actor = await actor_of(update, ctx)
    name = await ctx.services.messaging.recipient_name(actor, peer_id)
    await answer_button(update)
    return await MESSAGE_FLOW.begin(
        update, ctx, extra={"peer": peer_id}, intro=html_text(N_("✉️ To {name}."), name=name)
    )


@guarded
async def native_reply(update: Update, ctx: Ctx) -> None:
    """A Telegram reply to a card or a message the bot delivered reaches the other side."""
    message = update.message
    assert message is not None
    assert message.reply_to_message is not None
    actor = await actor_of(update, ctx)
    peer = await ctx.services.messaging.reply(
        actor,
        Address.telegram(chat_id_of(update)),
        message.reply_to_message.message_id,
        message.text or "",
    )
    await send(update, ctx, html_text(N_("✉️ Sent to {name}."), name=peer.full_name))


def conversations() -> list[BaseHandler[Update, Ctx, Any]]:
    return [
        MESSAGE_FLOW.conversation(
            entry_points=[
                *MESSAGE_FLOW.started_by("write", Action.MESSAGE_BRANCH),
                CallbackQueryHandler(_start_reply, pattern=pattern(Act.REPLY)),
            ],
        ),
    ]


HANDLERS: list[BaseHandler[Update, Ctx, Any]] = [
    MessageHandler(NEW_MESSAGE & filters.REPLY & filters.TEXT & ~filters.COMMAND, native_reply),
]
