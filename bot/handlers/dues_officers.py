"""Dues in chat, for the treasurer, the secretary and the deputy: the arrears list, confirming
or refusing a member's report (or another amount), a member's dues with the officers' forms
(cash, reduction, category, correction), and the Excel ledger."""

from __future__ import annotations

from typing import Any

from telegram import InputFile, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.channels.telegram.callbacks import pattern
from bot.core.dues.forms import (
    AMOUNT_FORM,
    CASH_FORM,
    CATEGORY_FORM,
    CORRECTION_FORM,
    REDUCTION_FORM,
)
from bot.core.kernel.access import Actor, Settle
from bot.core.kernel.calendar import Month
from bot.core.kernel.dues_profile import Category, DuesProfile, Region
from bot.core.members.registration import DUES_CATEGORY_LABELS
from bot.handlers.buttons import answer_button, args_of, close_buttons
from bot.handlers.common import actor_of, guarded
from bot.handlers.context import Ctx
from bot.handlers.forms import END, FormFlow
from bot.handlers.replies import chat_id_of, send, to_menu
from bot.i18n import N_, _, html_text, plain
from bot.views import dues as dues_views
from bot.views import dues_officers as views
from bot.views.actions import Act


async def arrears(update: Update, ctx: Ctx, actor: Actor) -> None:
    """An officer's ``/dues``: who owes what, what waits for confirmation, warnings sent."""
    found = await ctx.services.dues.branch_dues(actor)
    text, markup = views.arrears(found, ctx.services.dues.current_month().year)
    await send(update, ctx, text, markup)


# ---- officers: reports --------------------------------------------------------------------


@guarded
async def confirm(update: Update, ctx: Ctx) -> None:
    (report_id,) = args_of(update, Act.DUES_CONFIRM, int)
    actor = await actor_of(update, ctx)
    await ctx.services.dues_payments.confirm(actor, report_id)
    await _answered(
        update, actor, html_text(N_("✅ Confirmed by {officer}."), officer=_officer(actor))
    )


@guarded
async def reject(update: Update, ctx: Ctx) -> None:
    (report_id,) = args_of(update, Act.DUES_REJECT, int)
    actor = await actor_of(update, ctx)
    await ctx.services.dues_payments.reject(actor, report_id)
    await _answered(
        update, actor, html_text(N_("❌ {officer}: not received."), officer=_officer(actor))
    )


def _officer(actor: Actor) -> str:
    return actor.member.full_name if actor.member else actor.display_name


async def _answered(update: Update, actor: Actor, footer: str) -> None:
    await close_buttons(update, footer, toast=plain(N_("Saved.")))


@guarded
async def _start_other_amount(update: Update, ctx: Ctx) -> object:
    (report_id,) = args_of(update, Act.DUES_OTHER_AMOUNT, int)
    actor = await actor_of(update, ctx)
    await ctx.services.dues_payments.check_report(actor, report_id)
    await answer_button(update)
    return await AMOUNT_FLOW.begin(update, ctx, extra={"report": report_id})


