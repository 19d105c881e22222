"""When a period of exemption is noticed ending, as plain functions."""

from __future__ import annotations

from datetime import date

from bot.core.kernel.model import Standing, StandingInfo
from bot.core.review.exemptions import ending_stage


def test_a_period_ending_is_noticed_thirty_and_seven_days_before() -> None:
    end = date(2026, 12, 31)
    assert ending_stage(end, date(2026, 11, 30)) is None
    assert ending_stage(end, date(2026, 12, 1)) == 30
    assert ending_stage(end, date(2026, 12, 24)) == 7
    assert ending_stage(end, date(2026, 12, 31)) == 7
    assert ending_stage(end, date(2027, 1, 1)) is None


def test_only_an_exemption_or_a_temporary_registration_has_an_end_to_renew() -> None:
    end = date(2027, 6, 30)
    assert StandingInfo(Standing.EXEMPT, end=end).period_end == end
    assert StandingInfo(Standing.TEMP_TRANSFER, end=end).period_end == end
    assert StandingInfo(Standing.TEMP_EXEMPT).period_end is None
    assert StandingInfo(Standing.NONE, end=end).period_end is None
