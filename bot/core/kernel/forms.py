"""Guided forms: an ordered list of questions, some asked only when earlier answers call for
them, each with a parser that either accepts the answer or explains what is wrong.

Answers are kept as plain strings (``YYYY-MM`` for months, ISO for dates, ``""`` for a skipped
optional question) so a half-filled form can be saved anywhere and resumed after a restart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bot.core.kernel.errors import InvalidInput
from bot.core.kernel.text import N_

Answers = Mapping[str, str]


class FieldKind(StrEnum):
    """How a question is answered in chat."""

    TEXT = "text"  # typed text
    PHONE = "phone"  # typed, or the contact button
    CHOICE = "choice"  # one of a few buttons
    MULTI = "multi"  # several of a few buttons, then «Done»
    FILE = "file"  # a photo or a document
    FILE_OR_TEXT = "file_or_text"  # a photo, a document, or typed text


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str  # msgid


@dataclass(frozen=True, slots=True)
class Context:
    """What a parser may need besides the text: the other answers and today's date."""

    answers: Answers
    today: date


Parser = Callable[[str, Context], str]


def _always(_: Answers) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    kind: FieldKind
    prompt: str  # msgid of the question
    label: str  # msgid of the short name shown in the summary
    parse: Parser | None = None  # TEXT and PHONE; CHOICE checks against ``choices``
    optional: bool = False
    choices: tuple[Choice, ...] = ()
    asked_when: Callable[[Answers], bool] = _always
    hint: str | None = None  # msgid of an example shown under the question

    def accept(self, raw: str, ctx: Context, choices: tuple[Choice, ...] = ()) -> str:
        """The stored form of an answer, or ``InvalidInput``. ``choices`` are the ones offered
        when the field's own depend on the person (their open months)."""
        offered = {choice.value for choice in (self.choices or choices)}
        if self.kind is FieldKind.CHOICE:
            if raw not in offered:
                raise InvalidInput(N_("Please choose one of the buttons."))
            return raw
        if self.kind is FieldKind.MULTI:
            picked = [value for value in raw.split(",") if value]
            if not picked:
                raise InvalidInput(N_("Please choose at least one, then press «Done»."))
            if not set(picked) <= offered:
                raise InvalidInput(N_("Please choose one of the buttons."))
            return ",".join(sorted(set(picked)))
        assert self.parse is not None, f"field {self.key} has no parser"
        return self.parse(raw, ctx)

    def choice_label(self, value: str) -> str:
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return value


@dataclass(frozen=True, slots=True)
class Form:
    name: str
    fields: tuple[Field, ...]
    _by_key: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {f.key: f for f in self.fields})

    def field(self, key: str) -> Field | None:
        return self._by_key.get(key)

    def asked(self, answers: Answers) -> list[Field]:
        """The questions that apply given the answers so far, in order."""
        return [f for f in self.fields if f.asked_when(answers)]

    def next_question(self, answers: Answers) -> Field | None:
        """The first applicable question without an answer; ``None`` when the form is complete."""
        for f in self.asked(answers):
            if f.key not in answers:
                return f
        return None

    def answer(self, answers: Answers, key: str, value: str) -> dict[str, str]:
        """New answers with ``key`` set, and answers to questions that no longer apply dropped
        (changing the standing from "exempt" to "none" forgets the exemption period)."""
        updated = dict(answers)
        updated[key] = value
        applicable = {f.key for f in self.asked(updated)}
        return {k: v for k, v in updated.items() if k in applicable}
