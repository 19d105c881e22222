"""Odd input gets a clear answer (issue 17, rule 7): amounts, months, dates and times are read
as a person in Vietnam writes them, with the digits 0-9, and anything else is refused with a
Vietnamese reply and nothing stored. Hypothesis feeds the parsers arbitrary text: a value or
``InvalidInput`` comes out, never another exception."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.kernel.calendar import Month
from bot.core.kernel.errors import InvalidInput
from bot.core.kernel.validation import (
    parse_amount,
    parse_count,
    parse_date,
    parse_month,
    parse_time,
)
from bot.sandbox.harness import Harness
from tests.conftest import VN
from tests.handlers.test_dues import PAID, REMINDER, report
from tests.support import approved_member, create_branch

PARSERS: list[Callable[[str], Any]] = [
    parse_amount,
    parse_month,
    parse_date,
    parse_time,
    parse_count,
]


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("50000", 50_000),
        ("50.000", 50_000),
        ("50,000", 50_000),
        ("50 000", 50_000),
        ("50000đ", 50_000),
        ("50.000 đ", 50_000),
        ("50.000 đồng", 50_000),
        ("50.000 VNĐ", 50_000),
        ("50 nghìn", 50_000),
        ("50 ngàn", 50_000),
        ("50k", 50_000),
        ("1,5 triệu", 1_500_000),
        ("1.500.000", 1_500_000),
        ("2 tr", 2_000_000),
        ("12.000₫", 12_000),
    ],
)
def test_amounts_as_people_write_them(typed: str, amount: int) -> None:
    assert parse_amount(typed) == amount


@pytest.mark.parametrize(
    "typed",
    [
        "²",
        "١٢٣",
        "12³",
        "½",
        "1e9",
        "-5",
        "−5",
        "+5",
        "0",
        "12.5",
        "50.00",
        "5 000 000 000",
        "1,2,3",
        "abc",
        "",
        "50 nghìn nghìn",
        "০১২",
        "１２３",
    ],
)
def test_other_amounts_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput):
        parse_amount(typed)


@pytest.mark.parametrize("typed", ["٠٣/٢٠٢٥", "03/2025²", "³/2025", "03/２０２５"])
def test_months_with_other_digits_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput):
        parse_month(typed)


@pytest.mark.parametrize("typed", ["15/03/٢٠٢٦", "15/03/2026²", "31/02/2026", "1e1/03/2026"])
def test_impossible_or_foreign_dates_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput):
        parse_date(typed)


def test_the_ordinary_forms_still_read() -> None:
    assert parse_month("03/2025") == Month(2025, 3)
    assert parse_date("15/03/2026") == date(2026, 3, 15)
    assert parse_time("7h30") == "07:30"
    assert parse_count("3") == 3
    for bad in ("²", "-1", "0", "10000", "٣"):
        with pytest.raises(InvalidInput):
            parse_count(bad)


@given(st.text(max_size=60))
def test_any_text_gives_a_value_or_a_clear_error(text: str) -> None:
    for parse in PARSERS:
        with contextlib.suppress(InvalidInput):
            parse(text)


@given(st.integers(min_value=1, max_value=1_000_000_000), st.sampled_from([".", ",", " "]))
def test_every_amount_written_with_separators_reads_back(amount: int, separator: str) -> None:
    written = f"{amount:,}".replace(",", separator)
    assert parse_amount(written) == amount
    assert parse_amount(f"{written} đ") == amount


async def test_an_amount_typed_oddly_gets_a_reply_and_nothing_stored(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    h.manual_clock.set(datetime(2027, 1, 5, 9, 0, tzinfo=VN))
    await h.tick()
    await report(an, await an.find(REMINDER), PAID)
    secretary = branch.secretary
    card = await secretary.find("báo đã đóng đảng phí")
    await secretary.press("✏️ Xác nhận số tiền khác", message=card)
    await secretary.find("Thực nhận bao nhiêu")
    for odd in ("²", "١٢٣", "12³", "1e9", "-5"):
        await secretary.say(odd)
        reply = await secretary.next_message()
        assert "0 đến 9" in reply.body or "số tiền" in reply.body, (odd, reply.body)
    await h.settle()
    confirmed = await h.services.db.fetch_value(
        "SELECT COUNT(*) FROM dues_ledger WHERE kind = 'confirmation'"
    )
    assert confirmed == 0
    await secretary.say("10 nghìn")
    await secretary.find("Đã xác nhận theo số tiền thực nhận")
    await an.find("đã xác nhận đảng phí", "10.000 đ")
