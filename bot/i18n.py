"""Vietnamese texts through gettext, and how dates, months and money are written.

The catalogue ``locales/vi/LC_MESSAGES/lienlac.po`` is the source of truth. It is compiled in
memory when the bot starts, so a clean clone needs no build step.
"""

from __future__ import annotations

import gettext
import html
import io
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.core.kernel.calendar import Month

DOMAIN = "lienlac"
LANGUAGE = "vi"


def locales_dir() -> Path:
    """``locales/`` beside the package in a checkout, or inside it in an installed wheel."""
    package = Path(__file__).resolve().parent
    for candidate in (package.parent / "locales", package / "_locales"):
        if (candidate / LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}.po").is_file():
            return candidate
    raise FileNotFoundError("locales/vi/LC_MESSAGES/lienlac.po not found")


def catalogue_path() -> Path:
    return locales_dir() / LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations() -> gettext.GNUTranslations:
    with catalogue_path().open("rb") as po:
        catalog = read_po(po, locale=LANGUAGE, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(msgid: str) -> str:
    """The Vietnamese text for ``msgid``."""
    return translations().gettext(msgid)


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction without translating it yet."""
    return msgid


def format_value(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%H:%M %d/%m/%Y")
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Month):
        return format_month(value)
    return str(value)


def plain(msgid: str, **params: Any) -> str:
    """Translate and fill in; for button labels, alerts and other plain-text places."""
    return _(msgid).format(**{k: format_value(v) for k, v in params.items()})


def html_text(msgid: str, **params: Any) -> str:
    """Translate and fill in with every value HTML-escaped; for message bodies."""
    return _(msgid).format(**{k: html.escape(format_value(v)) for k, v in params.items()})


def format_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def format_month(month: Month) -> str:
    return f"{month.month:02d}/{month.year}"


def format_local(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%H:%M %d/%m/%Y")
