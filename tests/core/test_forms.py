"""The registration form as data: which question comes next, what a change forgets."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.kernel.errors import InvalidInput
from bot.core.kernel.forms import Context
from bot.core.kernel.model import Standing
from bot.core.members.registration import REGISTRATION, registration_from

COMPLETE = {
    "full_name": "Nguyễn Văn An",
    "phone": "+84912345678",
    "home_commune": "Xã Tân Phú",
    "province": "Bình Dương",
    "district": "Thuận An",
    "employer": "Pouchen",
    "occupation": "Công nhân",
    "since": "2025-03",
    "expected_return": "",
    "dues_category": "other",
    "standing": "none",
}
TODAY = date(2026, 11, 23)


def test_questions_come_in_order_and_the_form_completes() -> None:
    answers: dict[str, str] = {}
    keys = []
    while (question := REGISTRATION.next_question(answers)) is not None:
        keys.append(question.key)
        answers = REGISTRATION.answer(answers, question.key, COMPLETE[question.key])
    assert keys == list(COMPLETE)
    registration = registration_from(answers)
    assert registration.standing.kind is Standing.NONE
    assert registration.expected_return is None


def test_an_exemption_asks_for_its_period_and_changing_it_back_forgets_the_period() -> None:
    answers = REGISTRATION.answer(COMPLETE, "standing", "temp_exempt")
    question = REGISTRATION.next_question(answers)
    assert question is not None
    assert question.key == "standing_start"
    answers = REGISTRATION.answer(answers, "standing_start", "2026-03-01")
    answers = REGISTRATION.answer(answers, "standing_end", "2027-02-28")
    assert REGISTRATION.next_question(answers) is None
    answers = REGISTRATION.answer(answers, "standing", "none")
    assert "standing_start" not in answers
    assert registration_from(answers).standing.start is None


def test_an_incomplete_form_cannot_be_registered() -> None:
    partial = {k: v for k, v in COMPLETE.items() if k != "employer"}
    with pytest.raises(InvalidInput):
        registration_from(partial)


def test_the_end_of_an_exemption_must_follow_its_start() -> None:
    field = REGISTRATION.field("standing_end")
    assert field is not None
    ctx = Context({"standing_start": "2026-03-01"}, TODAY)
    with pytest.raises(InvalidInput):
        field.accept("01/03/2026", ctx)
    assert field.accept("28/02/2027", ctx) == "2027-02-28"


def test_since_cannot_be_in_the_future_and_return_cannot_be_in_the_past() -> None:
    since = REGISTRATION.field("since")
    back = REGISTRATION.field("expected_return")
    assert since is not None
    assert back is not None
    ctx = Context({}, TODAY)
    assert since.accept("11/2026", ctx) == "2026-11"
    with pytest.raises(InvalidInput):
        since.accept("12/2026", ctx)
    assert back.accept("11/2026", ctx) == "2026-11"
    with pytest.raises(InvalidInput):
        back.accept("10/2026", ctx)


def test_a_choice_accepts_only_its_values() -> None:
    standing = REGISTRATION.field("standing")
    assert standing is not None
    with pytest.raises(InvalidInput):
        standing.accept("member", Context({}, TODAY))
