"""Reading what people type: names, places, phone numbers, months and dates.

Each parser returns a clean value or raises ``InvalidInput`` with the explanation to show, so a
form can ask the same question again.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal

from bot.core.kernel.calendar import Month
from bot.core.kernel.errors import InvalidInput
from bot.core.kernel.text import N_

NAME_MAX = 80
TEXT_MAX = 120
NOTE_MAX = 1000

_NAME_PUNCTUATION = frozenset(" -'.")
_TEXT_PUNCTUATION = frozenset(" ,.-/()&'\"+#:;")
_SPACES = re.compile(r"\s+")


def _normalise(raw: str) -> str:
    # NFC so that a letter typed as base + combining mark counts as one letter.
    return _SPACES.sub(" ", unicodedata.normalize("NFC", raw)).strip()


def _check_length(text: str, limit: int) -> None:
    if not text or not any(ch.isalpha() for ch in text):
        raise InvalidInput(N_("Please type your answer in words."))
    if len(text) > limit:
        raise InvalidInput(
            N_("That is too long: please keep it under {limit} characters."), limit=limit
        )


def parse_person_name(raw: str) -> str:
    """A full name: letters with spaces, hyphens, apostrophes or dots; capitalised if it was
    typed all in lower or upper case."""
    text = _normalise(raw)
    _check_length(text, NAME_MAX)
    if any(not (ch.isalpha() or ch in _NAME_PUNCTUATION) for ch in text):
        raise InvalidInput(N_("Please type your full name in letters only."))
    if sum(ch.isalpha() for ch in text) < 2:
        raise InvalidInput(N_("Please type your full name in letters only."))
    if text.islower() or text.isupper():
        text = text.title()
    return text


def profile_name(raw: str, fallback: str) -> str:
    """A name taken from a chat profile, which nobody checked: only its letters, spaces and
    name punctuation are kept (no formula, markup or control character reaches a sheet or a
    card); ``fallback`` when too little is left."""
    kept = "".join(ch if ch.isalpha() or ch in _NAME_PUNCTUATION else " " for ch in raw)
    text = _normalise(kept).lstrip("-'. ")[:NAME_MAX].strip()
    return text if sum(ch.isalpha() for ch in text) >= 2 else fallback


def parse_short_text(raw: str, *, limit: int = TEXT_MAX) -> str:
    """A place, an employer, an occupation: words, numbers and simple punctuation."""
    text = _normalise(raw)
    _check_length(text, limit)
    if any(not (ch.isalnum() or ch in _TEXT_PUNCTUATION) for ch in text):
        raise InvalidInput(N_("Please use only letters, numbers and simple punctuation."))
    return text


def parse_note(raw: str, *, limit: int = NOTE_MAX) -> str:
    """Free text such as a note to the secretary: anything printable, within a length."""
    text = "".join(
        ch for ch in unicodedata.normalize("NFC", raw) if ch == "\n" or ch.isprintable()
    ).strip()
    if not text:
        raise InvalidInput(N_("Please type a few words."))
    if len(text) > limit:
        raise InvalidInput(
            N_("That is too long: please keep it under {limit} characters."), limit=limit
        )
    return text


_VN_MOBILE = re.compile(r"0[35789]\d{8}")
_VN_LANDLINE = re.compile(r"02\d{9}")
_PHONE_NOISE = re.compile(r"[\s.\-()]")


def parse_phone(raw: str) -> str:
    """A typed Vietnamese phone number, returned as ``+84…``."""
    text = _PHONE_NOISE.sub("", _normalise(raw))
    if text.startswith("+"):
        if not text.startswith("+84"):
            raise InvalidInput(
                N_(
                    "That is a foreign number. Please type a Vietnamese number, or press "
                    "«Share my number» to use the number of this Telegram account."
                )
            )
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) in (11, 12):
        text = "0" + text[2:]
    if not (_VN_MOBILE.fullmatch(text) or _VN_LANDLINE.fullmatch(text)):
        raise InvalidInput(
            N_(
                "That does not look like a Vietnamese phone number. Type it like 0912 345 678, "
                "or press «Share my number»."
            )
        )
    return "+84" + text[1:]


def parse_shared_phone(raw: str, *, own: bool) -> str:
    """A number shared with Telegram's contact button: any country, as long as it is the
    sender's own (Telegram has verified it)."""
    if not own:
        raise InvalidInput(N_("Please share your own number with the «Share my number» button."))
    digits = re.sub(r"\D", "", raw)
    if not 8 <= len(digits) <= 15:
        raise InvalidInput(N_("Telegram did not send a usable number. Please type it instead."))
    return "+" + digits


_MONTH = re.compile(r"\D*?(\d{1,2})\s*[/.\-\s]\s*(?:\D*?)(\d{4})\D*", re.ASCII)
_MONTH_ISO = re.compile(r"(\d{4})-(\d{1,2})", re.ASCII)
_DATE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})", re.ASCII)


def parse_month(raw: str) -> Month:
    """``mm/yyyy`` (also ``m/yyyy``, ``mm-yyyy``, and words around the numbers such as
    "month 3 of 2025" typed in Vietnamese)."""
    text = _ascii_numbers(_normalise(raw))
    iso = _MONTH_ISO.fullmatch(text)
    match = _MONTH.fullmatch(text) if iso is None else None
    if iso is not None:
        year, month = int(iso.group(1)), int(iso.group(2))
    elif match is not None:
        month, year = int(match.group(1)), int(match.group(2))
    else:
        raise InvalidInput(N_("Please type the month as mm/yyyy, for example 03/2025."))
    if not 1 <= month <= 12:
        raise InvalidInput(N_("There is no month {month}: months go from 1 to 12."), month=month)
    if not 1950 <= year <= 2100:
        raise InvalidInput(N_("Please check the year: {year} does not look right."), year=year)
    return Month(year, month)


