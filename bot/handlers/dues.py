"""Dues in chat, for the member: their year month by month, how the amount is computed, and
their payment reports (the officers' side is ``bot.handlers.dues_officers``)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.channels.telegram.callbacks import pattern
from bot.core.dues.forms import CANT_PAY_FORM, PAYMENT_FORM
from bot.core.dues.ledger import PayMethod
from bot.core.kernel.access import Action
from bot.handlers import dues_officers
from bot.handlers.buttons import answer_button, args_of
from bot.handlers.common import actor_of, guarded
from bot.handlers.context import Ctx
from bot.handlers.forms import END, FormFlow
from bot.handlers.replies import send, to_menu
from bot.i18n import N_, _
from bot.views import dues as views
from bot.views.actions import Act


@guarded
async def dues(update: Update, ctx: Ctx) -> None:
    """``/dues``: an officer's arrears list, or a member's year month by month."""
    actor = await actor_of(update, ctx)
    if actor.can(Action.READ_DUES):
        await dues_officers.arrears(update, ctx, actor)
        return
    statement = await ctx.services.dues.own_statement(actor)
    earlier = await ctx.services.dues.own_arrears(actor)
    text, markup = views.own_statement(statement, earlier)
    await send(update, ctx, text, markup)


async def _start_payment(update: Update, ctx: Ctx, what: str) -> object:
    actor = await actor_of(update, ctx)
    months = await ctx.services.dues.payable_months(actor)
    if not months:
        await answer_button(
            update, _("Nothing is open: every month is paid. Thank you!"), alert=True
        )
        return END
    current = ctx.services.dues.current_month()
    preselect = [current.iso()] if current in months else []
    answers: dict[str, str] = {}
    if what == views.RELATIVE:
        answers["method"] = PayMethod.RELATIVE.value
    if what == views.PAID and preselect:
        answers["months"] = preselect[0]  # «this month by default»; the summary can change it
    await answer_button(update)
    return await PAYMENT_FLOW.begin(
        update,
        ctx,
        answers=answers,
        extra={"choices:months": views.month_choices(months), "preselect:months": preselect},
    )


@guarded
async def payment_button(update: Update, ctx: Ctx) -> object:
    """«I paid», «I paid several months», «A relative paid»: the report form."""
    (what,) = args_of(update, Act.DUES, str)
    return await _start_payment(update, ctx, what)


@guarded
async def cant_pay_button(update: Update, ctx: Ctx) -> object:
    actor = await actor_of(update, ctx)
    actor.require(Action.REPORT_DUES)
    await answer_button(update)
    return await CANT_PAY_FLOW.begin(update, ctx)


@guarded
async def member_button(update: Update, ctx: Ctx) -> object:
    """«How is it computed?» and an officer's «My own dues»."""
    (what,) = args_of(update, Act.DUES, str)
    actor = await actor_of(update, ctx)
    if what == views.HOW:
        statement = await ctx.services.dues.own_statement(actor)
        await answer_button(update)
        line = statement.line(ctx.services.dues.current_month())
        await send(update, ctx, views.computation_text(line.computation))
        return None
    if what == views.OWN:
        statement = await ctx.services.dues.own_statement(actor)
        earlier = await ctx.services.dues.own_arrears(actor)
        await answer_button(update)
        text, markup = views.own_statement(statement, earlier)
        await send(update, ctx, text, markup)
        return None
    await answer_button(update, _("This button is no longer valid."), alert=True)
    return None


async def _report(
    update: Update, ctx: Ctx, answers: dict[str, str], _extra: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    await ctx.services.dues_payments.report(actor, answers)
    await to_menu(
        update,
        ctx,
        actor,
        N_(
            "📨 Sent to your branch. It counts once an officer confirms it; you will get a "
            "message then."
        ),
    )
    return END


async def _cant_pay(
    update: Update, ctx: Ctx, answers: dict[str, str], _extra: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    await ctx.services.dues_payments.cant_pay(actor, answers["reason"])
    await to_menu(
        update,
        ctx,
        actor,
        N_(
            "🙏 Thank you for telling us. Your branch secretary has been told and may reduce "
            "or waive your dues."
        ),
    )
    return END


PAYMENT_FLOW = FormFlow(PAYMENT_FORM, on_complete=_report, title=N_("Your dues payment"))
CANT_PAY_FLOW = FormFlow(
    CANT_PAY_FORM, on_complete=_cant_pay, title=N_("Cannot pay now"), summary=False
)


def conversations() -> list[BaseHandler[Update, Ctx, Any]]:
    paying = f"^{Act.DUES.value}:({views.PAID}|{views.SEVERAL}|{views.RELATIVE})$"
    return [
        PAYMENT_FLOW.conversation(
            entry_points=[CallbackQueryHandler(payment_button, pattern=paying)]
        ),
        CANT_PAY_FLOW.conversation(
            entry_points=[
                CallbackQueryHandler(cant_pay_button, pattern=f"^{Act.DUES.value}:{views.CANT}$")
            ],
        ),
    ]


COMMANDS = {"dues": dues}

HANDLERS: list[BaseHandler[Update, Ctx, Any]] = [
    CallbackQueryHandler(member_button, pattern=pattern(Act.DUES)),
]
