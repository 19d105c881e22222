"""Vietnamese texts through gettext, and how dates, months and money are written.

The catalogue ``locales/vi/LC_MESSAGES/lienlac.po`` is the source of truth. The first start
compiles it (so a clean clone needs no build step) and keeps the result beside it, named by the
catalogue's hash; later starts read that and skip Babel, about 70 ms of each start.
"""

from __future__ import annotations

import contextlib
import gettext
import hashlib
import html
import io
import os
import tempfile
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

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


def _compile(po: bytes) -> bytes:
    from babel.messages.mofile import write_mo  # only when the catalogue changed
    from babel.messages.pofile import read_po

    buffer = io.BytesIO()
    write_mo(buffer, read_po(io.BytesIO(po), locale=LANGUAGE, domain=DOMAIN))
    return buffer.getvalue()


@cache
def translations() -> gettext.GNUTranslations:
    source = catalogue_path()
    po = source.read_bytes()
    compiled = source.with_name(f".{DOMAIN}-{hashlib.sha256(po).hexdigest()[:16]}.mo")
    try:
        mo = compiled.read_bytes()
    except OSError:
        mo = _compile(po)
        # Written whole, then renamed: two processes starting at once never read half a file.
        # A read-only checkout just compiles at each start.
        with contextlib.suppress(OSError):
            handle, partial = tempfile.mkstemp(dir=compiled.parent, suffix=".partial")
            with os.fdopen(handle, "wb") as out:
                out.write(mo)
            os.replace(partial, compiled)
            for old in compiled.parent.glob(f".{DOMAIN}-*.mo"):
                if old != compiled:
                    old.unlink(missing_ok=True)
    return gettext.GNUTranslations(io.BytesIO(mo))


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
