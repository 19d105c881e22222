"""How much a member owes for a month: rate rules with effective dates, read from
``rates.toml``, applied to the member's dues category, then reductions and rounding.

Every amount comes with its explanation, so the secretary can see how it was computed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from bot.core.kernel.calendar import Month
from bot.core.kernel.dues_profile import Category, DuesProfile, Reduction, Region, Rounding


class FormulaKind(StrEnum):
    PERCENT_OF_BASE = "percent_of_base"
    PERCENT_OF_MINIMUM_WAGE = "percent_of_minimum_wage"
    FIXED = "fixed"


@dataclass(frozen=True, slots=True)
class Formula:
    kind: FormulaKind
    percent: Decimal | None = None
    amount: int | None = None


@dataclass(frozen=True, slots=True)
class RateRule:
    effective: date
    source: str
    formulas: dict[str, Formula]  # category value, or "other_senior"


@dataclass(frozen=True, slots=True)
class WageTable:
    effective: date
    source: str
    by_region: dict[Region, int]


@dataclass(frozen=True, slots=True)
class Computation:
    """A month's amount and how it was reached."""

    month: Month
    amount: int
    rule: RateRule
    formula: Formula
    formula_key: str
    base: int | None  # the member's base, or the regional minimum wage
    wage_table: WageTable | None
    before_reduction: Decimal
    reduction: Reduction | None
    rounding: Rounding

    @property
    def missing_base(self) -> bool:
        return self.formula.kind is FormulaKind.PERCENT_OF_BASE and self.base is None


class RateBookError(ValueError):
    pass


@dataclass(frozen=True, slots=True, eq=False)  # compared by identity, so amounts can be cached
class RateBook:
    rules: tuple[RateRule, ...]
    wages: tuple[WageTable, ...]

    def rule_for(self, month: Month) -> RateRule:
        day = month.first_day()
        applicable = [rule for rule in self.rules if rule.effective <= day]
        if not applicable:
            raise RateBookError(f"no dues rule in effect for {month}")
        return applicable[-1]

    def wage_for(self, month: Month) -> WageTable:
        day = month.first_day()
        applicable = [table for table in self.wages if table.effective <= day]
        if not applicable:
            raise RateBookError(f"no minimum wage in effect for {month}")
        return applicable[-1]


def _formula(raw: dict[str, Any]) -> Formula:
    kind = FormulaKind(raw["kind"])
    if kind is FormulaKind.FIXED:
        return Formula(kind, amount=int(raw["amount"]))
    return Formula(kind, percent=Decimal(str(raw["percent"])))


def parse_rate_book(text: str) -> RateBook:
    data = tomllib.loads(text)
    categories = [c.value for c in Category] + ["other_senior"]
    rules = []
    for raw in data["rule"]:
        missing = [c for c in categories if c not in raw]
        if missing:
            raise RateBookError(f"rule of {raw['effective']} has no formula for {missing}")
        rules.append(
            RateRule(raw["effective"], raw["source"], {c: _formula(raw[c]) for c in categories})
        )
    wages = [
        WageTable(
            raw["effective"], raw["source"], {region: int(raw[region.value]) for region in Region}
        )
        for raw in data["minimum_wage"]
    ]
    rules.sort(key=lambda r: r.effective)
    wages.sort(key=lambda w: w.effective)
    return RateBook(tuple(rules), tuple(wages))


@cache
def rate_book() -> RateBook:
    """The rules shipped with the bot."""
    return parse_rate_book(resources.files("bot.core.dues").joinpath("rates.toml").read_text())


def _round(value: Decimal, rounding: Rounding) -> int:
    if rounding is Rounding.UP_1000:
        return int((value / 1000).to_integral_value(ROUND_CEILING) * 1000)
    if rounding is Rounding.NEAREST_1000:
        return int((value / 1000).to_integral_value(ROUND_HALF_UP) * 1000)
    return int(value.to_integral_value(ROUND_HALF_UP))


@lru_cache(maxsize=65_536)  # the same few profiles and months are asked for all day long
def monthly_amount(
    profile: DuesProfile,
    month: Month,
    *,
    book: RateBook,
    reductions: tuple[Reduction, ...] = (),
    rounding: Rounding = Rounding.UP_1000,
) -> Computation:
    """What ``profile`` owes for ``month``, with the reasoning."""
    rule = book.rule_for(month)
    key = profile.category.value
    if profile.category is Category.OTHER and profile.senior:
        key = "other_senior"
    formula = rule.formulas[key]
    base: int | None = None
    table: WageTable | None = None
    if formula.kind is FormulaKind.FIXED:
        raw = Decimal(formula.amount or 0)
    elif formula.kind is FormulaKind.PERCENT_OF_MINIMUM_WAGE:
        table = book.wage_for(month)
        base = table.by_region[profile.region]
        raw = Decimal(base) * (formula.percent or Decimal(0)) / 100
    else:
        base = profile.base
        raw = Decimal(base or 0) * (formula.percent or Decimal(0)) / 100
    reduction = next((r for r in reductions if r.covers(month)), None)
    reduced = raw * (100 - (reduction.percent if reduction else 0)) / 100
    amount = 0 if reduced <= 0 else _round(reduced, rounding)
    return Computation(month, amount, rule, formula, key, base, table, raw, reduction, rounding)


@lru_cache(maxsize=4_096)  # a branch's members share a few profiles: one lookup per statement
def year_amounts(
    profile: DuesProfile,
    year: int,
    book: RateBook,
    reductions: tuple[Reduction, ...],
    rounding: Rounding,
) -> tuple[Computation, ...]:
    """The twelve months of ``year`` for ``profile``, January first."""
    return tuple(
        monthly_amount(
            profile, Month(year, number), book=book, reductions=reductions, rounding=rounding
        )
        for number in range(1, 13)
    )
