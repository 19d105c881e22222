"""Check-ins in chat: answering a prompt, checking in from the menu, a note, a location, a
pause, difficulties, a return home. (Messages between officers and members:
``bot.handlers.messaging``.)"""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import Update
from telegram.constants import ChatMemberStatus
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    MessageHandler,
    filters,
)

from bot.channels.telegram.callbacks import pattern
from bot.core.checkins.answers import Difficulty
from bot.core.checkins.forms import DIFFICULTY_FORM, NOTE_FORM, PAUSE_FORM
from bot.core.kernel.access import Action
from bot.core.kernel.contacts import Address
from bot.core.members.registration import WORKPLACE
from bot.handlers.buttons import answer_button, args_of, close_buttons, close_into
from bot.handlers.common import NEW_MESSAGE, actor_of, guarded
from bot.handlers.context import Ctx
from bot.handlers.forms import END, FormFlow
from bot.handlers.replies import menu_keyboard, send, to_menu
from bot.i18n import N_, _, html_text
from bot.views import checkins as views
from bot.views.actions import Act

# ---- answering a prompt -------------------------------------------------------------------

_CLOSING = {
    views.ANSWER_SAME: N_("➡️ Still the same"),
    views.ANSWER_MOVED: N_("➡️ I moved"),
    views.ANSWER_HOME: N_("➡️ I came back home"),
    views.ANSWER_DIFFICULTY: N_("➡️ I have difficulties"),
}


def _answer_pattern(*answers: str) -> str:
    return rf"^{Act.CHECKIN.value}:\d+:[{''.join(answers)}]$"


async def _close_prompt(update: Update, answer: str) -> None:
    await close_buttons(update, html_text(_CLOSING[answer]))


@guarded
async def answer_prompt(update: Update, ctx: Ctx) -> None:
    """«Still the same» or «I came back home» under a prompt (or the menu's check-in)."""
    prompt_id, answer = args_of(update, Act.CHECKIN, int, str)
    actor = await actor_of(update, ctx)
    checkins = ctx.services.checkins
    if answer == views.ANSWER_SAME:
        checkin = await checkins.check_in(actor, prompt_id=prompt_id)
    elif answer == views.ANSWER_HOME:
        checkin = await checkins.request_return(actor, prompt_id=prompt_id)
    else:
        await answer_button(update, _("This button is no longer valid."), alert=True)
        return
    text, markup = views.recorded(checkin.kind, checkin.id)
    await close_into(update, ctx, html_text(_CLOSING[answer]), text, markup)


@guarded
async def check_in_now(update: Update, ctx: Ctx) -> None:
    """``/checkin``: the member checks in without waiting to be asked."""
    actor = await actor_of(update, ctx)
    record = await ctx.services.members.record(actor)
    actor.require(Action.CHECK_IN)
    work = record.current.workplace if record.current else None
    text, markup = views.anytime_checkin(
        work.employer if work else None, work.province if work else None
    )
    await send(update, ctx, text, markup)


@guarded
async def location(update: Update, ctx: Ctx) -> None:
    """A shared location: kept coarse, attached to the check-in just made or one of its own."""
    assert update.message is not None
    assert update.message.location is not None
    actor = await actor_of(update, ctx)
    where = update.message.location
    checkin = await ctx.services.checkins.add_location(actor, where.latitude, where.longitude)
    await to_menu(
        update,
        ctx,
        actor,
        N_("📌 Thank you, your approximate location ({latitude}, {longitude}) is recorded."),
        latitude=checkin.latitude if checkin.latitude is not None else round(where.latitude, 1),
        longitude=checkin.longitude
        if checkin.longitude is not None
        else round(where.longitude, 1),
    )


# ---- forms: a move, a difficulty, a pause, a note ------------------------------------------


def _prompt_of(extra: dict[str, Any]) -> int | None:
    return int(extra.get("prompt") or 0) or None


