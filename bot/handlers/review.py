"""The year-end review in chat: members say whether they come and send self-assessments;
leaders set the meeting, see who is ready and grade. (Exemptions and their renewals:
``bot.handlers.exemptions``.)"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.channels.telegram.callbacks import pattern
from bot.channels.telegram.render import inline_only
from bot.core.kernel.access import Action
from bot.core.review.forms import (
    ABSENCE_FORM,
    ASSESSMENT_FORM,
    MEETING_FORM,
)
from bot.core.review.rules import Grade
from bot.handlers.buttons import answer_button, args_of, close_buttons
from bot.handlers.common import actor_of, guarded
from bot.handlers.context import Ctx
from bot.handlers.forms import END, FormFlow
from bot.handlers.replies import menu_keyboard, send, to_menu
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
    """The review buttons that do not open a form: attend, grades."""
    (what,) = args_of(update, Act.REVIEW, str)
    actor = await actor_of(update, ctx)
    if what == views.ATTEND:
        await ctx.services.review.attend(actor)
        await close_buttons(update, html_text(N_("➡️ I will attend")))
        await send(update, ctx, html_text(N_("✅ Thank you! Your branch will count on you.")))
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


ABSENCE_FLOW = FormFlow(
    ABSENCE_FORM, on_complete=_absent, title=N_("Cannot come back"), summary=False
)
ASSESSMENT_FLOW = FormFlow(
    ASSESSMENT_FORM, on_complete=_assessment, title=N_("Self-assessment"), summary=False
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
    await to_menu(
        update,
        ctx,
        actor,
        N_("📅 The meeting is set for {day}. Members who work away will be reminded."),
        day=format_date(ctx.services.deps.local_date(found.meeting_at)),
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


# ---- registration -------------------------------------------------------------------------


def conversations() -> list[BaseHandler[Update, Ctx, Any]]:
    return [
        ABSENCE_FLOW.on_choice(Act.REVIEW, views.ABSENT, Action.ANSWER_REVIEW),
        ASSESSMENT_FLOW.on_choice(Act.REVIEW, views.ASSESS, Action.ANSWER_REVIEW),
        MEETING_FLOW.on_choice(Act.REVIEW, views.SETUP, Action.MANAGE_REVIEW),
    ]


COMMANDS = {"review": review}

HANDLERS: list[BaseHandler[Update, Ctx, Any]] = [
    CallbackQueryHandler(button_pressed, pattern=pattern(Act.REVIEW)),
    CallbackQueryHandler(grade, pattern=pattern(Act.GRADE)),
]
