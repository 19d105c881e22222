"""The member list (pages, filters, status marks) and the member card with its actions."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.core.checkins.answers import CheckinKind
from bot.core.dues.ledger import MonthStatus, Statement
from bot.core.kernel.calendar import local_date
from bot.core.kernel.model import MemberStatus, Placement, current_placement
from bot.core.members.profile import card_params
from bot.core.review.rules import GRADE_LABELS, Attendance
from bot.core.roster import PAGE_SIZE, Filter, Mark, MemberCard, Page, RosterRow
from bot.i18n import N_, _, format_date, format_local, html_text, plain
from bot.views.actions import Act
from bot.views.choices import Choice, Choices, button, inline
from bot.views.common import money, month_text
from bot.views.dues import months_list
from bot.views.members import card_lines

FILTER_LABELS: dict[Filter, str] = {
    Filter.ALL: N_("All"),
    Filter.AWAY: N_("Away"),
    Filter.OVERDUE: N_("No answer"),
    Filter.UNPAID: N_("Dues owed"),
    Filter.UNREACHABLE: N_("Unreachable"),
    Filter.WAITING: N_("Payments to confirm"),
}
MARK_ICONS: dict[Mark, str] = {
    Mark.RETURNED: "🏠",
    Mark.UNREACHABLE: "🚫",
    Mark.RETURN_WAITING: "🏠?",
    Mark.PAUSED: "⏸",
    Mark.OVERDUE: "🔕",
    Mark.UNPAID: "💰",
    Mark.WAITING: "⏳",
}
LEGEND = N_(
    "🔕 no answer · 💰 dues owed · ⏳ payment to confirm · ⏸ out of reach · 🚫 blocked the "
    "bot · 🏠 back home"
)
CHECKIN_LABELS: dict[CheckinKind, str] = {
    CheckinKind.SAME: N_("✅ still the same"),
    CheckinKind.MOVED: N_("🏭 moved"),
    CheckinKind.RETURNED: N_("🏠 says they are back home"),
    CheckinKind.DIFFICULTY: N_("⚠️ difficulties"),
    CheckinKind.PAUSED: N_("⏸ out of reach for a while"),
}

SHOWN_PLACEMENTS = 5
REMIND_CHECKIN = "c"
REMIND_DUES = "d"


def marks_text(row: RosterRow) -> str:
    return "".join(MARK_ICONS[mark] for mark in row.marks)


def _row_line(number: int, row: RosterRow, zone: ZoneInfo) -> str:
    where = ""
    if row.workplace is not None:
        where = html_text(
            N_(" — {employer}, {province}"),
            employer=row.workplace.employer,
            province=row.workplace.province,
        )
    seen = ""
    if row.last_checkin_at is not None:
        seen = html_text(
            N_(" (last check-in {day})"),
            day=format_date(local_date(row.last_checkin_at, zone)),
        )
    marks = marks_text(row)
    return (
        html_text(
            N_("{number}. {marks}<b>{name}</b>"),
            number=number,
            marks=marks + " " if marks else "",
            name=row.member.full_name,
        )
        + where
        + seen
    )


def filter_buttons(current: Filter) -> list[list[Choice]]:
    buttons = [
        button(("✓ " if wanted is current else "") + plain(label), Act.LIST, wanted.value, 0, 1)
        for wanted, label in FILTER_LABELS.items()
    ]
    return [buttons[i : i + 3] for i in range(0, len(buttons), 3)]


def members_page(page: Page, zone: ZoneInfo) -> tuple[str, Choices]:
    lines = [
        html_text(
            N_("👥 <b>Members: {filter}</b> ({total})"),
            filter=_(FILTER_LABELS[page.filter]),
            total=page.total,
        )
    ]
    if page.pages > 1:
        lines.append(
            html_text(N_("Page {page} of {pages}"), page=page.number + 1, pages=page.pages)
        )
    lines.append("")
    first = page.number * PAGE_SIZE + 1
    if not page.rows:
        lines.append(html_text(N_("No member in this list.")))
    lines += [_row_line(first + i, row, zone) for i, row in enumerate(page.rows)]
    lines += ["", html_text(LEGEND), html_text(N_("Press a name to open the member's card."))]
    rows: list[list[Choice]] = []
    names = [
        button(f"{first + i}. {row.member.full_name}"[:60], Act.CARD, row.member.id)
        for i, row in enumerate(page.rows)
    ]
    rows += [names[i : i + 2] for i in range(0, len(names), 2)]
    nav = []
    if page.number > 0:
        nav.append(
            button(plain(N_("◀ Previous")), Act.LIST, page.filter.value, page.number - 1, 1)
        )
    if page.number + 1 < page.pages:
        nav.append(button(plain(N_("Next ▶")), Act.LIST, page.filter.value, page.number + 1, 1))
    if nav:
        rows.append(nav)
    rows += filter_buttons(page.filter)
    return "\n".join(lines), inline(rows)


def placement_lines(placements: Sequence[Placement]) -> list[str]:
    """A member's workplaces, newest first, with the months they started."""
    lines = []
    for placement in placements:
        work = placement.workplace
        lines.append(
            html_text(
                N_("• since {since}: {employer} ({district}, {province}), {occupation}{until}"),
                since=month_text(work.since.iso()),
                employer=work.employer,
                district=work.district,
                province=work.province,
                occupation=work.occupation,
                until=""
                if placement.ended_at is None
                else plain(N_(" — until {day}"), day=format_date(placement.ended_at.date())),
            )
        )
    return lines