async def _record_move(
    update: Update, ctx: Ctx, answers: dict[str, str], extra: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    await ctx.services.checkins.moved(actor, answers, prompt_id=_prompt_of(extra))
    await to_menu(
        update,
        ctx,
        actor,
        N_(
            "✅ Your new workplace is recorded, and your branch has been told. Your earlier "
            "workplace is kept in your history."
        ),
    )
    return END


async def _record_difficulty(
    update: Update, ctx: Ctx, answers: dict[str, str], extra: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    checkin = await ctx.services.checkins.report_difficulty(
        actor,
        checkin_id=int(extra["checkin"]),
        difficulty=Difficulty(answers["difficulty"]),
        text=answers["text"],
    )
    text, _markup = views.recorded(checkin.kind, checkin.id)
    await send(update, ctx, text, menu_keyboard(actor))
    return END


async def _record_pause(
    update: Update, ctx: Ctx, answers: dict[str, str], _extra: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    until = date.fromisoformat(answers["until"])
    await ctx.services.checkins.pause(actor, until=until, reason=answers.get("reason") or None)
    await to_menu(
        update,
        ctx,
        actor,
        N_(
            "⏸ Understood. The bot will not ask you to check in until {until}, and your "
            "branch has been told. Have a safe time!"
        ),
        until=until,
    )
    return END


async def _record_note(
    update: Update, ctx: Ctx, answers: dict[str, str], extra: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    await ctx.services.checkins.add_note(actor, int(extra["checkin"]), answers["note"])
    await to_menu(update, ctx, actor, N_("📝 Your note is added. Thank you!"))
    return END


MOVE_FLOW = FormFlow(WORKPLACE, on_complete=_record_move, title=N_("Your new workplace"))
DIFFICULTY_FLOW = FormFlow(
    DIFFICULTY_FORM, on_complete=_record_difficulty, title=N_("Difficulties"), summary=False
)
PAUSE_FLOW = FormFlow(PAUSE_FORM, on_complete=_record_pause, title=N_("Out of reach"))
NOTE_FLOW = FormFlow(NOTE_FORM, on_complete=_record_note, title=N_("Note"), summary=False)


def _from_prompt(flow: FormFlow, answer: str) -> BaseHandler[Update, Ctx, Any]:
    """A prompt's button that continues in a form (a move, a difficulty)."""

    @guarded
    async def start(update: Update, ctx: Ctx) -> object:
        prompt_id, _answer = args_of(update, Act.CHECKIN, int, str)
        actor = await actor_of(update, ctx)
        actor.require(Action.CHECK_IN)
        if actor.member is None or not actor.member.works_away:
            await answer_button(update, _("Check-ins are for members who work away."), alert=True)
            return END
        await _close_prompt(update, answer)
        extra: dict[str, Any] = {"prompt": prompt_id}
        if flow is DIFFICULTY_FLOW:  # said with the press: recorded and relayed now
            begun = await ctx.services.checkins.difficulty_begun(
                actor, prompt_id=prompt_id or None
            )
            extra["checkin"] = begun.id
        return await flow.begin(update, ctx, extra=extra)

    return CallbackQueryHandler(start, pattern=_answer_pattern(answer))


@guarded
async def _start_note(update: Update, ctx: Ctx) -> object:
    (checkin_id,) = args_of(update, Act.NOTE, int)
    actor = await actor_of(update, ctx)
    actor.require(Action.CHECK_IN)
    await close_buttons(update)
    return await NOTE_FLOW.begin(update, ctx, extra={"checkin": checkin_id})


# ---- the branch confirms a return ---------------------------------------------------------


@guarded
async def decide_return(update: Update, ctx: Ctx) -> None:
    member_id, confirmed = args_of(update, Act.RETURN, int, int)
    actor = await actor_of(update, ctx)
    member = await ctx.services.returns.decide_return(actor, member_id, confirmed=bool(confirmed))
    officer = actor.member.full_name if actor.member else actor.display_name
    if confirmed:
        footer = html_text(
            N_("✅ {officer} confirmed that {name} is back home."),
            officer=officer,
            name=member.full_name,
        )
    else:
        footer = html_text(
            N_("↩️ {officer} noted that {name} is not back yet."),
            officer=officer,
            name=member.full_name,
        )
    await close_buttons(update, footer)


# ---- reachability -----------------------------------------------------------------------


async def chat_member(update: Update, ctx: Ctx) -> None:
    """Telegram tells the bot when someone blocks or unblocks it in a private chat."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    if change.new_chat_member.status == ChatMemberStatus.BANNED:
        await ctx.services.checkins.unreachable(Address.telegram(change.chat.id))
    elif change.new_chat_member.status == ChatMemberStatus.MEMBER:
        await ctx.services.checkins.reachable(Address.telegram(change.chat.id))


# ---- registration with the application --------------------------------------------------


def conversations() -> list[BaseHandler[Update, Ctx, Any]]:
    return [
        MOVE_FLOW.conversation(
            entry_points=[
                *MOVE_FLOW.started_by("move", Action.UPDATE_OWN_WORKPLACE),
                _from_prompt(MOVE_FLOW, views.ANSWER_MOVED),
            ],
        ),
        DIFFICULTY_FLOW.conversation(
            entry_points=[_from_prompt(DIFFICULTY_FLOW, views.ANSWER_DIFFICULTY)],
        ),
        PAUSE_FLOW.on_command("pause", Action.CHECK_IN),
        NOTE_FLOW.conversation(
            entry_points=[CallbackQueryHandler(_start_note, pattern=pattern(Act.NOTE))],
        ),
    ]


COMMANDS = {"checkin": check_in_now}

HANDLERS: list[BaseHandler[Update, Ctx, Any]] = [
    CallbackQueryHandler(
        answer_prompt, pattern=_answer_pattern(views.ANSWER_SAME, views.ANSWER_HOME)
    ),
    CallbackQueryHandler(decide_return, pattern=pattern(Act.RETURN)),
    MessageHandler(NEW_MESSAGE & filters.LOCATION, location),
    ChatMemberHandler(chat_member, chat_member_types=ChatMemberHandler.MY_CHAT_MEMBER),
]
