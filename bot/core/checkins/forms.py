"""The check-in forms: a difficulty, a pause (out of reach until a day), a note for the branch."""

from __future__ import annotations

from bot.core.checkins.answers import DIFFICULTY_LABELS, LONGEST_PAUSE, NOTE_LIMIT
from bot.core.kernel.errors import InvalidInput
from bot.core.kernel.forms import Choice, Context, Field, FieldKind, Form
from bot.core.kernel.text import N_
from bot.core.kernel.validation import parse_date, parse_note


def _difficulty_text(raw: str, _: Context) -> str:
    return parse_note(raw, limit=NOTE_LIMIT)


def _pause_until(raw: str, ctx: Context) -> str:
    until = parse_date(raw)
    if until <= ctx.today:
        raise InvalidInput(N_("Please give a day after today."))
    if until > ctx.today + LONGEST_PAUSE:
        raise InvalidInput(N_("Please give a day within the next twelve months."))
    return until.isoformat()


DIFFICULTY_FORM = Form(
    "difficulty",
    (
        Field(
            "difficulty",
            FieldKind.CHOICE,
            N_("What kind of difficulty?"),
            N_("Kind"),
            choices=tuple(Choice(kind.value, label) for kind, label in DIFFICULTY_LABELS.items()),
        ),
        Field(
            "text",
            FieldKind.TEXT,
            N_("In a few words, what is happening? Your branch secretary will read it."),
            N_("What is happening"),
            _difficulty_text,
        ),
    ),
)

PAUSE_FORM = Form(
    "pause",
    (
        Field(
            "until",
            FieldKind.TEXT,
            N_("Until which day will you be out of reach? For example 15/02/2027."),
            N_("Out of reach until"),
            _pause_until,
        ),
        Field(
            "reason",
            FieldKind.TEXT,
            N_("Why, in a few words (at sea, no signal...)? You can skip this."),
            N_("Reason"),
            _difficulty_text,
            optional=True,
        ),
    ),
)

NOTE_FORM = Form(
    "note",
    (
        Field(
            "note",
            FieldKind.TEXT,
            N_("Type your note for the branch."),
            N_("Note"),
            _difficulty_text,
        ),
    ),
)
