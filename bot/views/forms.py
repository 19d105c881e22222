"""A form's answers as a summary to confirm."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from bot.core.forms import FieldKind, Form
from bot.i18n import N_, _, html_text
from bot.views.common import date_text, month_text

_MONTH = re.compile(r"\d{4}-\d{2}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def answer_text(value: str) -> str:
    """A stored answer as the user reads it (free text always has a letter, so a bare
    ``YYYY-MM`` is a month and ``YYYY-MM-DD`` a date)."""
    if value == "":
        return "—"
    if _MONTH.fullmatch(value):
        return month_text(value)
    if _DATE.fullmatch(value):
        return date_text(value)
    return value


def summary_text(form: Form, title: str, answers: Mapping[str, str]) -> str:
    lines = [f"<b>{html_text(title)}</b>", ""]
    for field in form.asked(answers):
        raw = answers.get(field.key, "")
        shown = _(field.choice_label(raw)) if field.kind is FieldKind.CHOICE else answer_text(raw)
        lines.append(f"• {html.escape(_(field.label))}: <b>{html.escape(shown)}</b>")
    lines += ["", html_text(N_("Is everything right?"))]
    return "\n".join(lines)
