"""The year-end review in chat: members answer and send self-assessments, ask for renewals and
report back; leaders set the meeting, see who is ready, grade, and approve renewals."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from telegram import InputFile, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.channels.telegram.callbacks import pattern
from bot.channels.telegram.render import inline_only
from bot.core.kernel.access import Action
from bot.core.review.forms import (
    ABSENCE_FORM,
    ASSESSMENT_FORM,
    MEETING_FORM,
    RENEWAL_FORM,
    REPORT_BACK_FORM,
)
from bot.core.review.rules import Grade
from bot.exports.application import application_document
from bot.handlers.common import (
    actor_of,
    answer_button,
    args_of,
    close_buttons,
    guarded,
    menu_keyboard,
    send,
)
from bot.handlers.context import Ctx
from bot.handlers.forms import END, FormFlow
from bot.i18n import N_, _, format_date, html_text, plain
from bot.views import review as views
from bot.views.actions import Act


def _today(ctx: Ctx) -> date:
    return ctx.services.deps.today()


@guarded
async def review(update: Update, ctx: Ctx) -> None:
    """``/review``: the leaders' readiness list, or the member's own status."""
    actor = await actor_of(update, ctx)
    if actor.can(Action.MANAGE_REVIEW):
        ready = await ctx.services.review.readiness(actor)
        text, markup = views.readiness(ready, ctx.services.deps.zone)
        await send(update, ctx, text, markup)
        return
    found, answer, member = await ctx.services.review.own_status(actor)
    text, own_markup = views.own_status(found, answer, member, ctx.services.deps.zone, _today(ctx))
    await send(update, ctx, text, own_markup)


# ---- members ------------------------------------------------------------------------------


@guarded
async def button_pressed(update: Update, ctx: Ctx) -> None:
    """The review buttons that do not open a form: attend, the application, grades."""
    (what,) = args_of(update, Act.REVIEW, str)
    actor = await actor_of(update, ctx)
    if what == views.ATTEND:
        await ctx.services.review.attend(actor)
        await close_buttons(update, html_text(N_("➡️ I will attend")))
        await send(update, ctx, html_text(N_("✅ Thank you! Your branch will count on you.")))
    elif what == views.FORM:
        member, branch, committee, workplace = await ctx.services.exemptions.application_data(
            actor
        )
        content = application_document(member, branch, committee, workplace, _today(ctx))
        await answer_button(update)
        await ctx.bot.send_document(
            actor.chat_id,
            InputFile(content, filename="don-xin-mien-sinh-hoat.docx"),
            caption=html_text(
                N_(
                    "📄 Your application, filled in from what the bot knows. Write "
                    "the reason, sign it and hand it to your branch."
                )
            ),
        )
    elif what == views.GRADES:
        ready = await ctx.services.review.readiness(actor)
        await answer_button(update)
        year = ready.review.year if ready.review else ctx.services.review.review_year()
        for member in ready.to_grade:
            text, markup = views.grade_card(member, year, None)
            await send(update, ctx, text, markup)
        for member, grade in ready.graded:
            text, markup = views.grade_card(member, year, grade)
            await send(update, ctx, text, markup)
        if not (ready.to_grade or ready.graded):
            await send(update, ctx, html_text(N_("There is nobody to grade yet.")))
    else:
        await answer_button(update, _("This button is no longer valid."), alert=True)


async def _absent(update: Update, ctx: Ctx, answers: dict[str, str], _e: dict[str, Any]) -> object:
    actor = await actor_of(update, ctx)
    service = ctx.services.review
    await service.cannot_come(actor, answers["reason"])
    if answers.get("assessment"):
        await service.submit_assessment(actor, answers["assessment"])
        text = html_text(
            N_("📄 Your self-assessment was received and passed to your branch. Thank you!")
        )
    else:
        text = html_text(
            N_("Understood. Please send your self-assessment before the deadline with /review.")
        )
    await send(update, ctx, text, menu_keyboard(actor))
    return END


async def _assessment(
    update: Update, ctx: Ctx, answers: dict[str, str], _e: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    answer = await ctx.services.review.submit_assessment(actor, answers["assessment"])
    if answer.replaced:
        text = html_text(
            N_(
                "📄 Your new self-assessment replaces the earlier one, and your "
                "branch has it. Thank you!"
            )
        )
    else:
        text = html_text(
            N_("📄 Your self-assessment was received and passed to your branch. Thank you!")
        )
    await send(update, ctx, text, menu_keyboard(actor))
    return END


async def _renewal(
    update: Update, ctx: Ctx, answers: dict[str, str], _e: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    await ctx.services.exemptions.request_renewal(actor, answers)
    await send(
        update,
        ctx,
        html_text(N_("🔁 Your request was sent to your branch, which will let you know.")),
        menu_keyboard(actor),
    )
    return END


async def _report_back(
    update: Update, ctx: Ctx, answers: dict[str, str], _e: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    await ctx.services.exemptions.report_back(actor, answers["remark"])
    await send(
        update,
        ctx,
        html_text(N_("📝 Your report was passed to your branch. Welcome back!")),
        menu_keyboard(actor),
    )
    return END


ABSENCE_FLOW = FormFlow(
    ABSENCE_FORM, on_complete=_absent, title=N_("Cannot come back"), summary=False
)
ASSESSMENT_FLOW = FormFlow(
    ASSESSMENT_FORM, on_complete=_assessment, title=N_("Self-assessment"), summary=False
)
RENEWAL_FLOW = FormFlow(RENEWAL_FORM, on_complete=_renewal, title=N_("Renewal"))
REPORT_BACK_FLOW = FormFlow(
    REPORT_BACK_FORM, on_complete=_report_back, title=N_("Report back"), summary=False
)

# ---- leaders ------------------------------------------------------------------------------


async def _set_meeting(
    update: Update, ctx: Ctx, answers: dict[str, str], _e: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    found = await ctx.services.review.set_meeting(
        actor,
        day=date.fromisoformat(answers["day"]),
        at=time.fromisoformat(answers["time"]),
        place=answers["place"],
        deadline=date.fromisoformat(answers["deadline"]),
    )
    await send(
        update,
        ctx,
        html_text(
            N_("📅 The meeting is set for {day}. Members who work away will be reminded."),
            day=format_date(ctx.services.deps.local_date(found.meeting_at)),
        ),
        menu_keyboard(actor),
    )
    return END


MEETING_FLOW = FormFlow(MEETING_FORM, on_complete=_set_meeting, title=N_("Review meeting"))


@guarded
async def grade(update: Update, ctx: Ctx) -> None:
    member_id, value = args_of(update, Act.GRADE, int, str)
    try:
        chosen = Grade(value)
    except ValueError:
        await answer_button(update, _("This button is no longer valid."), alert=True)
        return
    actor = await actor_of(update, ctx)
    member = await ctx.services.review.grade(actor, member_id, chosen)
    await answer_button(update, plain(N_("Saved.")))
    query = update.callback_query
    assert query is not None
    text, markup = views.grade_card(member, ctx.services.review.review_year(), chosen)
    await query.edit_message_text(text, reply_markup=inline_only(markup))


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


# ---- registration -------------------------------------------------------------------------


def _entry(flow: FormFlow, what: str, needs: Action) -> BaseHandler[Update, Ctx, Any]:
    @guarded
    async def start(update: Update, ctx: Ctx) -> object:
        actor = await actor_of(update, ctx)
        actor.require(needs)
        await answer_button(update)
        return await flow.begin(update, ctx)

    return CallbackQueryHandler(start, pattern=f"^{Act.REVIEW.value}:{what}$")


def conversations() -> list[BaseHandler[Update, Ctx, Any]]:
    return [
        ABSENCE_FLOW.conversation(
            name="review_absence",
            entry_points=[_entry(ABSENCE_FLOW, views.ABSENT, Action.ANSWER_REVIEW)],
        ),
        ASSESSMENT_FLOW.conversation(
            name="review_assessment",
            entry_points=[_entry(ASSESSMENT_FLOW, views.ASSESS, Action.ANSWER_REVIEW)],
        ),
        RENEWAL_FLOW.conversation(
            name="renewal", entry_points=[_entry(RENEWAL_FLOW, views.RENEW, Action.ANSWER_REVIEW)]
        ),
        REPORT_BACK_FLOW.conversation(
            name="report_back",
            entry_points=[_entry(REPORT_BACK_FLOW, views.BACK, Action.ANSWER_REVIEW)],
        ),
        MEETING_FLOW.conversation(
            name="review_meeting",
            entry_points=[_entry(MEETING_FLOW, views.SETUP, Action.MANAGE_REVIEW)],
        ),
    ]


COMMANDS = {"review": review}

HANDLERS: list[BaseHandler[Update, Ctx, Any]] = [
    CallbackQueryHandler(button_pressed, pattern=pattern(Act.REVIEW)),
    CallbackQueryHandler(grade, pattern=pattern(Act.GRADE)),
    CallbackQueryHandler(decide_renewal, pattern=pattern(Act.RENEWAL)),
]
