"""Officer tools: the digest on demand."""

from __future__ import annotations

from telegram import Update

from bot.handlers.common import actor_of, guarded, send
from bot.handlers.context import Ctx
from bot.views.digest import digest_text


@guarded
async def digest(update: Update, ctx: Ctx) -> None:
    """``/digest``: this week so far, as the Monday digest will show it."""
    actor = await actor_of(update, ctx)
    current = await ctx.services.digest.current(actor)
    await send(update, ctx, digest_text(current, ctx.services.zone))


COMMANDS = {"digest": digest}
