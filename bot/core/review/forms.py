"""The forms of the year-end review: the meeting the branch sets, a member who cannot come,
their self-assessment, a renewal request, a report back."""

from __future__ import annotations

from datetime import date

from bot.core.kernel.errors import InvalidInput
from bot.core.kernel.forms import Context, Field, FieldKind, Form
from bot.core.kernel.text import N_
from bot.core.kernel.validation import parse_date, parse_note, parse_time
from bot.core.review.rules import parse_assessment


def _future_day(raw: str, ctx: Context) -> str:
    day = parse_date(raw)
    if day < ctx.today:
        raise InvalidInput(N_("That day has already passed."))
    return day.isoformat()


def _deadline(raw: str, ctx: Context) -> str:
    day = parse_date(raw)
    meeting = ctx.answers.get("day")
    if day < ctx.today:
        raise InvalidInput(N_("That day has already passed."))
    if meeting and day > date.fromisoformat(meeting):
        raise InvalidInput(
            N_("The deadline for self-assessments must be on or before the meeting.")
        )
    return day.isoformat()


def _time(raw: str, _: Context) -> str:
    return parse_time(raw)


def _text(raw: str, _: Context) -> str:
    return parse_note(raw, limit=500)


def _assessment(raw: str, _: Context) -> str:
    return parse_assessment(raw)


MEETING_FORM = Form(
    "review_meeting",
    (
        Field(
            "day",
            FieldKind.TEXT,
            N_("On which day is the year-end review meeting? For example 20/12/2026."),
            N_("Meeting day"),
            _future_day,
        ),
        Field("time", FieldKind.TEXT, N_("At what time? For example 08:00."), N_("Time"), _time),
        Field("place", FieldKind.TEXT, N_("Where is it held?"), N_("Place"), _text),
        Field(
            "deadline",
            FieldKind.TEXT,
            N_("By which day must members who cannot come send their self-assessment?"),
            N_("Self-assessments by"),
            _deadline,
        ),
    ),
)

ABSENCE_FORM = Form(
    "review_absence",
    (
        Field(
            "reason",
            FieldKind.TEXT,
            N_("Why can you not come back for the meeting?"),
            N_("Reason"),
            _text,
        ),
        Field(
            "assessment",
            FieldKind.FILE_OR_TEXT,
            N_(
                "Then please send your self-assessment: a photo, a PDF or a Word file of the "
                "filled form, or type it here. You can skip this and send it later."
            ),
            N_("Self-assessment"),
            _assessment,
            optional=True,
        ),
    ),
)

ASSESSMENT_FORM = Form(
    "review_assessment",
    (
        Field(
            "assessment",
            FieldKind.FILE_OR_TEXT,
            N_(
                "Please send your self-assessment: a photo, a PDF or a Word file of the filled "
                "form, or type it here."
            ),
            N_("Self-assessment"),
            _assessment,
        ),
    ),
)

RENEWAL_FORM = Form(
    "renewal",
    (
        Field(
            "new_end",
            FieldKind.TEXT,
            N_("Until which day do you ask to extend it? For example 31/12/2027."),
            N_("Extend until"),
            _future_day,
        ),
        Field(
            "reason",
            FieldKind.TEXT,
            N_("Why, in a few words? You can skip this."),
            N_("Reason"),
            _text,
            optional=True,
        ),
    ),
)

REPORT_BACK_FORM = Form(
    "report_back",
    (
        Field(
            "remark",
            FieldKind.FILE_OR_TEXT,
            N_(
                "Please send the remark of your employer or the local authority (a photo, a PDF "
                "or a Word file), or type what it says."
            ),
            N_("Remark"),
            _assessment,
        ),
    ),
)
