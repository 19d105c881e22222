"""Notices as Telegram messages: one renderer per kind."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from telegram import BotCommand, InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove

from bot.core.model import MemberStatus, Role
from bot.core.notices import NoticeKind, OutboxItem, ParamValue
from bot.i18n import N_, html_text
from bot.views.common import role_name
from bot.views.members import card_lines
from bot.views.menus import Audience, audiences, commands_for, keyboard_for
from bot.views.onboarding import registration_card

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None


@dataclass(frozen=True, slots=True)
class MessageOut:
    text: str
    markup: Markup = None


@dataclass(frozen=True, slots=True)
class MenuOut:
    """Not a message: the chat's command menu (empty: back to the default menu)."""

    commands: list[BotCommand]


Outgoing = MessageOut | MenuOut
Params = Mapping[str, ParamValue]


def _str(params: Params, key: str) -> str:
    value = params.get(key)
    return "" if value is None else str(value)


def _registration_card(p: Params) -> MessageOut:
    return MessageOut(*registration_card(dict(p)))


def _approved(p: Params) -> MessageOut:
    return MessageOut(
        html_text(
            N_(
                "🎉 Your branch {branch} has confirmed your registration. Welcome! Use the "
                "buttons below at any time."
            ),
            branch=_str(p, "branch"),
        ),
        keyboard_for({Audience.MEMBER}),
    )


def _rejected(p: Params) -> MessageOut:
    return MessageOut(
        html_text(
            N_(
                "Your registration with branch {branch} was not accepted, and what you "
                "sent has been deleted. If you think this is a mistake, please contact your "
                "branch secretary."
            ),
            branch=_str(p, "branch"),
        ),
        ReplyKeyboardRemove(),
    )


def _officer_joined(p: Params) -> MessageOut:
    return MessageOut(
        html_text(
            N_("👋 {name} joined the branch as {role}."),
            name=_str(p, "name"),
            role=role_name(_str(p, "role")),
        )
    )


def _moved(p: Params) -> MessageOut:
    head = html_text(
        N_("🏭 <b>{name}</b> has a new workplace (before: {old_employer}, {old_province})."),
        name=_str(p, "name"),
        old_employer=_str(p, "old_employer") or "—",
        old_province=_str(p, "old_province") or "—",
    )
    return MessageOut("\n".join([head, "", *card_lines(p)[1:]]))


def _erased(p: Params) -> MessageOut:
    return MessageOut(
        html_text(
            N_(
                "🗑 {name} asked the bot to delete their personal data, and it has been deleted. "
                "Payments already recorded stay in the dues ledger without personal details."
            ),
            name=_str(p, "name"),
        )
    )


def _menu(p: Params) -> MenuOut:
    role = p.get("role")
    if role is None:
        return MenuOut([])
    return MenuOut(commands_for(audiences(Role(str(role)), MemberStatus.ACTIVE, operator=False)))


_RENDERERS: dict[NoticeKind, Callable[[Params], Outgoing]] = {
    NoticeKind.REGISTRATION_CARD: _registration_card,
    NoticeKind.REGISTRATION_APPROVED: _approved,
    NoticeKind.REGISTRATION_REJECTED: _rejected,
    NoticeKind.OFFICER_JOINED: _officer_joined,
    NoticeKind.WORKPLACE_MOVED: _moved,
    NoticeKind.DATA_ERASED: _erased,
    NoticeKind.MENU: _menu,
}


def render_notice(item: OutboxItem) -> Outgoing:
    return _RENDERERS[item.kind](item.params)
