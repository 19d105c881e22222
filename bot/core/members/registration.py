"""The registration form a member fills after opening an invitation, and the workplace form
reused when they move."""

from __future__ import annotations

from datetime import date

from bot.core.kernel.calendar import Month
from bot.core.kernel.dues_profile import Category, DuesProfile
from bot.core.kernel.errors import InvalidInput
from bot.core.kernel.forms import Answers, Choice, Context, Field, FieldKind, Form
from bot.core.kernel.model import Registration, Standing, StandingInfo, Workplace
from bot.core.kernel.text import N_
from bot.core.kernel.validation import (
    parse_amount,
    parse_date,
    parse_month,
    parse_person_name,
    parse_phone,
    parse_short_text,
)


def _name(raw: str, _: Context) -> str:
    return parse_person_name(raw)


def _text(raw: str, _: Context) -> str:
    return parse_short_text(raw)


def _phone(raw: str, _: Context) -> str:
    return parse_phone(raw)


def _since(raw: str, ctx: Context) -> str:
    month = parse_month(raw)
    if month > Month.of(ctx.today):
        raise InvalidInput(
            N_("That month is still to come. Please give a month up to {current}."),
            current=Month.of(ctx.today),
        )
    return month.iso()


def _expected_return(raw: str, ctx: Context) -> str:
    month = parse_month(raw)
    if month < Month.of(ctx.today):
        raise InvalidInput(
            N_("That month has already passed. Please give a month from {current} on."),
            current=Month.of(ctx.today),
        )
    return month.iso()


def _period_start(raw: str, _: Context) -> str:
    return parse_date(raw).isoformat()


def _period_end(raw: str, ctx: Context) -> str:
    end = parse_date(raw)
    start = ctx.answers.get("standing_start")
    if start and end <= date.fromisoformat(start):
        raise InvalidInput(N_("The end date must come after the start date."))
    if end < ctx.today:
        raise InvalidInput(
            N_(
                "That period has already ended. If it was renewed, give the new end date; "
                "otherwise go back and choose «Neither of these»."
            )
        )
    return end.isoformat()


def _transfer_end(raw: str, ctx: Context) -> str:
    end = parse_date(raw)
    if end < ctx.today:
        raise InvalidInput(
            N_("That day has already passed. Please give the day the temporary registration ends.")
        )
    return end.isoformat()


def _letter_date(raw: str, ctx: Context) -> str:
    day = parse_date(raw)
    if day > ctx.today:
        raise InvalidInput(N_("That date is still to come. Please check it."))
    return day.isoformat()


def _base(raw: str, _: Context) -> str:
    return str(parse_amount(raw, low=100_000, high=500_000_000))


def _has_base(answers: Answers) -> bool:
    return answers.get("dues_category") in (Category.SALARY, Category.PENSION)


def _exempt(answers: Answers) -> bool:
    return Standing(answers.get("standing", Standing.NONE)).is_exemption


def _transferred(answers: Answers) -> bool:
    return answers.get("standing") == Standing.TEMP_TRANSFER


DUES_CATEGORY_LABELS: dict[Category, str] = {
    Category.OTHER: N_("Other (most members working away)"),
    Category.SALARY: N_("In social insurance: 1% of the insurance salary"),
    Category.PENSION: N_("Pensioner"),
    Category.STUDENT: N_("Student"),
}

STANDING_LABELS: dict[Standing, str] = {
    Standing.NONE: N_("Neither of these"),
    Standing.EXEMPT: N_("Exempted from party work and meetings"),
    Standing.TEMP_EXEMPT: N_("Temporarily exempted from meetings"),
    Standing.TEMP_TRANSFER: N_("Temporarily registered with another party organisation"),
}

WORKPLACE_FIELDS: tuple[Field, ...] = (
    Field(
        "province",
        FieldKind.TEXT,
        N_("Where do you work now? First the province or city (or the country, if abroad)."),
        N_("Province or city"),
        _text,
    ),
    Field(
        "district",
        FieldKind.TEXT,
        N_("Which district, commune or ward is the workplace in?"),
        N_("District or commune"),
        _text,
    ),
    Field(
        "employer",
        FieldKind.TEXT,
        N_("Who do you work for? A company, a factory, or «self-employed»."),
        N_("Employer"),
        _text,
    ),
    Field("occupation", FieldKind.TEXT, N_("What work do you do?"), N_("Occupation"), _text),
    Field(
        "since",
        FieldKind.TEXT,
        N_("Since when have you worked there? Month and year, for example 03/2025."),
        N_("Since"),
        _since,
    ),
)

