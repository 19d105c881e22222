"""The forms of dues: a member's payment report, and the officers' cash record, reduction,
category and correction. Months offered depend on the member, so those choices are given
when a form starts."""

from __future__ import annotations

from bot.core.dues.ledger import PayMethod
from bot.core.kernel.calendar import Month
from bot.core.kernel.dues_profile import Category, Region
from bot.core.kernel.errors import InvalidInput
from bot.core.kernel.forms import Answers, Choice, Context, Field, FieldKind, Form
from bot.core.kernel.text import N_
from bot.core.kernel.validation import (
    parse_amount,
    parse_file,
    parse_month,
    parse_note,
    parse_person_name,
)
from bot.core.members.registration import DUES_CATEGORY_LABELS

METHOD_LABELS: dict[PayMethod, str] = {
    PayMethod.PORTAL: N_("On the National Public Service Portal"),
    PayMethod.CASH: N_("In cash to the branch"),
    PayMethod.RELATIVE: N_("A relative paid in cash for me"),
}


def _payer(raw: str, _: Context) -> str:
    return parse_person_name(raw)


def _receipt(raw: str, _: Context) -> str:
    return parse_file(raw)


def _reason(raw: str, _: Context) -> str:
    return parse_note(raw, limit=500)


def _received(raw: str, _: Context) -> str:
    return str(parse_amount(raw, low=0, high=100_000_000))


def _month(raw: str, _: Context) -> str:
    return parse_month(raw).iso()


def _reduction_end(raw: str, ctx: Context) -> str:
    end = parse_month(raw)
    start = Month.parse_iso(ctx.answers["start"]) if ctx.answers.get("start") else end
    if end < start:
        raise InvalidInput(N_("The last month must not come before the first."))
    if start.months_until(end) >= 12:  # DOMAIN.md: up to 12 months
        raise InvalidInput(N_("A reduction lasts from one to twelve months."))
    return end.iso()


def _base(raw: str, _: Context) -> str:
    return str(parse_amount(raw, low=100_000, high=500_000_000))


def _relative(answers: Answers) -> bool:
    return answers.get("method") == PayMethod.RELATIVE


def _has_base(answers: Answers) -> bool:
    return answers.get("category") in (Category.SALARY, Category.PENSION)


def _other(answers: Answers) -> bool:
    return answers.get("category") == Category.OTHER


PAYMENT_FORM = Form(
    "payment",
    (
        Field(
            "method",
            FieldKind.CHOICE,
            N_("How was it paid?"),
            N_("Paid"),
            choices=tuple(Choice(m.value, label) for m, label in METHOD_LABELS.items()),
        ),
        Field(
            "payer",
            FieldKind.TEXT,
            N_("Who paid for you? Their full name, please."),
            N_("Paid by"),
            _payer,
            asked_when=_relative,
        ),
        Field(
            "months",
            FieldKind.MULTI,
            N_(
                "Which months does it cover? This month is chosen already; tap to change, then "
                "press «Done»."
            ),
            N_("Months"),
        ),
        Field(
            "receipt",
            FieldKind.FILE,
            N_(
                "If you have the receipt (a screenshot of the portal, a photo or a PDF), send it "
                "now. You can skip this."
            ),
            N_("Receipt"),
            _receipt,
            optional=True,
        ),
    ),
)

CANT_PAY_FORM = Form(
    "cant_pay",
    (
        Field(
            "reason",
            FieldKind.TEXT,
            N_(
                "What makes paying hard right now? Your branch secretary will read it and can "
                "reduce or exempt your dues."
            ),
            N_("Reason"),
            _reason,
        ),
    ),
)

AMOUNT_FORM = Form(
    "received",
    (
        Field(
            "amount",
            FieldKind.TEXT,
            N_("How much was actually received, in dong, for all the months of the report?"),
            N_("Received"),
            _received,
        ),
    ),
)

CASH_FORM = Form(
    "cash",
    (
        Field(
            "months",
            FieldKind.MULTI,
            N_("Which months were paid in cash? Then press «Done»."),
            N_("Months"),
        ),
        Field(
            "payer",
            FieldKind.TEXT,
            N_("Who brought the money? A full name, or skip if it was the member."),
            N_("Brought by"),
            _payer,
            optional=True,
        ),
    ),
)

REDUCTION_FORM = Form(
    "reduction",
    (
        Field(
            "percent",
            FieldKind.CHOICE,
            N_("How much of the dues is waived?"),
            N_("Reduction"),
            choices=(
                Choice("30", N_("30%")),
                Choice("50", N_("50%")),
                Choice("70", N_("70%")),
                Choice("100", N_("Exempt (100%)")),
            ),
        ),
        Field(
            "start",
            FieldKind.TEXT,
            N_("From which month? For example 11/2026."),
            N_("From"),
            _month,
        ),
        Field(
            "end",
            FieldKind.TEXT,
            N_("Until which month (at most twelve months)?"),
            N_("Until"),
            _reduction_end,
        ),
        Field(
            "reason",
            FieldKind.TEXT,
            N_("For what reason (for the record)?"),
            N_("Reason"),
            _reason,
        ),
    ),
)

CATEGORY_FORM = Form(
    "dues_category",
    (
        Field(
            "category",
            FieldKind.CHOICE,
            N_("Which dues category?"),
            N_("Dues category"),
            choices=tuple(Choice(c.value, label) for c, label in DUES_CATEGORY_LABELS.items()),
        ),
        Field(
            "base",
            FieldKind.TEXT,
            N_("The monthly insurance salary or pension the dues are counted from, in dong?"),
            N_("Monthly salary or pension"),
            _base,
            asked_when=_has_base,
        ),
        Field(
            "region",
            FieldKind.CHOICE,
            N_("Minimum-wage region of the place where the member is registered?"),
            N_("Region"),
            choices=tuple(Choice(r.value, r.value) for r in Region),
            asked_when=_other,
        ),
        Field(
            "senior",
            FieldKind.CHOICE,
            N_("Is the member above retirement age?"),
            N_("Above retirement age"),
            choices=(Choice("0", N_("No")), Choice("1", N_("Yes"))),
            asked_when=_other,
        ),
    ),
)

CORRECTION_FORM = Form(
    "correction",
    (
        Field(
            "month", FieldKind.TEXT, N_("Which month? For example 10/2026."), N_("Month"), _month
        ),
        Field(
            "amount",
            FieldKind.TEXT,
            N_("How much was really received for that month, in dong?"),
            N_("Received"),
            _received,
        ),
        Field(
            "reason",
            FieldKind.TEXT,
            N_("Why the correction (for the record)?"),
            N_("Reason"),
            _reason,
        ),
    ),
)
