"""Dues as the member reads them: the monthly reminder, their statement, how an amount was
computed, and what the branch did with their reports (the officers' cards and lists are
``bot.views.dues_officers``)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.dues.ledger import MonthLine, MonthStatus, Statement
from bot.core.dues.rates import Computation, FormulaKind
from bot.core.dues.statements import parse_months
from bot.core.kernel.calendar import Month
from bot.core.kernel.dues_profile import Rounding
from bot.i18n import N_, format_date, format_month, html_text, plain
from bot.views.actions import Act
from bot.views.choices import Choice, Choices, button, inline
from bot.views.common import Params, money, param

# What a member's buttons start: ``du:<action>``.
PAID = "paid"
SEVERAL = "several"
RELATIVE = "relative"
CANT = "cant"
HOW = "how"
OWN = "own"


def month_choices(months: Sequence[Month]) -> list[list[str]]:
    """Months as a form's choices: (value, label)."""
    return [[m.iso(), format_month(m)] for m in months]


def months_list(months: Sequence[Month]) -> str:
    return ", ".join(format_month(m) for m in months) or "—"


def member_buttons() -> list[list[Choice]]:
    return [
        [
            button(plain(N_("💳 I paid")), Act.DUES, PAID),
            button(plain(N_("📅 I paid several months")), Act.DUES, SEVERAL),
        ],
        [button(plain(N_("👪 A relative paid in cash for me")), Act.DUES, RELATIVE)],
        [button(plain(N_("🙏 I cannot pay now")), Act.DUES, CANT)],
    ]


def reminder(params: Params) -> tuple[str, Choices]:
    """The monthly reminder, with a warning as unpaid months add up."""
    month = Month.parse_iso(param(params, "month"))
    lines = []
    if params.get("amount") is not None:
        lines.append(
            html_text(
                N_("💰 <b>Dues for {month}: {amount}</b>"),
                month=month,
                amount=money(int(params["amount"] or 0)),
            )
        )
    open_months = parse_months(param(params, "open"))
    if open_months:
        lines.append(
            html_text(
                N_("Still open: {months} (in all {owed})."),
                months=months_list(open_months),
                owed=money(int(params.get("owed") or 0)),
            )
        )
    warning = int(params.get("warning") or 0)
    unpaid = int(params.get("unpaid") or 0)
    year = param(params, "warned_year")
    if warning == 1:
        lines += [
            "",
            html_text(
                N_(
                    "🙂 A friendly note: {unpaid} month of {year} went by without dues paid. It "
                    "happens; paying now keeps everything in order."
                ),
                unpaid=unpaid,
                year=year,
            ),
        ]
    elif warning == 2:
        lines += [
            "",
            html_text(
                N_(
                    "⚠️ <b>Please note:</b> {unpaid} months of {year} have gone by without dues. "
                    "Under the party's rules, not paying dues for three months in a year without "
                    "a good reason gives the branch grounds to consider striking a member off the "
                    "roll. Your branch wants to keep you. The easiest way: pay on the portal now, "
                    "or ask a relative to bring the money to the branch, then press «I paid». If "
                    "you cannot pay, press «I cannot pay now» and tell the branch why: it can "
                    "reduce or waive your dues."
                ),
                unpaid=unpaid,
                year=year,
            ),
        ]
    lines += [
        "",
        html_text(
            N_(
                "Pay online on the National Public Service Portal: {url}, or in "
                "cash to your branch. Then tell me below."
            ),
            url=param(params, "portal"),
        ),
    ]
    return "\n".join(lines), inline(member_buttons())


STATUS_TEXT: dict[MonthStatus, str] = {
    MonthStatus.NOT_TRACKED: N_("{month}: not followed by the bot"),
    MonthStatus.EXEMPT: N_("{month}: 🆓 exempt"),
    MonthStatus.PAID: N_("{month}: ✅ paid {paid}"),
    MonthStatus.PARTIAL: N_("{month}: ◐ paid {paid} of {expected}, {owed} still owed"),
    MonthStatus.WAITING: N_("{month}: ⏳ waiting for the branch to confirm ({expected})"),
    MonthStatus.OPEN: N_("{month}: ❗ open, {expected}"),
    MonthStatus.FUTURE: N_("{month}: {expected}"),
}


def statement_lines(statement: Statement) -> list[str]:
    """A line a month; months the bot did not follow yet are one line, not a screenful."""
    lines: list[str] = []
    untracked = [line.month for line in statement.lines if line.status is MonthStatus.NOT_TRACKED]
    if len(untracked) > 1:
        lines.append(
            html_text(
                N_("{first} to {last}: not followed by the bot"),
                first=untracked[0],
                last=untracked[-1],
            )
        )
    for line in statement.lines:
        if line.status is MonthStatus.NOT_TRACKED and len(untracked) > 1:
            continue
        lines.append(
            html_text(
                STATUS_TEXT[line.status],
                month=line.month,
                paid=money(line.confirmed),
                expected=money(line.expected),
                owed=money(line.owed),
            )
        )
    return lines


