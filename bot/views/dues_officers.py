"""Dues as the officers read them: a member's report to confirm, "cannot pay", the 3-month
rule's flags and alerts, the arrears list, the member pages and one member's dues with what an
officer can do."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.dues.forms import METHOD_LABELS
from bot.core.dues.ledger import PayMethod, Statement
from bot.core.dues.rates import Computation
from bot.core.dues.statements import MemberDues, parse_months
from bot.i18n import N_, _, format_local, html_text, plain
from bot.views.actions import Act
from bot.views.choices import Choices, button, inline
from bot.views.common import Params, money, param
from bot.views.dues import OWN, computation_text, months_list, statement_lines


def _method_line(params: Params) -> str:
    method = PayMethod(param(params, "method") or PayMethod.PORTAL)
    if method is PayMethod.RELATIVE:
        return html_text(N_("Paid in cash by {payer}, a relative"), payer=param(params, "payer"))
    return html_text(N_("Paid: {method}"), method=_(METHOD_LABELS[method]))


def report_card(params: Params) -> tuple[str, Choices]:
    report_id = int(params.get("report_id") or 0)
    amount = money(int(params.get("amount") or 0))
    lines = [
        html_text(N_("💰 <b>{name}</b> reports a dues payment."), name=param(params, "name")),
        html_text(
            N_("Months: {months}"), months=months_list(parse_months(param(params, "months")))
        ),
        html_text(N_("Amount: {amount}"), amount=amount),
        _method_line(params),
    ]
    if params.get("receipt"):
        lines.append(html_text(N_("📎 The receipt is attached.")))
    lines.append(html_text(N_("It counts once an officer confirms it.")))
    rows = [
        [button(plain(N_("✅ Confirm {amount}"), amount=amount), Act.DUES_CONFIRM, report_id)],
        [
            button(plain(N_("❌ Not received")), Act.DUES_REJECT, report_id),
            button(plain(N_("✏️ Confirm another amount")), Act.DUES_OTHER_AMOUNT, report_id),
        ],
        [button(plain(N_("💬 Reply")), Act.REPLY, int(params.get("member_id") or 0))],
    ]
    return "\n".join(lines), inline(rows)


def settled_card(params: Params, zone: ZoneInfo) -> tuple[str, Choices]:
    """A report's card once an officer answered it: the card as it was, who answered, when,
    with what amount; only «Reply» is left."""
    text, _buttons = report_card(params)
    when = format_local(datetime.fromisoformat(param(params, "at")), zone)
    if param(params, "outcome") == "confirmed":
        outcome = html_text(
            N_("✅ <b>{officer}</b> confirmed {amount} received, {when}."),
            officer=param(params, "officer"),
            amount=money(int(params.get("received") or 0)),
            when=when,
        )
    else:
        outcome = html_text(
            N_("❌ <b>{officer}</b> did not receive it, {when}."),
            officer=param(params, "officer"),
            when=when,
        )
    reply = [[button(plain(N_("💬 Reply")), Act.REPLY, int(params.get("member_id") or 0))]]
    return f"{text}\n\n{outcome}", inline(reply)


def cant_pay_card(params: Params) -> tuple[str, Choices]:
    member_id = int(params.get("member_id") or 0)
    text = html_text(
        N_("🙏 <b>{name}</b> cannot pay dues now: «{reason}»"),
        name=param(params, "name"),
        reason=param(params, "reason"),
    )
    return text, inline(
        [
            [button(plain(N_("📉 Record a reduction")), Act.DUES_REDUCE, member_id)],
            [button(plain(N_("💬 Reply")), Act.REPLY, member_id)],
        ]
    )


def level_card(params: Params, *, alert: bool) -> tuple[str, Choices]:
    months = months_list(parse_months(param(params, "months")))
    message = (
        N_(
            "🚨 <b>{name}</b> has {unpaid} unpaid months in {year} ({months}): enough grounds "
            "for the branch to consider. The bot decides nothing; that is for the branch."
        )
        if alert
        else N_(
            "⚠️ <b>{name}</b> has {unpaid} unpaid months in {year} ({months}). One more would "
            "give the branch grounds to consider the case; a word from the branch may help."
        )
    )
    text = html_text(
        message,
        name=param(params, "name"),
        unpaid=param(params, "unpaid"),
        year=param(params, "year"),
        months=months,
    )
    member_id = int(params.get("member_id") or 0)
    return text, inline(
        [
            [
                button(plain(N_("📄 Their dues")), Act.DUES_MEMBER, member_id),
                button(plain(N_("💬 Reply")), Act.REPLY, member_id),
            ],
        ]
    )


WARNING_NAMES: dict[int, str] = {
    1: N_("a friendly note"),
    2: N_("a clear warning (flagged)"),
    3: N_("the branch alerted"),
}


def arrears(dues: Sequence[MemberDues], year: int) -> tuple[str, Choices]:
    """Everything an officer needs in one message."""
    lines = [html_text(N_("💰 <b>Dues {year}</b>"), year=year)]
    owing = [d for d in dues if d.statement.open_months]
    waiting = [d for d in dues if d.pending]
    warned = [d for d in dues if d.warnings]
    if owing:
        lines += ["", html_text(N_("<b>Open months</b>"))]
        for d in owing:
            lines.append(
                html_text(
                    N_("• {name}: {months} ({owed})"),
                    name=d.member.full_name,
                    months=months_list(d.statement.open_months),
                    owed=money(d.statement.owed),
                )
            )
    if waiting:
        lines += ["", html_text(N_("<b>Waiting for confirmation</b>"))]
        for d in waiting:
            months = sorted({m for report in d.pending for m in report.months})
            lines.append(
                html_text(
                    N_("• {name}: {months}"), name=d.member.full_name, months=months_list(months)
                )
            )
    if warned:
        lines += ["", html_text(N_("<b>Warnings sent</b>"))]
        for d in warned:
            lines.append(
                html_text(
                    N_("• {name}: {levels}"),
                    name=d.member.full_name,
                    levels=", ".join(_(WARNING_NAMES[level]) for level in sorted(d.warnings)),
                )
            )
    if not (owing or waiting or warned):
        lines += ["", html_text(N_("Nobody owes anything and nothing is waiting."))]
    rows = [
        [button(plain(N_("📄 {name}"), name=d.member.full_name), Act.DUES_MEMBER, d.member.id)]
        for d in owing[:10]
    ]
    rows.append([button(plain(N_("👥 All members")), Act.DUES_PAGE, 0)])
    rows.append(
        [button(plain(N_("📥 The {year} ledger as Excel"), year=year), Act.DUES_EXPORT, year)]
    )
    rows.append([button(plain(N_("💰 My own dues")), Act.DUES, OWN)])
    return "\n".join(lines), inline(rows)


PAGE = 8


def members_page(dues: Sequence[MemberDues], page: int) -> tuple[str, Choices]:
    shown = dues[page * PAGE : (page + 1) * PAGE]
    text = html_text(
        N_("👥 Members, page {page} of {pages}. Choose one to see their dues."),
        page=page + 1,
        pages=max(1, -(-len(dues) // PAGE)),
    )
    rows = [
        [button(plain(N_("📄 {name}"), name=d.member.full_name), Act.DUES_MEMBER, d.member.id)]
        for d in shown
    ]
    nav = []
    if page > 0:
        nav.append(button(plain(N_("◀ Previous")), Act.DUES_PAGE, page - 1))
    if (page + 1) * PAGE < len(dues):
        nav.append(button(plain(N_("Next ▶")), Act.DUES_PAGE, page + 1))
    if nav:
        rows.append(nav)
    return text, inline(rows)


def member_view(
    name: str, member_id: int, statement: Statement, category: str, computation: Computation
) -> tuple[str, Choices]:
    """A member's dues as an officer sees them, with what an officer can do."""
    lines = [
        html_text(N_("💰 <b>{name}</b>, dues {year}"), name=name, year=statement.year),
        html_text(N_("Category: {category}"), category=category),
        "",
        *statement_lines(statement),
        "",
        html_text(N_("Owed now: {owed}"), owed=money(statement.owed)),
        "",
        computation_text(computation),
    ]
    return "\n".join(lines), inline(
        [
            [button(plain(N_("💵 Record a cash payment")), Act.DUES_CASH, member_id)],
            [
                button(plain(N_("📉 Record a reduction")), Act.DUES_REDUCE, member_id),
                button(plain(N_("🏷 Change category")), Act.DUES_CATEGORY, member_id),
            ],
            [
                button(plain(N_("✏️ Correct a month")), Act.DUES_CORRECT, member_id),
                button(plain(N_("💬 Reply")), Act.REPLY, member_id),
            ],
        ]
    )
