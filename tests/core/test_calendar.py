"""Months as the rules count them."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.kernel.calendar import Month


def test_month_arithmetic_crosses_years() -> None:
    assert Month(2026, 11).plus(3) == Month(2027, 2)
    assert Month(2026, 1).plus(-1) == Month(2025, 12)
    assert Month(2026, 3).months_until(Month(2027, 2)) == 11


def test_a_day_of_a_month_is_clamped_to_its_end() -> None:
    assert Month(2026, 2).day(31) == date(2026, 2, 28)
    assert Month(2028, 2).day(30) == date(2028, 2, 29)
    assert Month(2026, 2).last_day() == date(2026, 2, 28)


def test_stored_form_round_trips() -> None:
    assert Month.parse_iso(Month(2026, 5).iso()) == Month(2026, 5)
    with pytest.raises(ValueError, match="month"):
        Month(2026, 13)
