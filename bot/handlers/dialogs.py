"""The person's one dialog, around every update: loaded before the handlers run, the update
routed to the handlers of the state it is at, saved after (docs/decisions/0002).

A dialog untouched for a day has expired: it is dropped with one line to say so, and the
message is handled as a fresh start. An update that no handler of the dialog's state takes
(a check-in button, say) goes on to the other handlers, and the dialog stays as it was.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, BaseHandler

from bot.channels.telegram.render import chat_of
from bot.core.kernel.contacts import Address
from bot.core.kernel.dialogs import Dialog
from bot.handlers.context import Ctx
from bot.handlers.guard import on_error
from bot.i18n import N_, html_text

if TYPE_CHECKING:  # the forms register themselves here
    from bot.handlers.forms import FormFlow

log = logging.getLogger(__name__)

Handlers = list[BaseHandler[Update, Ctx, Any]]

# Every form, by its name: how a stored dialog finds its handlers again.
FLOWS: dict[str, FormFlow] = {}


@dataclass(slots=True)
class DialogSlot:
    """This update's dialog, as the handlers change it."""

    address: Address | None
    stored: bool  # a row exists for this person
    dialog: Dialog | None
    ctx: Ctx
    # A form's handlers used the dialog: it is saved (and its clock restarted) after the
    # update. An update other handlers took (a check-in button) leaves the row as it was.
    touched: bool = False

    def draft(self, name: str) -> dict[str, Any]:
        self.touched = True
        if self.dialog is None or self.dialog.name != name:
            assert self.address is not None, "a dialog belongs to someone in a private chat"
            now = self.ctx.services.deps.now()
            fresh: dict[str, Any] = {"answers": {}, "extra": {}, "at": None}
            self.dialog = Dialog(self.address, name, now, now, fresh)
        return self.dialog.data

    def end(self, name: str) -> None:
        if self.dialog is not None and self.dialog.name == name:
            self.dialog = None
            self.touched = True

    def drop(self) -> None:
        """Forget the dialog, whichever form it is (expired, erased, a form that is gone)."""
        self.dialog = None
        self.touched = True

    async def save(self) -> None:
        dialogs = self.ctx.services.dialogs
        if self.address is None or not self.touched:
            return
        if self.dialog is not None:
            self.dialog.touched_at = self.ctx.services.deps.now()
            await dialogs.save(self.dialog)
            self.stored = True
        elif self.stored:
            await dialogs.end(self.address)
            self.stored = False


def dialog_of(ctx: Ctx) -> DialogSlot:
    if ctx.dialog is None:  # an update the router did not see (not from a private chat)
        ctx.dialog = DialogSlot(None, False, None, ctx)
    return ctx.dialog


def _address(update: Update) -> Address | None:
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type != ChatType.PRIVATE:
        return None
    return Address.telegram(user.id)


async def route(update: Update, ctx: Ctx) -> None:
    """Load the person's dialog; if a handler of its state takes the update, run it, save
    the dialog and stop there."""
    address = _address(update)
    if address is None:
        return
    dialog, lapsed = await ctx.services.dialogs.current(address)
    slot = DialogSlot(address, dialog is not None or lapsed, dialog, ctx, touched=lapsed)
    ctx.dialog = slot
    if lapsed:
        await ctx.bot.send_message(
            chat_of(address),
            html_text(N_("⌛ The form you had started was left for too long and has expired.")),
        )
        return
    if dialog is None:
        return
    flow = FLOWS.get(dialog.name)
    if flow is None:  # a form this release no longer has
        log.info("dialog %s of an unknown form dropped", dialog.name)
        slot.drop()
        return
    application: Any = ctx.application  # typed for the context it builds, which is ours
    for handler in flow.handlers_at(dialog.state):
        check = handler.check_update(update)
        if check is None or check is False:
            continue
        slot.touched = True  # the person answered the dialog
        try:
            await handler.handle_update(update, application, check, ctx)
        except Exception as error:
            # Handled here, as PTB would: the update must not go on to the other handlers too.
            ctx.error = error
            await on_error(update, ctx)
        finally:
            await slot.save()
        raise ApplicationHandlerStop


async def save(update: Update, ctx: Ctx) -> None:
    """After the other handlers: keep what they did to the dialog (before the update is
    confirmed to the platform, so a crash cannot lose it)."""
    if ctx.dialog is not None:
        await dialog_of(ctx).save()
