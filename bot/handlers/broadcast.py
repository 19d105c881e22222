"""/broadcast: the secretary writes to members away (or a filtered group), sees a preview,
confirms; the delivery report arrives when everything has gone out."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler

from bot.core.broadcast import BROADCAST_FORM, Audience
from bot.core.kernel.access import Action
from bot.handlers.common import actor_of
from bot.handlers.context import Ctx
from bot.handlers.forms import END, FormFlow
from bot.handlers.replies import to_menu
from bot.i18n import N_
from bot.views.broadcast import preview


async def _preview(update: Update, ctx: Ctx, answers: dict[str, str]) -> str:
    actor = await actor_of(update, ctx)
    officer = actor.require_member(Action.BROADCAST)
    recipients = await ctx.services.broadcasts.recipients(actor, Audience(answers["audience"]))
    return preview(answers, officer, recipients)


async def _send(
    update: Update, ctx: Ctx, answers: dict[str, str], _extra: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    broadcast = await ctx.services.broadcasts.send(actor, answers)
    await to_menu(
        update,
        ctx,
        actor,
        N_(
            "📣 Sending to {count} members. You will get a delivery report when it has "
            "all gone out."
        ),
        count=broadcast.recipients,
    )
    return END


BROADCAST_FLOW = FormFlow(BROADCAST_FORM, on_complete=_send, title=N_("Announcement"))
BROADCAST_FLOW.preview = _preview


def conversations() -> list[BaseHandler[Update, Ctx, Any]]:
    return [BROADCAST_FLOW.on_command("broadcast", Action.BROADCAST)]
