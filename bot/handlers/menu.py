"""/help, the keyboard buttons, and what happens to anything no other handler took."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from telegram import Update

from bot.core.kernel.model import MemberStatus
from bot.handlers.buttons import answer_button
from bot.handlers.common import actor_of
from bot.handlers.context import Ctx
from bot.handlers.replies import menu_keyboard, send, to_menu
from bot.i18n import N_, plain
from bot.views.menus import audiences_of, button_commands, help_text
from bot.views.onboarding import stranger_text, waiting_text

Command = Callable[[Update, Ctx], Coroutine[Any, Any, object]]


async def help_command(update: Update, ctx: Ctx) -> None:
    """``/help``: what this person's role can do."""
    actor = await actor_of(update, ctx)
    await send(update, ctx, help_text(audiences_of(actor)), menu_keyboard(actor))


def button_dispatcher(commands: Mapping[str, Command]) -> Command:
    """A keyboard button sends its label as text; run the command it stands for."""
    by_label = button_commands()

    async def on_button(update: Update, ctx: Ctx) -> object:
        assert update.message is not None and update.message.text is not None
        command = commands.get(by_label.get(update.message.text, ""))
        if command is None:
            await not_understood(update, ctx)
            return None
        return await command(update, ctx)

    return on_button


async def not_understood(update: Update, ctx: Ctx) -> None:
    """Anything in a private chat that no handler took."""
    actor = await actor_of(update, ctx)
    member = actor.member
    if member is None and not actor.superadmin:
        await send(update, ctx, stranger_text())
    elif member is not None and member.status is MemberStatus.PENDING:
        await send(update, ctx, waiting_text(), menu_keyboard(actor))
    else:
        await to_menu(
            update,
            ctx,
            actor,
            N_("I did not understand that. Please use the buttons below, or send /help."),
        )


async def stale_button(update: Update, _ctx: Ctx) -> None:
    """A button no handler took: from an old message, pressed twice, or forged."""
    await answer_button(update, plain(N_("This button is no longer valid.")), alert=True)


async def nothing_to_cancel(update: Update, ctx: Ctx) -> None:
    """``/cancel`` outside a form."""
    actor = await actor_of(update, ctx)
    await to_menu(update, ctx, actor, N_("There is no form in progress to stop."))