async def _other_amount(
    update: Update, ctx: Ctx, answers: dict[str, str], extra: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    await ctx.services.dues_payments.confirm(
        actor, int(extra["report"]), received=int(answers["amount"])
    )
    await to_menu(update, ctx, actor, N_("✅ Confirmed with the amount received."))
    return END


AMOUNT_FLOW = FormFlow(
    AMOUNT_FORM, on_complete=_other_amount, title=N_("Amount received"), summary=False
)

# ---- officers: a member's dues ------------------------------------------------------------


async def _show_member(update: Update, ctx: Ctx, member_id: int) -> None:
    actor = await actor_of(update, ctx)
    service = ctx.services.dues
    member, statement = await service.member_statement(actor, member_id)
    settings = await ctx.services.branch_settings.get(member.branch_id)
    profile = service.profile_of(member, settings)
    category = _(DUES_CATEGORY_LABELS[profile.category])
    if member.dues_confirmed_at is None:
        category += " " + plain(N_("(not confirmed yet)"))
    text, markup = views.member_view(
        member.full_name,
        member.id,
        statement,
        category,
        statement.line(service.current_month()).computation,
    )
    await send(update, ctx, text, markup)


@guarded
async def member_dues(update: Update, ctx: Ctx) -> None:
    (member_id,) = args_of(update, Act.DUES_MEMBER, int)
    await _show_member(update, ctx, member_id)
    await answer_button(update)


@guarded
async def members_page(update: Update, ctx: Ctx) -> None:
    (page,) = args_of(update, Act.DUES_PAGE, int)
    actor = await actor_of(update, ctx)
    found = await ctx.services.dues.branch_dues(actor)
    text, markup = views.members_page(found, max(0, page))
    await answer_button(update)
    await send(update, ctx, text, markup)


@guarded
async def export(update: Update, ctx: Ctx) -> None:
    (year,) = args_of(update, Act.DUES_EXPORT, int)
    actor = await actor_of(update, ctx)
    found = await ctx.services.dues.export(actor, year)
    from bot.exports.dues import ledger_workbook  # openpyxl: only when a sheet is asked for

    content = ledger_workbook(year, found, ctx.services.deps.zone)
    await answer_button(update)
    await ctx.bot.send_document(
        chat_id_of(update),
        InputFile(content, filename=f"dang-phi-{year}.xlsx"),
        caption=html_text(N_("📥 The dues ledger of {year}."), year=year),
    )


def _officer_form(flow: FormFlow, action: Act, act: Settle) -> BaseHandler[Update, Ctx, Any]:
    @guarded
    async def start(update: Update, ctx: Ctx) -> object:
        (member_id,) = args_of(update, action, int)
        actor = await actor_of(update, ctx)
        await ctx.services.members.check_settle(actor, member_id, act)
        extra: dict[str, Any] = {"member": member_id}
        if flow is CASH_FLOW:
            months = await ctx.services.dues.cash_months(actor, member_id)
            extra["choices:months"] = dues_views.month_choices(months)
        await answer_button(update)
        return await flow.begin(update, ctx, extra=extra)

    return CallbackQueryHandler(start, pattern=pattern(action))


async def _record_cash(
    update: Update, ctx: Ctx, answers: dict[str, str], extra: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    await ctx.services.dues_payments.record_cash(actor, int(extra["member"]), answers)
    await to_menu(update, ctx, actor, N_("💵 The cash payment is recorded."))
    return END


async def _reduce(
    update: Update, ctx: Ctx, answers: dict[str, str], extra: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    await ctx.services.dues_amounts.reduce(
        actor,
        int(extra["member"]),
        percent=int(answers["percent"]),
        start=Month.parse_iso(answers["start"]),
        end=Month.parse_iso(answers["end"]),
        reason=answers["reason"],
    )
    await to_menu(update, ctx, actor, N_("📉 The reduction is recorded and the member told."))
    return END


async def _set_category(
    update: Update, ctx: Ctx, answers: dict[str, str], extra: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    member_id = int(extra["member"])
    settings = await ctx.services.branch_settings.get(
        actor.member.branch_id if actor.member else 0
    )
    profile = DuesProfile(
        category=Category(answers["category"]),
        base=int(answers["base"]) if answers.get("base") else None,
        region=Region(answers["region"]) if answers.get("region") else settings.dues_region,
        senior=answers.get("senior") == "1",
    )
    await ctx.services.dues_amounts.set_profile(actor, member_id, profile)
    await to_menu(update, ctx, actor, N_("🏷 The dues category is saved."))
    await _show_member(update, ctx, member_id)
    return END


async def _correct(
    update: Update, ctx: Ctx, answers: dict[str, str], extra: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    await ctx.services.dues_payments.correct(
        actor,
        int(extra["member"]),
        month=Month.parse_iso(answers["month"]),
        amount=int(answers["amount"]),
        reason=answers["reason"],
    )
    await to_menu(update, ctx, actor, N_("✏️ The correction is recorded."))
    return END


CASH_FLOW = FormFlow(CASH_FORM, on_complete=_record_cash, title=N_("Cash payment"))
REDUCTION_FLOW = FormFlow(REDUCTION_FORM, on_complete=_reduce, title=N_("Reduction"))
CATEGORY_FLOW = FormFlow(CATEGORY_FORM, on_complete=_set_category, title=N_("Dues category"))
CORRECTION_FLOW = FormFlow(CORRECTION_FORM, on_complete=_correct, title=N_("Correction"))


def conversations() -> list[BaseHandler[Update, Ctx, Any]]:
    return [
        AMOUNT_FLOW.conversation(
            entry_points=[
                CallbackQueryHandler(_start_other_amount, pattern=pattern(Act.DUES_OTHER_AMOUNT))
            ],
        ),
        CASH_FLOW.conversation(
            entry_points=[_officer_form(CASH_FLOW, Act.DUES_CASH, Settle.RECORD_CASH)],
        ),
        REDUCTION_FLOW.conversation(
            entry_points=[_officer_form(REDUCTION_FLOW, Act.DUES_REDUCE, Settle.REDUCE_DUES)],
        ),
        CATEGORY_FLOW.conversation(
            entry_points=[
                _officer_form(CATEGORY_FLOW, Act.DUES_CATEGORY, Settle.SET_DUES_CATEGORY)
            ],
        ),
        CORRECTION_FLOW.conversation(
            entry_points=[_officer_form(CORRECTION_FLOW, Act.DUES_CORRECT, Settle.CORRECT_DUES)],
        ),
    ]


HANDLERS: list[BaseHandler[Update, Ctx, Any]] = [
    CallbackQueryHandler(confirm, pattern=pattern(Act.DUES_CONFIRM)),
    CallbackQueryHandler(reject, pattern=pattern(Act.DUES_REJECT)),
    CallbackQueryHandler(member_dues, pattern=pattern(Act.DUES_MEMBER)),
    CallbackQueryHandler(members_page, pattern=pattern(Act.DUES_PAGE)),
    CallbackQueryHandler(export, pattern=pattern(Act.DUES_EXPORT)),
]
