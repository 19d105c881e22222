"""The rate rules on the dates they change: each category and region, reductions, rounding."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.dues.rates import RateBookError, monthly_amount, parse_rate_book, rate_book
from bot.core.kernel.calendar import Month
from bot.core.kernel.dues_profile import Category, DuesProfile, Reduction, Region, Rounding

BOOK = rate_book()
JAN_2026, FEB_2026 = Month(2026, 1), Month(2026, 2)
DEC_2027, JAN_2028 = Month(2027, 12), Month(2028, 1)


def amount(profile: DuesProfile, month: Month, **kw: object) -> int:
    return monthly_amount(profile, month, book=BOOK, **kw).amount  # type: ignore[arg-type]


# 0.3% (2026-2027) and 0.5% (2028) of the 2026 regional minimum wage, rounded up to 1,000 dong.
@pytest.mark.parametrize(
    ("region", "feb_2026", "dec_2027", "jan_2028"),
    [
        (Region.I, 16_000, 16_000, 27_000),  # 15,930 / 26,550
        (Region.II, 15_000, 15_000, 24_000),  # 14,190 / 23,650
        (Region.III, 13_000, 13_000, 21_000),  # 12,420 / 20,700
        (Region.IV, 12_000, 12_000, 19_000),  # 11,100 / 18,500
    ],
)
def test_other_members_pay_a_share_of_their_regions_minimum_wage(
    region: Region, feb_2026: int, dec_2027: int, jan_2028: int
) -> None:
    profile = DuesProfile(Category.OTHER, region=region)
    assert amount(profile, JAN_2026) == 5_000  # the rule before 2026-02-01: a fixed amount
    assert amount(profile, FEB_2026) == feb_2026
    assert amount(profile, DEC_2027) == dec_2027
    assert amount(profile, JAN_2028) == jan_2028


@pytest.mark.parametrize(
    ("region", "feb_2026", "jan_2028"),
    [
        (Region.I, 11_000, 16_000),
        (Region.II, 10_000, 15_000),
        (Region.III, 9_000, 13_000),
        (Region.IV, 8_000, 12_000),
    ],
)
def test_members_above_retirement_age_pay_less(
    region: Region, feb_2026: int, jan_2028: int
) -> None:
    profile = DuesProfile(Category.OTHER, region=region, senior=True)
    assert amount(profile, JAN_2026) == 3_000
    assert amount(profile, FEB_2026) == feb_2026  # 0.2%
    assert amount(profile, JAN_2028) == jan_2028  # 0.3%


def test_salaried_members_pay_one_percent_and_pensioners_half_a_percent() -> None:
    salaried = DuesProfile(Category.SALARY, base=7_345_600)
    pensioner = DuesProfile(Category.PENSION, base=6_200_000)
    for month in (JAN_2026, FEB_2026, JAN_2028):
        assert amount(salaried, month) == 74_000  # 73,456 rounded up
        assert amount(pensioner, month) == 31_000
    assert amount(salaried, FEB_2026, rounding=Rounding.NONE) == 73_456
    assert amount(salaried, FEB_2026, rounding=Rounding.NEAREST_1000) == 73_000


def test_students_pay_a_fixed_amount() -> None:
    student = DuesProfile(Category.STUDENT)
    assert amount(student, JAN_2026) == 3_000
    assert amount(student, FEB_2026) == 5_000
    assert amount(student, JAN_2028) == 5_000


def test_a_missing_salary_base_gives_nothing_and_says_so() -> None:
    computation = monthly_amount(DuesProfile(Category.SALARY), FEB_2026, book=BOOK)
    assert computation.amount == 0
    assert computation.missing_base


@pytest.mark.parametrize(
    ("percent", "expected"), [(30, 12_000), (50, 8_000), (70, 5_000), (100, 0)]
)
def test_reductions_apply_before_rounding_within_their_months(percent: int, expected: int) -> None:
    profile = DuesProfile(Category.OTHER, region=Region.I)  # 15,930 a month
    reduction = (Reduction(percent, FEB_2026, Month(2026, 7), "ốm nặng"),)
    assert amount(profile, FEB_2026, reductions=reduction) == expected
    assert amount(profile, Month(2026, 7), reductions=reduction) == expected
    assert amount(profile, Month(2026, 8), reductions=reduction) == 16_000


def test_the_explanation_names_the_rule_and_the_wage() -> None:
    computation = monthly_amount(
        DuesProfile(Category.OTHER, region=Region.II), FEB_2026, book=BOOK
    )
    assert computation.rule.source.startswith("QĐ 01-QĐ/TW")
    assert computation.base == 4_730_000
    assert computation.before_reduction == Decimal("14190.000")
    assert computation.formula.percent == Decimal("0.3")


def _fixed_rule(effective: str, amount: int) -> str:
    categories = ("salary", "pension", "student", "other", "other_senior")
    return f"[[rule]]\neffective = {effective}\nsource = 'test'\n" + "".join(
        f"{c} = {{ kind = 'fixed', amount = {amount} }}\n" for c in categories
    )


def test_rules_are_data_a_new_rule_applies_from_its_date() -> None:
    wages = (
        "[[minimum_wage]]\neffective = 2026-01-01\nsource = 'w'\nI = 1\nII = 1\nIII = 1\nIV = 1\n"
    )
    book = parse_rate_book(
        _fixed_rule("2026-02-01", 1000) + _fixed_rule("2030-01-01", 9000) + wages
    )
    profile = DuesProfile()
    assert monthly_amount(profile, Month(2029, 12), book=book).amount == 1_000
    assert monthly_amount(profile, Month(2030, 1), book=book).amount == 9_000
    with pytest.raises(RateBookError):
        monthly_amount(profile, Month(2025, 12), book=book)


def test_a_rule_without_a_formula_for_a_category_is_refused() -> None:
    with pytest.raises(RateBookError, match="no formula"):
        parse_rate_book(
            "[[rule]]\neffective = 2026-02-01\nsource = 'x'\n"
            "other = { kind = 'fixed', amount = 1 }\n[[minimum_wage]]\n"
            "effective = 2026-01-01\nsource = 'w'\nI = 1\nII = 1\nIII = 1\nIV = 1\n"
        )
