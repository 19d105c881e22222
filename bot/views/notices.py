"""Notices as Telegram messages: one renderer per kind."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from zoneinfo import ZoneInfo

from bot.core.digest.parts import Digest
from bot.core.kernel.model import MemberStatus, Role
from bot.core.kernel.notices import NoticeKind, OutboxItem, ParamValue
from bot.i18n import N_, html_text
from bot.views import broadcast, checkins, dues, dues_officers, exemptions, review
from bot.views.choices import HIDE_KEYBOARD, inline
from bot.views.common import role_name
from bot.views.digest import digest_messages
from bot.views.members import card_lines
from bot.views.menus import Audience, audiences, commands_for, keyboard_for
from bot.views.onboarding import registration_card, registration_summary
from bot.views.outgoing import Edit, Media, MenuOut, MessageOut, Outgoing, Parts

Params = Mapping[str, ParamValue]


def _str(params: Params, key: str) -> str:
    value = params.get(key)
    return "" if value is None else str(value)


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
        HIDE_KEYBOARD,
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
    markup = inline(checkins.reply_button(int(p.get("member_id") or 0)))
    return MessageOut("\n".join([head, "", *card_lines(p)[1:]]), markup)


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
    status = MemberStatus(str(p.get("status") or MemberStatus.ACTIVE.value))
    return MenuOut(commands_for(audiences(Role(str(role)), status, operator=False)))


def _media(receipt: ParamValue) -> Media | None:
    return Media.parse(str(receipt)) if receipt else None


class NoticeRenderer:
    """Renders an outbox item for Telegram; dates and times in the deployment's zone."""

    def __init__(self, zone: ZoneInfo) -> None:
        self._zone = zone
        self._renderers: dict[NoticeKind, Callable[[OutboxItem], Outgoing]] = {
            NoticeKind.REGISTRATION_CARD: lambda i: MessageOut(*registration_card(dict(i.params))),
            NoticeKind.REGISTRATION_APPROVED: lambda i: _approved(i.params),
            NoticeKind.REGISTRATION_REJECTED: lambda i: _rejected(i.params),
            NoticeKind.OFFICER_JOINED: lambda i: _officer_joined(i.params),
            NoticeKind.WORKPLACE_MOVED: lambda i: _moved(i.params),
            NoticeKind.DATA_ERASED: lambda i: _erased(i.params),
            NoticeKind.MENU: lambda i: _menu(i.params),
            NoticeKind.CHECKIN_PROMPT: lambda i: MessageOut(*checkins.prompt(i.params)),
            NoticeKind.CHECKIN_NUDGE: lambda i: MessageOut(*checkins.nudge(i.params)),
            NoticeKind.CHECKIN_MISSED: lambda i: MessageOut(*checkins.missed_card(i.params)),
            NoticeKind.CHECKIN_RELAY: lambda i: MessageOut(
                *checkins.relay_card(i.params, self._zone)
            ),
            NoticeKind.CHECKIN_NOTE: lambda i: MessageOut(*checkins.note_card(i.params)),
            NoticeKind.CHECKIN_LOCATION: lambda i: MessageOut(*checkins.location_card(i.params)),
            NoticeKind.RETURN_CONFIRMED: lambda i: MessageOut(
                checkins.return_decided(i.params, confirmed=True),
                keyboard_for(audiences(Role.MEMBER, MemberStatus.RETURNED, operator=False)),
            ),
            NoticeKind.RETURN_NOT_CONFIRMED: lambda i: MessageOut(
                checkins.return_decided(i.params, confirmed=False)
            ),
            NoticeKind.AWAY_AGAIN: lambda i: MessageOut(
                checkins.away_again(i.params),
                keyboard_for(audiences(Role.MEMBER, MemberStatus.ACTIVE, operator=False)),
            ),
            NoticeKind.MEMBER_UNREACHABLE: lambda i: MessageOut(
                checkins.unreachable_card(i.params)
            ),
            NoticeKind.MESSAGE_TO_MEMBER: lambda i: MessageOut(
                *checkins.message_to_member(i.params, i.peer_id or 0)
            ),
            NoticeKind.MESSAGE_FROM_MEMBER: lambda i: MessageOut(
                *checkins.message_from_member(i.params)
            ),
            NoticeKind.DUES_REMINDER: lambda i: MessageOut(*dues.reminder(i.params)),
            NoticeKind.DUES_REPORT: lambda i: MessageOut(
                *dues_officers.report_card(i.params), media=_media(i.params.get("receipt"))
            ),
            NoticeKind.CARD_SETTLED: lambda i: self._settled(i.params),
            NoticeKind.DUES_CONFIRMED: lambda i: MessageOut(dues.confirmed(i.params)),
            NoticeKind.DUES_REJECTED: lambda i: MessageOut(dues.rejected(i.params)),
            NoticeKind.DUES_CANT_PAY: lambda i: MessageOut(*dues_officers.cant_pay_card(i.params)),
            NoticeKind.DUES_REDUCED: lambda i: MessageOut(dues.reduced(i.params)),
            NoticeKind.DUES_FLAG: lambda i: MessageOut(
                *dues_officers.level_card(i.params, alert=False)
            ),
            NoticeKind.DUES_ALERT: lambda i: MessageOut(
                *dues_officers.level_card(i.params, alert=True)
            ),
            NoticeKind.REVIEW_SETUP: lambda i: MessageOut(*review.setup_reminder(i.params)),
            NoticeKind.REVIEW_REMINDER: lambda i: MessageOut(
                *review.reminder(i.params, self._zone)
            ),
            NoticeKind.REVIEW_ASSESSMENT: lambda i: MessageOut(
                *review.assessment_card(i.params),
                media=review.media_of(i.params.get("assessment")),
            ),
            NoticeKind.REVIEW_GRADED: lambda i: MessageOut(review.graded(i.params)),
            NoticeKind.REVIEW_GRADES_DUE: lambda i: MessageOut(*review.grades_due(i.params)),
            NoticeKind.PERIOD_ENDING: lambda i: MessageOut(*exemptions.period_ending(i.params)),
            NoticeKind.PERIOD_ENDING_OFFICERS: lambda i: MessageOut(
                *exemptions.period_ending_officers(i.params)
            ),
            NoticeKind.RENEWAL_REQUEST: lambda i: MessageOut(*exemptions.renewal_card(i.params)),
            NoticeKind.RENEWAL_DECIDED: lambda i: MessageOut(exemptions.renewal_decided(i.params)),
            NoticeKind.REPORT_BACK: lambda i: MessageOut(
                *exemptions.report_back_card(i.params),
                media=review.media_of(i.params.get("remark")),
            ),
            NoticeKind.BROADCAST: lambda i: Parts(
                broadcast.announcement(i.params, i.peer_id or 0)
            ),
            NoticeKind.BROADCAST_REPORT: lambda i: MessageOut(
                broadcast.report(i.params, self._zone)
            ),
            NoticeKind.DIGEST: lambda i: Parts(
                digest_messages(Digest.from_params(i.params), self._zone)
            ),
        }

    def _settled(self, params: Mapping[str, ParamValue]) -> MessageOut:
        """A card several officers got, brought up to date in place (dues reports so far)."""
        text, markup = dues_officers.settled_card(params, self._zone)
        edit = Edit(int(params.get("message_id") or 0), caption=bool(params.get("receipt")))
        return MessageOut(text, markup, edit=edit)

    def __call__(self, items: Sequence[OutboxItem]) -> Outgoing:
        """The message for ``items``: one notice, or several of a kind listed together (routine
        check-ins; registrations that arrived at once)."""
        if len(items) > 1 and items[0].kind is NoticeKind.REGISTRATION_CARD:
            return MessageOut(*registration_summary([dict(item.params) for item in items]))
        if len(items) > 1:
            return MessageOut(*checkins.relay_list([item.params for item in items], self._zone))
        return self._renderers[items[0].kind](items[0])
