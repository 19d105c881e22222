"""What people type, read by the core's parsers."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.kernel.calendar import Month
from bot.core.kernel.errors import InvalidInput
from bot.core.kernel.validation import (
    parse_date,
    parse_month,
    parse_note,
    parse_person_name,
    parse_phone,
    parse_shared_phone,
    parse_short_text,
)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("nguyễn văn an", "Nguyễn Văn An"),
        ("NGUYỄN VĂN AN", "Nguyễn Văn An"),
        ("  Lê   Thị  Mai ", "Lê Thị Mai"),
        ("Hồ Thị Thu-Hà", "Hồ Thị Thu-Hà"),
        ("Nguye\u0302\u0303n Va\u0306n An", "Nguyễn Văn An"),  # combining marks
    ],
)
def test_names_are_cleaned(typed: str, kept: str) -> None:
    assert parse_person_name(typed) == kept


@pytest.mark.parametrize(
    "typed", ["", "   ", "😀", "A", "Nguyễn 2", "x" * 81, "An <b>", "\u0000An"]
)
def test_bad_names_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput):
        parse_person_name(typed)


def test_short_text_allows_numbers_and_punctuation_but_not_emoji() -> None:
    assert parse_short_text("KCN Sóng Thần 2, Lô C-5") == "KCN Sóng Thần 2, Lô C-5"
    with pytest.raises(InvalidInput):
        parse_short_text("Công ty 😀")
    with pytest.raises(InvalidInput):
        parse_short_text("2025")


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("0912345678", "+84912345678"),
        ("0912 345 678", "+84912345678"),
        ("091.234.5678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("84912345678", "+84912345678"),
        ("0362-123-456", "+84362123456"),
        ("028 3822 1234", "+842838221234"),
    ],
)
def test_vietnamese_numbers_are_normalised(typed: str, kept: str) -> None:
    assert parse_phone(typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "+82 10 1234 5678",
        "+1 202 555 0100",
        "0123456789",
        "091234567",
        "09123456789",
        "không có",
        "",
    ],
)
def test_other_numbers_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput):
        parse_phone(typed)


def test_a_shared_contact_may_be_foreign_but_must_be_ones_own() -> None:
    assert parse_shared_phone("821012345678", own=True) == "+821012345678"
    with pytest.raises(InvalidInput):
        parse_shared_phone("+84912345678", own=False)


@pytest.mark.parametrize(
    ("typed", "month"),
    [
        ("3/2025", Month(2025, 3)),
        ("03/2025", Month(2025, 3)),
        ("03-2025", Month(2025, 3)),
        ("tháng 3 năm 2025", Month(2025, 3)),
        ("2025-03", Month(2025, 3)),
        ("12.2026", Month(2026, 12)),
    ],
)
def test_months(typed: str, month: Month) -> None:
    assert parse_month(typed) == month


@pytest.mark.parametrize(
    "typed", ["13/2026", "0/2026", "31/02/2026", "2026", "03/26", "03/1900", "tháng trước"]
)
def test_impossible_months(typed: str) -> None:
    with pytest.raises(InvalidInput):
        parse_month(typed)


def test_dates() -> None:
    assert parse_date("1/3/2026") == date(2026, 3, 1)
    assert parse_date("29/02/2028") == date(2028, 2, 29)
    for typed in ("31/02/2026", "29/02/2026", "00/01/2026", "15/13/2026", "15/03", "hôm nay"):
        with pytest.raises(InvalidInput):
            parse_date(typed)


def test_notes_keep_newlines_and_drop_control_characters() -> None:
    assert parse_note("Dòng 1\nDòng 2\x07") == "Dòng 1\nDòng 2"
    with pytest.raises(InvalidInput):
        parse_note("x" * 1001)
