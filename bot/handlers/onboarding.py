"""Operators create branches; leaders invite people and approve registrations; /start."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.channels.telegram.callbacks import pattern
from bot.channels.telegram.render import inline_only
from bot.core.kernel.access import Action
from bot.core.kernel.errors import Conflict, NotFound
from bot.core.kernel.model import InviteRole, MemberStatus
from bot.core.members.branches import BRANCH_FORM
from bot.handlers.buttons import StaleButton, answer_button, args_of, close_buttons, close_into
from bot.handlers.common import actor_of, guarded
from bot.handlers.context import Ctx
from bot.handlers.forms import END, FormFlow
from bot.handlers.replies import menu_keyboard, send, to_menu
from bot.i18n import N_, html_text, plain
from bot.views.actions import Act
from bot.views.choices import button, inline
from bot.views.common import error_plain, role_name
from bot.views.onboarding import (
    branch_created,
    branch_list,
    invite_link,
    link_size_question,
    new_invite,
    open_invites,
    pending_card,
    stranger_text,
    waiting_text,
)


def _link(ctx: Ctx, code: str) -> str:
    username = ctx.services.settings.bot_username or ctx.bot.username
    return invite_link(username, code)


# ---- /start without a code ----------------------------------------------------------------


async def start(update: Update, ctx: Ctx) -> None:
    """``/start``: greet a known person, explain the bot to a stranger."""
    actor = await actor_of(update, ctx)
    member = actor.member
    if member is None and not actor.superadmin:
        await send(update, ctx, stranger_text())
        return
    if member is not None and member.status is MemberStatus.PENDING:
        await send(update, ctx, waiting_text(), menu_keyboard(actor))
        return
    await to_menu(
        update,
        ctx,
        actor,
        N_("Hello, {name}! Choose what you want to do below, or send /help."),
        name=actor.display_name,
    )


# ---- approving registrations ----------------------------------------------------------------


@guarded
async def decide(update: Update, ctx: Ctx) -> None:
    """An officer pressed Approve or Reject on a registration card."""
    query = update.callback_query
    assert query is not None
    approve = (query.data or "").startswith(Act.APPROVE.value + ":")
    (member_id,) = args_of(update, Act.APPROVE if approve else Act.REJECT, int)
    actor = await actor_of(update, ctx)
    try:
        member = await ctx.services.members.decide(actor, member_id, approve=approve)
    except (Conflict, NotFound) as error:
        # Another officer was quicker, or the button was pressed twice: close the stale card.
        await close_buttons(update, html_text(N_("☑️ Already handled.")), toast=error_plain(error))
        return
    officer = actor.member.full_name if actor.member else actor.display_name
    if approve:
        footer = html_text(N_("✅ Approved by {officer}."), officer=officer)
        toast = plain(N_("{name} is now registered."), name=member.full_name)
    else:
        footer = html_text(
            N_("❌ Rejected by {officer}. The registration was deleted."), officer=officer
        )
        toast = plain(N_("The registration was rejected."))
    await close_buttons(update, footer, toast=toast)


@guarded
async def pending(update: Update, ctx: Ctx) -> None:
    """``/pending``: the registrations waiting for this officer's branch."""
    actor = await actor_of(update, ctx)
    records = await ctx.services.members.pending(actor)
    if not records:
        await send(update, ctx, html_text(N_("No registrations are waiting for approval.")))
        return
    for record in records:
        text, markup = pending_card(record)
        await send(update, ctx, text, markup)


# ---- invitations ------------------------------------------------------------------------


@guarded
async def invite(update: Update, ctx: Ctx) -> None:
    """``/invite``: choose who the new link is for."""
    actor = await actor_of(update, ctx)
    actor.require(Action.MANAGE_INVITES)
    rows = [[button(plain(N_("For members who work away")), Act.INVITE, InviteRole.MEMBER.value)]]
    rows += [
        [button(plain(N_("For a {role}"), role=role_name(role)), Act.INVITE, role.value)]
        for role in (InviteRole.DEPUTY, InviteRole.TREASURER)
    ]
    await send(update, ctx, html_text(N_("Who is the invitation for?")), inline(rows))


