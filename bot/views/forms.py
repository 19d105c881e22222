"""A form's answers as a summary to confirm."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

from bot.core.forms import Choice, Field, FieldKind, Form
from bot.i18n import N_, _, html_text, plain
from bot.views.common import date_text, month_text

_MONTH = re.compile(r"\d{4}-\d{2}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def answer_text(value: str) -> str:
    """A stored answer as the user reads it (free text always has a letter, so a bare
    ``YYYY-MM`` is a month and ``YYYY-MM-DD`` a date)."""
    if value == "":
        return "—"
    if value.startswith(("photo:", "document:")):
        return plain(N_("📎 attached"))
    if value.startswith("text:"):
        text = value.removeprefix("text:")
        return text if len(text) <= 80 else text[:77] + "..."
    if "," in value and all(_MONTH.fullmatch(part) for part in value.split(",")):
        return ", ".join(month_text(part) for part in value.split(","))
    if _MONTH.fullmatch(value):
        return month_text(value)
    if _DATE.fullmatch(value):
        return date_text(value)
    return value


def summary_text(
    form: Form,
    title: str,
    answers: Mapping[str, str],
    choices_of: Callable[[Field], tuple[Choice, ...]],
) -> str:
    lines = [f"<b>{html_text(title)}</b>", ""]
    for field in form.asked(answers):
        raw = answers.get(field.key, "")
        labels = {c.value: _(c.label) for c in choices_of(field)}
        if field.kind is FieldKind.CHOICE:
            shown = labels.get(raw, raw)
        elif field.kind is FieldKind.MULTI:
            shown = ", ".join(labels.get(part, answer_text(part)) for part in raw.split(","))
        else:
            shown = answer_text(raw)
        lines.append(f"• {html.escape(_(field.label))}: <b>{html.escape(shown)}</b>")
    lines += ["", html_text(N_("Is everything right?"))]
    return "\n".join(lines)
