"""The weekly digest as Telegram messages: the text (split cleanly when long), buttons that
open the list behind each number, and the chart."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from bot.core.checkins.answers import DIFFICULTY_LABELS, Difficulty
from bot.core.digest.parts import Digest, Entry, EntryKind
from bot.core.dues.digest import DuesCounts
from bot.core.dues.statements import parse_months
from bot.core.kernel.calendar import local_date
from bot.core.review.digest import ReviewCounts
from bot.core.roster import Filter
from bot.i18n import N_, _, format_date, html_text, plain
from bot.views.actions import Act
from bot.views.audit import ACTION_LABELS
from bot.views.chart import weekly_chart
from bot.views.choices import Choice, Choices, button, inline
from bot.views.common import date_text, money, month_text, standing_name
from bot.views.dues import months_list
from bot.views.outgoing import MessageOut, Upload
from bot.views.parts import PART_LIMIT, split_parts


def _s(entry: Entry, key: str) -> str:
    value = entry.detail.get(key)
    return "" if value is None else str(value)


def _difficulty(entry: Entry) -> str:
    kind = _s(entry, "difficulty")
    if not kind:  # pressed, never told what
        return html_text(N_("⚠️ {name}: difficulties, no details given"), name=entry.name)
    return html_text(
        N_("⚠️ {name}: difficulties ({kind}): «{note}»"),
        name=entry.name,
        kind=_(DIFFICULTY_LABELS[Difficulty(kind)]) if kind else "",
        note=_s(entry, "note"),
    )


def _payment(entry: Entry) -> str:
    amount = entry.detail.get("amount")
    return html_text(
        N_("💵 {name}: says they paid {months}{amount}; waiting for confirmation"),
        name=entry.name,
        months=months_list_of(_s(entry, "months")),
        amount=f" ({money(int(amount))})" if isinstance(amount, int) else "",
    )


def months_list_of(text: str) -> str:
    return months_list(parse_months(text))


_LINES: dict[EntryKind, Callable[[Entry], str]] = {
    EntryKind.DIFFICULTY: _difficulty,
    EntryKind.UNANSWERED: lambda e: html_text(
        N_("🔕 {name}: no answer to the check-in of {day}"),
        name=e.name,
        day=date_text(_s(e, "asked") or None),
    ),
    EntryKind.UNREACHABLE: lambda e: html_text(N_("🚫 {name}: has blocked the bot"), name=e.name),
    EntryKind.RETURN_WAITING: lambda e: html_text(
        N_("🏠 {name}: says they are back home; please confirm"), name=e.name
    ),
    EntryKind.REGISTRATION_WAITING: lambda e: html_text(
        N_("📝 {name}: registration waiting for approval"), name=e.name
    ),
    EntryKind.PAYMENT_WAITING: _payment,
    EntryKind.DUES_THREE: lambda e: html_text(
        N_("❗ {name}: {unpaid} months of {year} unpaid (the 3-month rule)"),
        name=e.name,
        unpaid=_s(e, "unpaid"),
        year=_s(e, "year"),
    ),
    EntryKind.DUES_TWO: lambda e: html_text(
        N_("💰 {name}: {unpaid} months of {year} unpaid"),
        name=e.name,
        unpaid=_s(e, "unpaid"),
        year=_s(e, "year"),
    ),
    EntryKind.PERIOD_ENDING: lambda e: html_text(
        N_("📅 {name}: {standing} ends on {day}"),
        name=e.name,
        standing=standing_name(_s(e, "standing")),
        day=date_text(_s(e, "end") or None),
    ),
    EntryKind.REVIEW_NOT_SET: lambda e: html_text(
        N_("🗓 The year-end review meeting of {year} is not set yet (/review)"),
        year=_s(e, "year"),
    ),
    EntryKind.REVIEW_SILENT: lambda e: html_text(
        N_("🗓 {name}: has not said whether they come to the review"), name=e.name
    ),
    EntryKind.REVIEW_NO_ASSESSMENT: lambda e: html_text(
        N_("🗓 {name}: cannot come and has not sent a self-assessment"), name=e.name
    ),
    EntryKind.REVIEW_TO_GRADE: lambda e: html_text(
        N_("🗓 {name}: no grade recorded yet"), name=e.name
    ),
    EntryKind.MOVED: lambda e: html_text(
        N_("🏭 {name} moved to {employer}, {province}"),
        name=e.name,
        employer=_s(e, "employer"),
        province=_s(e, "province"),
    ),
    EntryKind.RETURNED: lambda e: html_text(N_("🏠 {name} came back home"), name=e.name),
    EntryKind.PAUSED: lambda e: html_text(
        N_("⏸ {name} is out of reach until {day}"),
        name=e.name,
        day=date_text(_s(e, "until") or None),
    ),
    EntryKind.SELF_SETTLED: lambda e: html_text(
        N_("✋ {name}: self-confirmed, on their own record: {what}"),
        name=e.name,
        what=_(ACTION_LABELS.get(_s(e, "action"), _s(e, "action"))),
    ),
    EntryKind.NOTE: lambda e: html_text(
        N_("📝 {name}: «{note}»"), name=e.name, note=_s(e, "note")
    ),
}


def entry_line(entry: Entry) -> str:
    return _LINES[entry.kind](entry)


def _head(digest: Digest, zone: ZoneInfo) -> list[str]:
    return [
        html_text(N_("📊 <b>Weekly digest: {branch}</b>"), branch=digest.branch_name),
        html_text(
            N_("{start} to {end}"),
            start=format_date(local_date(digest.start, zone)),
            end=format_date(local_date(digest.end, zone)),
        ),
        "",
        html_text(
            N_("<b>{away} members away; {checked} checked in this week; {need} need you.</b>"),
            away=digest.away,
            checked=digest.checked_in,
            need=digest.need_you,
        ),
    ]


def _sections(digest: Digest) -> list[tuple[str, list[str]]]:
    """(title, lines) in the order a secretary reads them: what needs action first."""
    sections = []
    attention = [f"• {entry_line(e)}" for e in digest.attention]
    sections.append(
        (html_text(N_("<b>Needs you</b>")), attention or [html_text(N_("Nothing this week."))])
    )
    if digest.changes:
        sections.append(
            (html_text(N_("<b>This week</b>")), [f"• {entry_line(e)}" for e in digest.changes])
        )
    if digest.notes:
        sections.append(
            (
                html_text(N_("<b>Notes with routine check-ins</b>")),
                [f"• {entry_line(e)}" for e in digest.notes],
            )
        )
    dues = DuesCounts.of(digest)
    if dues is not None:
        sections.append(
            (
                html_text(N_("<b>Dues of {month}</b>"), month=month_text(dues.month)),
                [
                    html_text(
                        N_("✅ paid {paid} · ⏳ waiting for you {waiting} · ⭕ not yet {open}"),
                        paid=dues.paid,
                        waiting=dues.waiting,
                        open=dues.open,
                    )
                ],
            )
        )
    review = ReviewCounts.of(digest)
    if review is not None:
        sections.append(
            (
                html_text(N_("<b>Year-end review {year}</b>"), year=review.year),
                [
                    html_text(
                        N_(
                            "Meeting on {day}; {answered} of {expected} members away have "
                            "answered; {graded} graded."
                        ),
                        day=date_text(review.meeting),
                        answered=review.answered,
                        expected=review.expected,
                        graded=review.graded,
                    )
                ],
            )
        )
    return sections


def digest_buttons(digest: Digest) -> Choices:
    """One button per number that has a list behind it."""
    counts: list[tuple[str, int, Filter]] = [
        (N_("👥 Away ({n})"), digest.away, Filter.AWAY),
        (N_("🔕 No answer ({n})"), digest.count(EntryKind.UNANSWERED), Filter.OVERDUE),
        (N_("🚫 Unreachable ({n})"), digest.count(EntryKind.UNREACHABLE), Filter.UNREACHABLE),
    ]
    dues = DuesCounts.of(digest)
    if dues is not None:
        counts += [
            (N_("💰 Dues owed ({n})"), dues.behind, Filter.UNPAID),
            (
                N_("⏳ Payments to confirm ({n})"),
                digest.count(EntryKind.PAYMENT_WAITING),
                Filter.WAITING,
            ),
        ]
    buttons: list[Choice] = [
        button(plain(label, n=n), Act.LIST, wanted.value, 0, 0) for label, n, wanted in counts if n
    ]
    return inline([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def chart_message(digest: Digest, zone: ZoneInfo) -> MessageOut | None:
    """The chart as a photo, if the branch has anyone to chart."""
    if not any(v is not None for values in digest.series.values() for v in values):
        return None
    ends = [local_date(end, zone) for end in digest.series_ends]
    title = plain(N_("{branch}: the last 12 weeks"), branch=digest.branch_name)
    series = dict(digest.series)
    return MessageOut(
        html_text(N_("📈 Check-ins and dues over the last 12 weeks.")),
        photo=Upload("chart.png", lambda: weekly_chart(ends, series, title)),
    )


def digest_text(digest: Digest, zone: ZoneInfo, limit: int = PART_LIMIT) -> list[str]:
    return split_parts(_head(digest, zone), _sections(digest), limit)


def digest_messages(digest: Digest, zone: ZoneInfo) -> list[MessageOut]:
    """Everything the digest sends, in order: its text parts (the buttons under the last), then
    the chart."""
    texts = digest_text(digest, zone)
    if len(texts) > 1:
        marker = N_("(part {i} of {n})")
        texts = [
            text + "\n\n" + plain(marker, i=i, n=len(texts))
            for i, text in enumerate(texts, start=1)
        ]
    messages = [MessageOut(text) for text in texts[:-1]]
    messages.append(MessageOut(texts[-1], digest_buttons(digest)))
    chart = chart_message(digest, zone)
    return messages + ([chart] if chart else [])
