"""Small pieces every view uses."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from bot.core.kernel.calendar import Month
from bot.core.kernel.errors import DomainError
from bot.core.kernel.model import InviteRole, Role, Standing
from bot.core.kernel.notices import ParamValue
from bot.core.members.registration import STANDING_LABELS
from bot.i18n import N_, _, format_date, format_month, html_text, plain

Params = Mapping[str, ParamValue]

ROLE_NAMES: dict[str, str] = {
    Role.MEMBER.value: N_("member"),
    Role.SECRETARY.value: N_("secretary"),
    Role.DEPUTY.value: N_("deputy secretary"),
    Role.TREASURER.value: N_("treasurer"),
}


def role_name(role: Role | InviteRole | str) -> str:
    return _(ROLE_NAMES[str(role)])


# A standing as the period it is, inside a sentence ("Your {period} ends on ...").
PERIOD_NAMES: dict[Standing, str] = {
    Standing.EXEMPT: N_("exemption from party work and meetings"),
    Standing.TEMP_EXEMPT: N_("temporary exemption from meetings"),
    Standing.TEMP_TRANSFER: N_("temporary registration elsewhere"),
    Standing.NONE: N_("exemption"),
}


def param(params: Params, key: str) -> str:
    """A notice's parameter as text ("" when it is missing)."""
    value = params.get(key)
    return "" if value is None else str(value)


def standing_name(kind: Standing | str) -> str:
    return _(STANDING_LABELS[Standing(kind)])


def period_name(kind: str) -> str:
    return _(PERIOD_NAMES[Standing(kind or Standing.NONE)])


def error_text(error: DomainError) -> str:
    """A domain error as the HTML message the user reads."""
    return html_text(error.msgid, **error.params)


def error_plain(error: DomainError) -> str:
    return plain(error.msgid, **error.params)


def month_text(iso: str | None) -> str:
    return format_month(Month.parse_iso(iso)) if iso else "—"


def date_text(iso: str | None) -> str:
    return format_date(date.fromisoformat(iso)) if iso else "—"


def phone_text(phone: str) -> str:
    """A stored number as officers dial it: ``+84912345678`` shows as ``0912345678`` (one run of
    digits, so Telegram makes it a tappable number); foreign numbers stay international."""
    if phone.startswith("+84") and phone[3:].isdigit():
        return "0" + phone[3:]
    return phone


def money(amount: int) -> str:
    return plain(N_("{amount} VND"), amount=f"{amount:,}".replace(",", "."))
