"""The weekly digest as a Telegram message."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from bot.core.checkins import DIFFICULTY_LABELS, Difficulty
from bot.core.digest import Digest, Entry, EntryKind
from bot.i18n import N_, _, format_date, html_text
from bot.views.common import date_text


def _s(entry: Entry, key: str) -> str:
    value = entry.detail.get(key)
    return "" if value is None else str(value)


def _difficulty(entry: Entry) -> str:
    kind = _s(entry, "difficulty")
    return html_text(
        N_("⚠️ {name}: difficulties ({kind}): «{note}»"),
        name=entry.name,
        kind=_(DIFFICULTY_LABELS[Difficulty(kind)]) if kind else "",
        note=_s(entry, "note"),
    )


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
    EntryKind.NOTE: lambda e: html_text(
        N_("📝 {name}: «{note}»"), name=e.name, note=_s(e, "note")
    ),
}


def entry_line(entry: Entry) -> str:
    return _LINES[entry.kind](entry)


def digest_text(digest: Digest, zone: ZoneInfo) -> str:
    lines = [
        html_text(N_("📊 <b>Weekly digest: {branch}</b>"), branch=digest.branch_name),
        html_text(
            N_("{start} to {end}"),
            start=format_date(digest.start.astimezone(zone).date()),
            end=format_date(digest.end.astimezone(zone).date()),
        ),
        "",
        html_text(
            N_("<b>{away} members away; {checked} checked in this week; {need} need you.</b>"),
            away=digest.away,
            checked=digest.checked_in,
            need=digest.need_you,
        ),
    ]
    sections = [
        (N_("<b>Needs you</b>"), digest.attention),
        (N_("<b>This week</b>"), digest.changes),
        (N_("<b>Notes with routine check-ins</b>"), digest.notes),
    ]
    for title, entries in sections:
        if entries:
            lines += ["", html_text(title), *(f"• {entry_line(e)}" for e in entries)]
    if not digest.attention:
        lines += ["", html_text(N_("Nothing needs you this week."))]
    return "\n".join(lines)