def _dues_lines(statement: Statement) -> list[str]:
    def months(*statuses: MonthStatus) -> str:
        return months_list([line.month for line in statement.lines if line.status in statuses])

    found = [
        html_text(N_("<b>Dues {year}</b>"), year=statement.year),
        html_text(N_("✅ paid: {months}"), months=months(MonthStatus.PAID, MonthStatus.EXEMPT)),
    ]
    waiting = months(MonthStatus.WAITING)
    if waiting:
        found.append(html_text(N_("⏳ waiting for confirmation: {months}"), months=waiting))
    open_ = months(MonthStatus.OPEN, MonthStatus.PARTIAL)
    if open_:
        found.append(
            html_text(
                N_("⭕ not paid: {months} (owed {owed})"), months=open_, owed=money(statement.owed)
            )
        )
    return found


def _review_lines(card: MemberCard, zone: ZoneInfo) -> list[str]:
    review, answer = card.review, card.answer
    if review is None:
        return [html_text(N_("<b>Year-end review</b>: not set yet"))]
    head = html_text(
        N_("<b>Year-end review {year}</b> ({day})"),
        year=review.year,
        day=format_local(review.meeting_at, zone),
    )
    if answer is not None and answer.grade is not None:
        state = html_text(N_("graded: {grade}"), grade=_(GRADE_LABELS[answer.grade]))
    elif answer is None or answer.attendance is None:
        state = html_text(N_("has not answered"))
    elif answer.attendance is Attendance.ATTEND:
        state = html_text(N_("will attend"))
    elif answer.assessment is not None:
        state = html_text(N_("cannot come; self-assessment received"))
    else:
        state = html_text(N_("cannot come; no self-assessment yet"))
    return [head, state]


def card_view(card: MemberCard, zone: ZoneInfo) -> tuple[str, Choices]:
    row = card.row
    member = row.member
    current = current_placement(card.placements)
    lines = ["👤 " + card_lines(card_params(member, current))[0]]
    marks = marks_text(row)
    if marks:
        lines.append(marks)
    lines += card_lines(card_params(member, current))[1:]
    if card.placements:
        shown = card.placements[:SHOWN_PLACEMENTS]
        lines += ["", html_text(N_("<b>Workplaces</b>")), *placement_lines(shown)]
        if len(card.placements) > len(shown):
            lines.append(
                html_text(N_("… and {count} earlier"), count=len(card.placements) - len(shown))
            )
    lines += ["", html_text(N_("<b>Recent check-ins</b>"))]
    if not card.checkins:
        lines.append(html_text(N_("none yet")))
    for checkin in card.checkins:
        note = f" «{checkin.note}»" if checkin.note else ""
        lines.append(
            html_text(
                N_("• {at}: {what}{note}"),
                at=format_local(checkin.at, zone),
                what=_(CHECKIN_LABELS[checkin.kind]),
                note=note,
            )
        )
    if card.statement is not None:
        lines += ["", *_dues_lines(card.statement)]
    lines += ["", *_review_lines(card, zone)]
    return "\n".join(lines), inline(card_buttons(card))


def status_question(card: MemberCard) -> tuple[str, Choices]:
    """Changing where a member stands starts or stops their check-ins: ask first."""
    member = card.row.member
    away = member.status is not MemberStatus.ACTIVE
    text = html_text(
        N_("Mark <b>{name}</b> as working away again? Check-ins will start again.")
        if away
        else N_("Mark <b>{name}</b> as back home? The bot will stop asking them to check in."),
        name=member.full_name,
    )
    return text, inline(
        [
            [
                button(plain(N_("✅ Yes")), Act.STATUS, member.id, int(away), 1),
                button(plain(N_("✖️ No")), Act.CARD, member.id),
            ]
        ]
    )


def card_buttons(card: MemberCard) -> list[list[Choice]]:
    member = card.row.member
    rows = [
        [
            button(plain(N_("✉️ Message")), Act.REPLY, member.id),
            button(plain(N_("💵 Record a payment")), Act.DUES_CASH, member.id),
        ]
    ]
    reminders = []
    if member.works_away and member.unreachable_since is None:
        reminders.append(
            button(plain(N_("🔔 Ask to check in")), Act.REMIND, member.id, REMIND_CHECKIN)
        )
        if card.statement is not None and card.statement.open_months:
            reminders.append(
                button(plain(N_("💰 Remind of dues")), Act.REMIND, member.id, REMIND_DUES)
            )
    if reminders:
        rows.append(reminders)
    if member.status is MemberStatus.ACTIVE:
        rows.append([button(plain(N_("🏠 Mark as back home")), Act.STATUS, member.id, 0, 0)])
    else:
        rows.append(
            [button(plain(N_("🧳 Mark as working away again")), Act.STATUS, member.id, 1, 0)]
        )
    rows.append([button(plain(N_("◀ Member list")), Act.LIST, Filter.ALL.value, 0, 0)])
    return rows