@guarded
async def invite_chosen(update: Update, ctx: Ctx) -> None:
    """A button of ``/invite``: an officer's link at once; for members, first how many people
    the link is for (``iv:member``), then the link (``iv:member:<people>``)."""
    try:
        raw_role, people = args_of(update, Act.INVITE, str, int)
    except StaleButton:
        (raw_role,) = args_of(update, Act.INVITE, str)
        people = None
    try:
        role = InviteRole(raw_role)
    except ValueError:
        await answer_button(update, plain(N_("This button is no longer valid.")), alert=True)
        return
    actor = await actor_of(update, ctx)
    if role is InviteRole.MEMBER and people is None:
        actor.require(Action.MANAGE_INVITES)
        text, markup = link_size_question(InviteRole.MEMBER.value)
        await close_into(update, ctx, plain(N_("For members who work away")), text, markup)
        return
    created = await ctx.services.invites.create(actor, role, people or 1)
    await close_buttons(update)
    await send(update, ctx, new_invite(created, _link(ctx, created.code), ctx.services.deps.zone))


@guarded
async def invites(update: Update, ctx: Ctx) -> None:
    """``/invites``: the open links, each with a button to withdraw it."""
    actor = await actor_of(update, ctx)
    found = await ctx.services.invites.open_invites(actor)
    text, markup = open_invites(found, [_link(ctx, i.code) for i in found], ctx.services.deps.zone)
    await send(update, ctx, text, markup)


@guarded
async def revoke(update: Update, ctx: Ctx) -> None:
    (code,) = args_of(update, Act.REVOKE, str)
    actor = await actor_of(update, ctx)
    await ctx.services.invites.revoke(actor, code)
    await answer_button(update, plain(N_("The link was withdrawn; it no longer works.")))
    found = await ctx.services.invites.open_invites(actor)
    text, markup = open_invites(found, [_link(ctx, i.code) for i in found], ctx.services.deps.zone)
    query = update.callback_query
    assert query is not None
    await query.edit_message_text(text, reply_markup=inline_only(markup))


# ---- branches (operators) -----------------------------------------------------------------


async def _create_branch(
    update: Update, ctx: Ctx, answers: dict[str, str], _: dict[str, Any]
) -> object:
    actor = await actor_of(update, ctx)
    created = await ctx.services.branches.create(
        actor, name=answers["name"], committee=answers.get("committee") or None
    )
    await send(
        update,
        ctx,
        branch_created(created.branch, _link(ctx, created.secretary_invite.code)),
        menu_keyboard(actor),
    )
    return END


BRANCH_FLOW = FormFlow(BRANCH_FORM, on_complete=_create_branch, title=N_("New branch"))


@guarded
async def branches(update: Update, ctx: Ctx) -> None:
    """``/branches``: every branch, with a button for a new secretary link."""
    actor = await actor_of(update, ctx)
    text, markup = branch_list(await ctx.services.branches.all(actor))
    await send(update, ctx, text, markup)


@guarded
async def new_secretary_link(update: Update, ctx: Ctx) -> None:
    (branch_id,) = args_of(update, Act.NEW_SECRETARY_LINK, int)
    actor = await actor_of(update, ctx)
    created = await ctx.services.branches.new_secretary_link(actor, branch_id)
    branch = await ctx.services.branches.get(branch_id)
    await answer_button(update)
    await send(update, ctx, branch_created(branch, _link(ctx, created.code)))


def branch_conversation() -> BaseHandler[Update, Ctx, Any]:
    """``/newbranch``: an operator fills the branch form."""
    return BRANCH_FLOW.on_command("newbranch", Action.CREATE_BRANCH)


COMMANDS = {
    "start": start,
    "pending": pending,
    "invite": invite,
    "invites": invites,
    "branches": branches,
}

CALLBACKS: list[BaseHandler[Update, Ctx, Any]] = [
    CallbackQueryHandler(decide, pattern=pattern(Act.APPROVE)),
    CallbackQueryHandler(decide, pattern=pattern(Act.REJECT)),
    CallbackQueryHandler(invite_chosen, pattern=pattern(Act.INVITE)),
    CallbackQueryHandler(revoke, pattern=pattern(Act.REVOKE)),
    CallbackQueryHandler(new_secretary_link, pattern=pattern(Act.NEW_SECRETARY_LINK)),
]
