"""Small pieces every view uses."""

from __future__ import annotations

from datetime import date

from bot.core.calendar import Month
from bot.core.errors import DomainError
from bot.core.model import InviteRole, Role, Standing
from bot.core.registration import STANDING_LABELS
from bot.i18n import N_, _, format_date, format_month, html_text, plain

ROLE_NAMES: dict[str, str] = {
    Role.MEMBER.value: N_("member"),
    Role.SECRETARY.value: N_("secretary"),
    Role.DEPUTY.value: N_("deputy secretary"),
    Role.TREASURER.value: N_("treasurer"),
}


def role_name(role: Role | InviteRole | str) -> str:
    return _(ROLE_NAMES[str(role)])


def standing_name(kind: Standing | str) -> str:
    return _(STANDING_LABELS[Standing(kind)])


def error_text(error: DomainError) -> str:
    """A domain error as the HTML message the user reads."""
    return html_text(error.msgid, **error.params)


def error_plain(error: DomainError) -> str:
    return plain(error.msgid, **error.params)


def month_text(iso: str | None) -> str:
    return format_month(Month.parse_iso(iso)) if iso else "—"


def date_text(iso: str | None) -> str:
    return format_date(date.fromisoformat(iso)) if iso else "—"


def money(amount: int) -> str:
    return plain(N_("{amount} VND"), amount=f"{amount:,}".replace(",", "."))
