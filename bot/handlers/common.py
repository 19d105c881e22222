"""What every handler shares: which updates it takes, who is writing, and turning a domain
error or a stale button into the message the user reads."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from telegram import Update
from telegram.ext import filters

from bot.core.kernel.access import Actor
from bot.core.kernel.contacts import Address
from bot.core.kernel.errors import DomainError
from bot.handlers.buttons import StaleButton, answer_button
from bot.handlers.context import Ctx
from bot.handlers.replies import send
from bot.i18n import N_, plain
from bot.views.common import error_plain, error_text

PRIVATE = filters.ChatType.PRIVATE
# Edits of earlier messages are not answers to the current question.
NEW_MESSAGE = filters.UpdateType.MESSAGE & PRIVATE
T = TypeVar("T")
Callback = Callable[[Update, Ctx], Coroutine[Any, Any, T]]


async def actor_of(update: Update, ctx: Ctx) -> Actor:
    user = update.effective_user
    assert user is not None
    return await ctx.services.members.identify(Address.telegram(user.id), user.full_name)


def guarded(callback: Callback[T]) -> Callback[T | None]:
    """Show a domain error or a stale button to the user instead of failing."""

    @functools.wraps(callback)
    async def wrapper(update: Update, ctx: Ctx) -> T | None:
        try:
            return await callback(update, ctx)
        except StaleButton:
            await answer_button(update, plain(N_("This button is no longer valid.")), alert=True)
        except DomainError as error:
            if update.callback_query is not None:
                await answer_button(update, error_plain(error), alert=True)
            else:
                await send(update, ctx, error_text(error))
        return None

    return wrapper
