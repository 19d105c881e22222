"""Officer tools: the digest on demand, the branch workbook, the audit log, and the
committee's totals for operators."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from telegram import InputFile, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.channels.telegram.callbacks import pattern
from bot.channels.telegram.render import inline_only, transmit
from bot.handlers.buttons import answer_button, args_of
from bot.handlers.common import actor_of, guarded
from bot.handlers.context import Ctx
from bot.handlers.replies import chat_id_of, send
from bot.i18n import N_, html_text
from bot.views.actions import Act
from bot.views.audit import log_view
from bot.views.committee import committee_text
from bot.views.digest import digest_messages


@guarded
async def digest(update: Update, ctx: Ctx) -> None:
    """``/digest``: this week so far, as the Monday digest will show it, with its chart."""
    actor = await actor_of(update, ctx)
    current = await ctx.services.digest.current(actor)
    for message in digest_messages(current, ctx.services.deps.zone):
        await transmit(ctx.bot, chat_id_of(update), message)


@guarded
async def committee(update: Update, ctx: Ctx) -> None:
    """``/committee``: totals across every branch, for operators; no member's name."""
    actor = await actor_of(update, ctx)
    digests = await ctx.services.digest.committee(actor)
    for text in committee_text(digests, ctx.services.deps.zone):
        await send(update, ctx, text)


@guarded
async def export(update: Update, ctx: Ctx) -> None:
    """``/export``: the branch workbook (members away, check-ins, dues, review)."""
    actor = await actor_of(update, ctx)
    data = await ctx.services.roster.export(actor)
    from bot.exports.branch import branch_workbook  # openpyxl: only when a sheet is asked for

    content = await asyncio.to_thread(branch_workbook, data, ctx.services.deps.zone)
    day = ctx.services.deps.today()
    await ctx.bot.send_document(
        chat_id_of(update),
        InputFile(content, filename=f"chi-bo-{day:%Y-%m-%d}.xlsx"),
        caption=html_text(
            N_("📥 The branch workbook. It holds members' personal data: keep it safe.")
        ),
    )


@guarded
async def log(update: Update, ctx: Ctx) -> None:
    """``/log``: the branch's recent audit log."""
    actor = await actor_of(update, ctx)
    text, markup = log_view(await ctx.services.audit_log.recent(actor), ctx.services.deps.zone)
    await send(update, ctx, text, markup)


@guarded
async def log_page(update: Update, ctx: Ctx) -> None:
    (number,) = args_of(update, Act.AUDIT, int)
    actor = await actor_of(update, ctx)
    text, markup = log_view(
        await ctx.services.audit_log.recent(actor, number), ctx.services.deps.zone
    )
    await answer_button(update)
    query = update.callback_query
    assert query is not None
    with contextlib.suppress(BadRequest):
        await query.edit_message_text(text, reply_markup=inline_only(markup))


COMMANDS = {
    "digest": digest,
    "committee": committee,
    "export": export,
    "log": log,
}

HANDLERS: list[BaseHandler[Update, Ctx, Any]] = [
    CallbackQueryHandler(log_page, pattern=pattern(Act.AUDIT)),
]