def parse_date(raw: str) -> date:
    """``dd/mm/yyyy`` (also with dots or dashes)."""
    text = _ascii_numbers(_normalise(raw))
    match = _DATE.fullmatch(text)
    if match is None:
        raise InvalidInput(N_("Please type the date as dd/mm/yyyy, for example 15/03/2026."))
    day, month, year = (int(part) for part in match.groups())
    if not 1950 <= year <= 2100:
        raise InvalidInput(N_("Please check the year: {year} does not look right."), year=year)
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(
            N_("{text} is not a day in the calendar. Please check it."), text=text
        ) from None


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _ascii_numbers(text: str) -> str:
    """``text``, if every digit in it is one of 0-9: other scripts' digits, superscripts and
    fractions (which Python's own parsing would read, or choke on) get a clear answer."""
    if any(ch.isdigit() or ch.isnumeric() for ch in _NON_ASCII.findall(text)):
        raise InvalidInput(N_("Please type numbers with the digits 0 to 9."))
    return text


# How people in Vietnam write an amount: 50000, 50.000, 50,000 or 50 000, then perhaps a unit
# (nghìn/ngàn/k for thousands, triệu/tr for millions: "1,5 triệu") and perhaps the currency.
_AMOUNT = re.compile(
    r"(?P<number>[0-9]+(?:[., ][0-9]+)*)"
    r" ?(?P<unit>nghìn|nghin|ngàn|ngan|k|triệu|trieu|tr)?"
    r" ?(?:đồng|dong|vnđ|vnd|đ|d|₫)?"
)
_UNITS = {"nghìn": 1000, "nghin": 1000, "ngàn": 1000, "ngan": 1000, "k": 1000}
_UNITS |= {"triệu": 1_000_000, "trieu": 1_000_000, "tr": 1_000_000}


def _amount_value(number: str, unit: str | None) -> Decimal | None:
    groups = re.split(r"[., ]", number)
    if len(groups) == 1:
        return Decimal(number)
    if len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:]):
        return Decimal("".join(groups))  # thousands separators: 1.500.000
    if len(groups) == 2 and unit is not None:
        return Decimal(f"{groups[0]}.{groups[1]}")  # a decimal comma before a unit: 1,5 triệu
    return None


def parse_amount(raw: str, *, low: int = 1, high: int = 1_000_000_000) -> int:
    """An amount of dong, as people write it: ``16000``, ``16.000``, ``16,000 đ``,
    ``16 nghìn``, ``1,5 triệu``. Anything else (a sign, an exponent, other digits) is refused."""
    text = _ascii_numbers(_normalise(raw)).lower()
    match = _AMOUNT.fullmatch(text)
    value = None if match is None else _amount_value(match["number"], match["unit"])
    if match is None or value is None:
        raise InvalidInput(N_("Please type an amount in dong, for example 16000."))
    value *= _UNITS.get(match["unit"] or "", 1)
    if value != value.to_integral_value() or not low <= value <= high:
        raise InvalidInput(
            N_("Please check the amount: {amount} does not look right."), amount=raw
        )
    return int(value)


# Telegram lets a bot download files up to 20 MB; a receipt or a form is far smaller.
FILE_LIMIT = 20 * 1024 * 1024
_DOCUMENT_TYPES = frozenset(
    {
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
)


def parse_file(raw: str, *, allow_word: bool = False) -> str:
    """A file a person sent, described as ``kind|file id|mime type|size``: a photo, a PDF (or,
    where allowed, a Word document), within Telegram's download limit. Returns
    ``kind:file id``."""
    try:
        kind, file_id, mime, size = raw.split("|", 3)
        size_bytes = int(size or 0)
    except ValueError:
        raise InvalidInput(N_("Please send a photo or a PDF file.")) from None
    if size_bytes > FILE_LIMIT:
        raise InvalidInput(
            N_("That file is too large (the limit is 20 MB). Please send a smaller photo or PDF.")
        )
    if kind == "photo":
        return f"photo:{file_id}"
    allowed = _DOCUMENT_TYPES if allow_word else {"application/pdf"}
    if kind == "document" and (mime in allowed or mime.startswith("image/")):
        return f"document:{file_id}"
    if allow_word:
        raise InvalidInput(
            N_(
                "Please send a photo, a PDF or a Word file; other kinds of file "
                "cannot be accepted."
            )
        )
    raise InvalidInput(
        N_("Please send a photo or a PDF file; other kinds of file cannot be accepted.")
    )


_TIME = re.compile(r"(\d{1,2})\s*[:hg.]\s*(\d{2})?", re.ASCII)


def parse_time(raw: str) -> str:
    """A time of day: ``19:30``, ``7h30``, ``8h`` -> ``HH:MM``."""
    match = _TIME.fullmatch(_ascii_numbers(_normalise(raw)).lower())
    if match is None:
        raise InvalidInput(N_("Please type the time as hh:mm, for example 08:00."))
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise InvalidInput(N_("Please type the time as hh:mm, for example 08:00."))
    return f"{hour:02d}:{minute:02d}"


def parse_count(raw: str, *, low: int = 1, high: int = 999) -> int:
    """A number of things (uses of a link, say): digits 0-9 only, between ``low`` and
    ``high``."""
    text = _ascii_numbers(_normalise(raw))
    if re.fullmatch(r"[0-9]+", text) is None or not low <= int(text) <= high:
        raise InvalidInput(
            N_("Please type a whole number from {low} to {high}."), low=low, high=high
        )
    return int(text)
