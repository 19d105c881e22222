"""A member's own record: viewing it, a new workplace, export and deletion of their data."""

from __future__ import annotations

from typing import Any

from telegram import InputFile, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.channels.telegram.callbacks import pattern
from bot.channels.telegram.render import inline_only
from bot.core.kernel.access import Action
from bot.handlers.buttons import answer_button, close_buttons
from bot.handlers.common import actor_of, guarded
from bot.handlers.context import Ctx
from bot.handlers.dialogs import dialog_of
from bot.handlers.replies import chat_id_of, menu_keyboard, send
from bot.i18n import N_, html_text
from bot.views.actions import Act
from bot.views.choices import HIDE_KEYBOARD
from bot.views.members import own_record
from bot.views.profile import erase_question, export_caption, export_file


@guarded
async def profile(update: Update, ctx: Ctx) -> None:
    """``/profile``: the member's record and earlier workplaces."""
    actor = await actor_of(update, ctx)
    record = await ctx.services.members.record(actor)
    await send(update, ctx, own_record(record), menu_keyboard(actor))


@guarded
async def my_data(update: Update, ctx: Ctx) -> None:
    """``/mydata``: everything stored about this person, as a file."""
    actor = await actor_of(update, ctx)
    data = await ctx.services.members.export(actor)
    text, markup = export_caption(data)
    content = export_file(data, ctx.services.deps.now())
    await ctx.bot.send_document(
        chat_id_of(update),
        InputFile(content, filename="lienlac-my-data.json"),
        caption=text,
        reply_markup=inline_only(markup),
    )


@guarded
async def erase_ask(update: Update, ctx: Ctx) -> None:
    """«Delete my data»: asked once more, of someone the bot has data about."""
    actor = await actor_of(update, ctx)
    actor.require_member(Action.ERASE_OWN_DATA)
    await answer_button(update)
    text, markup = erase_question()
    await send(update, ctx, text, markup)


@guarded
async def erase_yes(update: Update, ctx: Ctx) -> None:
    actor = await actor_of(update, ctx)
    await ctx.services.members.erase(actor)
    # A half-filled form goes too.
    dialog_of(ctx).drop()
    await close_buttons(update)
    await send(
        update,
        ctx,
        html_text(
            N_(
                "Your personal data has been deleted and your branch secretary has been told. "
                "Thank you for the time you stayed in touch."
            )
        ),
        HIDE_KEYBOARD,
    )


@guarded
async def erase_no(update: Update, ctx: Ctx) -> None:
    await close_buttons(update, html_text(N_("➡️ Nothing was deleted.")))


COMMANDS = {"profile": profile, "mydata": my_data}

CALLBACKS: list[BaseHandler[Update, Ctx, Any]] = [
    CallbackQueryHandler(erase_ask, pattern=pattern(Act.ERASE_ASK)),
    CallbackQueryHandler(erase_yes, pattern=pattern(Act.ERASE_YES)),
    CallbackQueryHandler(erase_no, pattern=pattern(Act.ERASE_NO)),
]