REGISTRATION = Form(
    "registration",
    (
        Field(
            "full_name",
            FieldKind.TEXT,
            N_("What is your full name?"),
            N_("Full name"),
            _name,
        ),
        Field(
            "phone",
            FieldKind.PHONE,
            N_("What is your phone number? Press «Share my number» below, or type it."),
            N_("Phone"),
            _phone,
        ),
        Field(
            "home_commune",
            FieldKind.TEXT,
            N_("Which commune or ward is your home, where your branch is?"),
            N_("Home commune or ward"),
            _text,
        ),
        *WORKPLACE_FIELDS,
        Field(
            "expected_return",
            FieldKind.TEXT,
            N_("When do you expect to come back home? Month and year, or skip this question."),
            N_("Expected return"),
            _expected_return,
            optional=True,
        ),
        Field(
            "dues_category",
            FieldKind.CHOICE,
            N_("Which dues category applies to you? Your branch will check it."),
            N_("Dues category"),
            choices=tuple(Choice(c.value, label) for c, label in DUES_CATEGORY_LABELS.items()),
        ),
        Field(
            "dues_base",
            FieldKind.TEXT,
            N_(
                "What is the monthly amount your dues are counted from (insurance salary or "
                "pension), in dong? You can skip this: your branch will enter it."
            ),
            N_("Monthly salary or pension"),
            _base,
            optional=True,
            asked_when=_has_base,
        ),
        Field(
            "standing",
            FieldKind.CHOICE,
            N_("What is your standing with the branch while you are away?"),
            N_("Standing"),
            choices=tuple(Choice(kind.value, label) for kind, label in STANDING_LABELS.items()),
        ),
        Field(
            "standing_start",
            FieldKind.TEXT,
            N_("From which date does the exemption run? For example 01/03/2026."),
            N_("Exemption from"),
            _period_start,
            asked_when=_exempt,
        ),
        Field(
            "standing_end",
            FieldKind.TEXT,
            N_("Until which date does it run? For example 28/02/2027."),
            N_("Exemption until"),
            _period_end,
            asked_when=_exempt,
        ),
        Field(
            "host_org",
            FieldKind.TEXT,
            N_("Which party organisation are you temporarily registered with?"),
            N_("Registered with"),
            _text,
            asked_when=_transferred,
        ),
        Field(
            "letter_date",
            FieldKind.TEXT,
            N_("What is the date of your letter of introduction? For example 15/01/2026."),
            N_("Letter dated"),
            _letter_date,
            asked_when=_transferred,
        ),
        Field(
            "transfer_end",
            FieldKind.TEXT,
            N_("Until which day does the temporary registration run? For example 31/12/2026."),
            N_("Registered until"),
            _transfer_end,
            asked_when=_transferred,
        ),
    ),
)

WORKPLACE = Form("workplace", WORKPLACE_FIELDS)


def _required(answers: Answers, key: str) -> str:
    value = answers.get(key)
    if not value:
        raise InvalidInput(N_("The form is not complete yet."))
    return value


def _optional_date(answers: Answers, key: str) -> date | None:
    value = answers.get(key)
    return date.fromisoformat(value) if value else None


def workplace_from(answers: Answers) -> Workplace:
    """The workplace the answers describe (raises ``InvalidInput`` if a field is missing)."""
    return Workplace(
        province=_required(answers, "province"),
        district=_required(answers, "district"),
        employer=_required(answers, "employer"),
        occupation=_required(answers, "occupation"),
        since=Month.parse_iso(_required(answers, "since")),
    )


def registration_from(answers: Answers) -> Registration:
    """The registration the answers describe, checked once more as a whole."""
    if REGISTRATION.next_question(answers) is not None:
        raise InvalidInput(N_("The form is not complete yet."))
    standing = Standing(_required(answers, "standing"))
    expected = answers.get("expected_return")
    return Registration(
        full_name=_required(answers, "full_name"),
        phone=_required(answers, "phone"),
        home_commune=_required(answers, "home_commune"),
        workplace=workplace_from(answers),
        expected_return=Month.parse_iso(expected) if expected else None,
        standing=StandingInfo(
            kind=standing,
            start=_optional_date(answers, "standing_start"),
            end=_optional_date(answers, "standing_end") or _optional_date(answers, "transfer_end"),
            host_org=answers.get("host_org") or None,
            letter_date=_optional_date(answers, "letter_date"),
        ),
        dues=DuesProfile(
            category=Category(answers.get("dues_category") or Category.OTHER),
            base=int(answers["dues_base"]) if answers.get("dues_base") else None,
        ),
    )
