"""A form as the user sees it: each question's buttons, the summary of the answers to confirm,
and what to send when the answer was of the wrong kind."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence

from bot.core.kernel.forms import Choice, Field, FieldKind, Form
from bot.i18n import N_, _, html_text, plain
from bot.views.actions import Act
from bot.views.choices import (
    HIDE_KEYBOARD,
    Choices,
    HideKeyboard,
    Key,
    Keyboard,
    Share,
    button,
    inline,
)
from bot.views.choices import Choice as Option
from bot.views.common import date_text, month_text, phone_text

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
        elif field.kind is FieldKind.PHONE:
            shown = phone_text(raw)
        else:
            shown = answer_text(raw)
        lines.append(f"• {html.escape(_(field.label))}: <b>{html.escape(shown)}</b>")
    lines += ["", html_text(N_("Is everything right?"))]
    return "\n".join(lines)


def question_markup(
    form_name: str, field: Field, choices: Sequence[Choice], selected: Sequence[str]
) -> Choices | Keyboard | HideKeyboard:
    """The buttons under a question: its choices (``selected`` ticked, for several at once),
    «Skip» if it is optional, «Share my number» for a phone."""
    if field.kind is FieldKind.PHONE:
        return Keyboard(
            ((Key(plain(N_("📱 Share my number")), Share.CONTACT),),), persistent=False
        )
    rows: list[list[Option]] = []
    if field.kind is FieldKind.CHOICE:
        rows = [[button(plain(c.label), Act.FORM, form_name, field.key, c.value)] for c in choices]
    if field.kind is FieldKind.MULTI:
        toggles = [
            button(
                ("☑ " if c.value in selected else "☐ ") + plain(c.label),
                Act.FORM_TOGGLE,
                form_name,
                field.key,
                c.value,
            )
            for c in choices
        ]
        rows = [toggles[i : i + 3] for i in range(0, len(toggles), 3)]
        rows.append([button(plain(N_("✅ Done")), Act.FORM_DONE, form_name, field.key)])
    if field.optional:
        rows.append([button(plain(N_("Skip this question")), Act.FORM_SKIP, form_name, field.key)])
    if rows:
        return inline(rows)
    # A plain question: put away any keyboard left from before (the menu, the contact).
    return HIDE_KEYBOARD


def summary_markup(form_name: str) -> Choices:
    return inline(
        [
            [button(plain(N_("✅ Confirm")), Act.FORM_CONFIRM, form_name)],
            [button(plain(N_("✏️ Change a field")), Act.FORM_CHANGE, form_name)],
        ]
    )


def change_markup(form_name: str, fields: Sequence[Field]) -> Choices:
    """One button per field answered so far, and «Nothing to change»."""
    rows = [[button(plain(f.label), Act.FORM_EDIT, form_name, f.key)] for f in fields]
    rows.append([button(plain(N_("✅ Nothing to change, confirm")), Act.FORM_CONFIRM, form_name)])
    return inline(rows)


def wrong_kind_hint(field: Field) -> str:
    """What to say when the answer is not of the kind the question asks for (a sticker where
    a date is asked, text where a button is expected)."""
    if field.kind in (FieldKind.CHOICE, FieldKind.MULTI):
        return html_text(N_("Please choose one of the buttons."))
    if field.kind is FieldKind.FILE:
        return html_text(N_("Please send a photo or a PDF file."))
    if field.kind is FieldKind.FILE_OR_TEXT:
        return html_text(N_("Please send a photo, a PDF or a Word file, or type the text."))
    return html_text(N_("Please answer this question with text."))
