"""A member opens an invitation link and fills the registration form; an officer's link makes
them an officer at once."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.channels.telegram.callbacks import pattern
from bot.core.members.invites import Opened
from bot.core.members.registration import REGISTRATION
from bot.handlers.buttons import close_buttons
from bot.handlers.common import NEW_MESSAGE, PRIVATE, actor_of, guarded
from bot.handlers.context import Ctx
from bot.handlers.forms import END, FormFlow
from bot.handlers.replies import send, to_menu
from bot.i18n import N_, html_text, plain
from bot.views.actions import Act
from bot.views.choices import button, inline
from bot.views.common import role_name

CONSENT = "consent"


async def _submit(
    update: Update, ctx: Ctx, answers: dict[str, str], extra: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    await ctx.services.members.submit_registration(actor, str(extra.get("code", "")), answers)
    actor = await actor_of(update, ctx)
    await to_menu(
        update,
        ctx,
        actor,
        N_(
            "Thank you! Your registration was sent to your branch. Until it is confirmed I "
            "can only tell you that it is waiting; you will get a message as soon as it is "
            "decided."
        ),
    )
    return END


FLOW = FormFlow(REGISTRATION, on_complete=_submit, title=N_("Your registration"))


async def _ask_consent(update: Update, ctx: Ctx, prefix: str | None = None) -> str:
    branch = FLOW.draft(ctx)["extra"].get("branch", "")
    text = html_text(
        N_(
            "Welcome! Branch <b>{branch}</b> invites you to stay in touch through this bot while "
            "you work away from home.\n\nTo do that the bot will store: your full name, phone "
            "number, home commune, where you work (province, district, employer, occupation) and "
            "since when, when you expect to come back, and your standing with the branch.\n\nWho "
            "sees it: only the secretary, the deputy secretary and, for dues, the treasurer of "
            "your branch. The committee above sees totals, never names. The bot never asks for "
            "your citizen ID or party card number.\n\nYou can see, export or delete your data at "
            "any time with /mydata.\n\nDo you agree?"
        ),
        branch=branch,
    )
    if prefix:
        text = f"{prefix}\n\n{text}"
    await send(
        update,
        ctx,
        text,
        inline(
            [
                [button(plain(N_("✅ I agree")), Act.CONSENT_YES)],
                [button(plain(N_("❌ I do not agree")), Act.CONSENT_NO)],
            ]
        ),
    )
    FLOW.draft(ctx)["at"] = CONSENT
    return CONSENT


@guarded
async def start_with_code(update: Update, ctx: Ctx) -> object:
    """``/start <code>``: someone opened an invitation link."""
    code = (ctx.args or [""])[0]
    actor = await actor_of(update, ctx)
    result = await ctx.services.invites.open(actor, code)
    if result.outcome is Opened.OFFICER_JOINED:
        actor = await actor_of(update, ctx)
        await to_menu(
            update,
            ctx,
            actor,
            N_(
                "Welcome! You are now the {role} of branch <b>{branch}</b>. The buttons below "
                "and /help show what you can do."
            ),
            role=role_name(result.invite.role),
            branch=result.branch.name,
        )
        return END
    FLOW.clear(ctx)
    FLOW.draft(ctx)["extra"] = {"code": code, "branch": result.branch.name}
    return await _ask_consent(update, ctx)


@guarded
async def consent_given(update: Update, ctx: Ctx) -> object:
    await close_buttons(update, html_text(N_("➡️ You agreed.")))
    extra = dict(FLOW.draft(ctx)["extra"])
    return await FLOW.begin(update, ctx, extra=extra)


@guarded
async def consent_refused(update: Update, ctx: Ctx) -> object:
    await close_buttons(update, html_text(N_("➡️ You did not agree.")))
    FLOW.clear(ctx)
    await send(
        update,
        ctx,
        html_text(
            N_(
                "Understood. Nothing about you has been stored. If you change your mind, open the "
                "invitation link again."
            )
        ),
    )
    return END


async def _press_a_button(update: Update, ctx: Ctx) -> str:
    return await _ask_consent(update, ctx, html_text(N_("Please press one of the buttons.")))


def conversation() -> BaseHandler[Update, Ctx, Any]:
    FLOW.preambles[CONSENT] = _ask_consent
    return FLOW.conversation(
        entry_points=[CommandHandler("start", start_with_code, filters=PRIVATE, has_args=True)],
        extra_states={
            CONSENT: [
                CallbackQueryHandler(consent_given, pattern=pattern(Act.CONSENT_YES)),
                CallbackQueryHandler(consent_refused, pattern=pattern(Act.CONSENT_NO)),
                MessageHandler(NEW_MESSAGE & ~filters.COMMAND, _press_a_button),
            ]
        },
    )