def own_statement(statement: Statement, earlier: Sequence[MonthLine] = ()) -> tuple[str, Choices]:
    """The member's year month by month, and what is still owed from earlier years."""
    lines = [
        html_text(N_("💰 <b>Your dues in {year}</b>"), year=statement.year),
        "",
        *statement_lines(statement),
        "",
    ]
    if earlier:
        lines.append(
            html_text(
                N_("Still owed from earlier years: {months} ({owed})."),
                months=months_list([line.month for line in earlier]),
                owed=money(sum(line.owed for line in earlier)),
            )
        )
    owed = statement.owed + sum(line.owed for line in earlier)
    if owed:
        lines.append(html_text(N_("<b>Owed now: {owed}</b>"), owed=money(owed)))
    else:
        lines.append(html_text(N_("<b>Nothing is owed now. Thank you!</b>")))
    rows = member_buttons()
    rows.append([button(plain(N_("🧮 How is my amount computed?")), Act.DUES, HOW)])
    return "\n".join(lines), inline(rows)


def computation_text(computation: Computation) -> str:
    """How one month's amount was reached, for the member and the secretary."""
    formula = computation.formula
    lines = [
        html_text(
            N_("🧮 <b>{month}: {amount}</b>"),
            month=computation.month,
            amount=money(computation.amount),
        )
    ]
    rule = computation.rule
    if formula.kind is FormulaKind.FIXED:
        lines.append(html_text(N_("A fixed {amount} a month."), amount=money(formula.amount or 0)))
    elif formula.kind is FormulaKind.PERCENT_OF_MINIMUM_WAGE:
        table = computation.wage_table
        lines.append(
            html_text(
                N_("{percent}% of the regional minimum wage, {wage} (region {region}, {source})."),
                percent=str(formula.percent).replace(".", ","),
                wage=money(computation.base or 0),
                region=_region_of(computation),
                source=table.source if table else "",
            )
        )
    elif computation.missing_base:
        lines.append(
            html_text(
                N_(
                    "{percent}% of the monthly salary or pension, which the branch "
                    "has not entered yet."
                ),
                percent=str(formula.percent).replace(".", ","),
            )
        )
    else:
        lines.append(
            html_text(
                N_("{percent}% of {base} a month."),
                percent=str(formula.percent).replace(".", ","),
                base=money(computation.base or 0),
            )
        )
    lines.append(
        html_text(
            N_("Rule: {source}, in force from {day}."),
            source=rule.source,
            day=format_date(rule.effective),
        )
    )
    if computation.reduction:
        reduction = computation.reduction
        lines.append(
            html_text(
                N_("Reduced by {percent}% ({reason}), {start} to {end}."),
                percent=reduction.percent,
                reason=reduction.reason,
                start=reduction.start,
                end=reduction.end,
            )
        )
    lines.append(html_text(ROUNDING_TEXT[computation.rounding]))
    return "\n".join(lines)


ROUNDING_TEXT: dict[Rounding, str] = {
    Rounding.UP_1000: N_("Rounded up to the next thousand dong."),
    Rounding.NEAREST_1000: N_("Rounded to the nearest thousand dong."),
    Rounding.NONE: N_("Not rounded."),
}


def _region_of(computation: Computation) -> str:
    table = computation.wage_table
    if table is None:
        return ""
    return next(
        (region.value for region, wage in table.by_region.items() if wage == computation.base), ""
    )


def confirmed(params: Params) -> str:
    return html_text(
        N_("✅ {officer} confirmed your dues for {months}: {amount}. Thank you!"),
        officer=param(params, "officer"),
        months=months_list(parse_months(param(params, "months"))),
        amount=money(int(params.get("amount") or 0)),
    )


def rejected(params: Params) -> str:
    return html_text(
        N_(
            "❌ {officer} has not received the payment you reported for {months}. "
            "Those months are still open; please check with your branch."
        ),
        officer=param(params, "officer"),
        months=months_list(parse_months(param(params, "months"))),
    )


def reduced(params: Params) -> str:
    start = Month.parse_iso(param(params, "start"))
    end = Month.parse_iso(param(params, "end"))
    if int(params.get("percent") or 0) >= 100:
        return html_text(
            N_("🆓 Your branch exempted you from dues from {start} to {end} ({reason})."),
            start=start,
            end=end,
            reason=param(params, "reason"),
        )
    return html_text(
        N_("📉 Your branch reduced your dues by {percent}% from {start} to {end} ({reason})."),
        percent=param(params, "percent"),
        start=start,
        end=end,
        reason=param(params, "reason"),
    )
