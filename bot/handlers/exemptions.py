"""Exemption periods in chat: the pre-filled application a member signs, asking to renew a
period and reporting back at its end; leaders approve or refuse renewals."""

from __future__ import annotations

from typing import Any

from telegram import InputFile, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.channels.telegram.callbacks import pattern
from bot.core.kernel.access import Action
from bot.core.review.forms import RENEWAL_FORM, REPORT_BACK_FORM
from bot.handlers.buttons import answer_button, args_of, close_buttons
from bot.handlers.common import actor_of, guarded
from bot.handlers.context import Ctx
from bot.handlers.forms import END, FormFlow
from bot.handlers.replies import chat_id_of, to_menu
from bot.i18n import N_, html_text
from bot.views import review as views
from bot.views.actions import Act


@guarded
async def application_form(update: Update, ctx: Ctx) -> None:
    """«The application form»: a Word file filled in from what the bot knows."""
    actor = await actor_of(update, ctx)
    member, branch, committee, workplace = await ctx.services.exemptions.application_data(actor)
    from bot.exports.application import application_document  # python-docx: on first use

    content = application_document(member, branch, committee, workplace, ctx.services.deps.today())
    await answer_button(update)
    await ctx.bot.send_document(
        chat_id_of(update),
        InputFile(content, filename="don-xin-mien-sinh-hoat.docx"),
        caption=html_text(
            N_(
                "📄 Your application, filled in from what the bot knows. Write "
                "the reason, sign it and hand it to your branch."
            )
        ),
    )


async def _renewal(
    update: Update, ctx: Ctx, answers: dict[str, str], _e: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    await ctx.services.exemptions.request_renewal(actor, answers)
    await to_menu(
        update, ctx, actor, N_("🔁 Your request was sent to your branch, which will let you know.")
    )
    return END


async def _report_back(
    update: Update, ctx: Ctx, answers: dict[str, str], _e: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    await ctx.services.exemptions.report_back(actor, answers["remark"])
    await to_menu(
        update, ctx, actor, N_("📝 Your report was passed to your branch. Welcome back!")
    )
    return END


RENEWAL_FLOW = FormFlow(RENEWAL_FORM, on_complete=_renewal, title=N_("Renewal"))
REPORT_BACK_FLOW = FormFlow(
    REPORT_BACK_FORM, on_complete=_report_back, title=N_("Report back"), summary=False
)


@guarded
async def decide_renewal(update: Update, ctx: Ctx) -> None:
    renewal_id, approve = args_of(update, Act.RENEWAL, int, int)
    actor = await actor_of(update, ctx)
    member = await ctx.services.exemptions.decide_renewal(actor, renewal_id, approve=bool(approve))
    officer = actor.member.full_name if actor.member else actor.display_name
    footer = (
        html_text(
            N_("✅ {officer} approved the extension for {name}."),
            officer=officer,
            name=member.full_name,
        )
        if approve
        else html_text(
            N_("❌ {officer} did not approve the extension for {name}."),
            officer=officer,
            name=member.full_name,
        )
    )
    await close_buttons(update, footer)


def conversations() -> list[BaseHandler[Update, Ctx, Any]]:
    return [
        RENEWAL_FLOW.on_choice(Act.REVIEW, views.RENEW, Action.ANSWER_REVIEW),
        REPORT_BACK_FLOW.on_choice(Act.REVIEW, views.BACK, Action.ANSWER_REVIEW),
    ]


HANDLERS: list[BaseHandler[Update, Ctx, Any]] = [
    CallbackQueryHandler(application_form, pattern=f"^{Act.REVIEW.value}:{views.FORM}$"),
    CallbackQueryHandler(decide_renewal, pattern=pattern(Act.RENEWAL)),
]
