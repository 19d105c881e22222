"""The weekly digest's parts: its entries and their kinds, the week it covers, what a section
contributes (``DigestPart``), and the digest as it is queued and rendered."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from bot.core.kernel.model import Member, MemberStatus, Role
from bot.core.kernel.notices import ParamValue

WEEK = timedelta(days=7)
SERIES_WEEKS = 12  # the chart's span


class EntryKind(StrEnum):
    # needs the leaders
    DIFFICULTY = "difficulty"
    UNANSWERED = "unanswered"
    UNREACHABLE = "unreachable"
    RETURN_WAITING = "return_waiting"
    REGISTRATION_WAITING = "registration_waiting"
    PAYMENT_WAITING = "payment_waiting"
    DUES_TWO = "dues_two"  # two months unpaid this year: flagged
    DUES_THREE = "dues_three"  # three or more: the 3-month rule
    PERIOD_ENDING = "period_ending"  # an exemption or temporary registration ends soon
    REVIEW_NOT_SET = "review_not_set"  # the season has begun and no meeting is set
    REVIEW_SILENT = "review_silent"  # has not said whether they come
    REVIEW_NO_ASSESSMENT = "review_no_assessment"  # cannot come and sent nothing yet
    REVIEW_TO_GRADE = "review_to_grade"  # the meeting was held; no grade yet
    SELF_SETTLED = "self_settled"  # the only officer who could settled their own record
    # changed this week
    MOVED = "moved"
    RETURNED = "returned"
    PAUSED = "paused"
    # said in a routine check-in the leaders did not get at once
    NOTE = "note"


ATTENTION = (
    EntryKind.DIFFICULTY,
    EntryKind.UNANSWERED,
    EntryKind.UNREACHABLE,
    EntryKind.RETURN_WAITING,
    EntryKind.REGISTRATION_WAITING,
    EntryKind.PAYMENT_WAITING,
    EntryKind.DUES_THREE,
    EntryKind.DUES_TWO,
    EntryKind.PERIOD_ENDING,
    EntryKind.REVIEW_NOT_SET,
    EntryKind.REVIEW_SILENT,
    EntryKind.REVIEW_NO_ASSESSMENT,
    EntryKind.REVIEW_TO_GRADE,
    EntryKind.SELF_SETTLED,
)
CHANGES = (EntryKind.MOVED, EntryKind.RETURNED, EntryKind.PAUSED)


@dataclass(frozen=True, slots=True)
class Entry:
    kind: EntryKind
    name: str  # empty for what concerns the branch, not one member
    member_id: int | None = None
    detail: Mapping[str, ParamValue] = field(default_factory=dict)


@dataclass(slots=True)
class DigestPart:
    """What one capability adds to a branch's digest."""

    entries: list[Entry] = field(default_factory=list)
    # The section's own figures for the week, under its name (the section defines their shape).
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    series: dict[str, list[float | None]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Week:
    """The digest's period, and the ends of the weeks its chart covers (oldest first, the last
    one is ``end``)."""

    start: datetime
    end: datetime

    @classmethod
    def ending(cls, end: datetime) -> Week:
        return cls(end - WEEK, end)

    @property
    def series_ends(self) -> list[datetime]:
        return [self.end - WEEK * k for k in range(SERIES_WEEKS - 1, -1, -1)]


# A section reads the branch's members from the digest (read once for all sections).
DigestSection = Callable[[int, Week, Sequence[Member]], Awaitable[DigestPart]]


@dataclass(frozen=True, slots=True)
class Digest:
    branch_id: int
    branch_name: str
    start: datetime
    end: datetime
    away: int  # members working away the bot keeps in touch with
    checked_in: int  # of them, how many checked in during the week
    entries: Sequence[Entry]
    figures: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    series: Mapping[str, Sequence[float | None]] = field(default_factory=dict)

    def of_kind(self, *kinds: EntryKind) -> list[Entry]:
        """Entries of the given kinds, in the order the kinds are given."""
        return [e for kind in kinds for e in self.entries if e.kind is kind]

    @property
    def attention(self) -> list[Entry]:
        return self.of_kind(*ATTENTION)

    @property
    def changes(self) -> list[Entry]:
        return self.of_kind(*CHANGES)

    @property
    def notes(self) -> list[Entry]:
        return self.of_kind(EntryKind.NOTE)

    def count(self, kind: EntryKind) -> int:
        return sum(1 for e in self.entries if e.kind is kind)

    @property
    def need_you(self) -> int:
        """Members who need the leaders (one member with two problems counts once), and
        branch tasks."""
        return len({e.member_id or e.kind.value for e in self.attention})

    @property
    def series_ends(self) -> list[datetime]:
        return Week(self.start, self.end).series_ends

    def to_params(self) -> dict[str, ParamValue]:
        data = {
            "branch_id": self.branch_id,
            "branch_name": self.branch_name,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "away": self.away,
            "checked_in": self.checked_in,
            "entries": [
                {"kind": e.kind.value, "name": e.name, "id": e.member_id, "detail": e.detail}
                for e in self.entries
            ],
            "figures": {name: dict(values) for name, values in self.figures.items()},
            "series": {name: list(values) for name, values in self.series.items()},
        }
        return {"digest": json.dumps(data, ensure_ascii=False)}

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Digest:
        data = json.loads(str(params["digest"]))
        return cls(
            branch_id=data["branch_id"],
            branch_name=data["branch_name"],
            start=datetime.fromisoformat(data["start"]),
            end=datetime.fromisoformat(data["end"]),
            away=data["away"],
            checked_in=data["checked_in"],
            entries=[
                Entry(EntryKind(e["kind"]), e["name"], e["id"], e["detail"])
                for e in data["entries"]
            ],
            figures=data.get("figures") or _older_figures(data),
            series=data.get("series") or {},
        )


# The chart's series.
CHECKIN_RATE = "checkins"
DUES_RATE = "dues"


def rates(counts: Sequence[tuple[int, int]]) -> list[float | None]:
    """``done / of`` for each week, ``None`` where there was no one to count."""
    return [done / of if of else None for done, of in counts]


def checkin_rates(
    week: Week, members: Sequence[Member], weeks: Mapping[int, set[int]]
) -> list[float | None]:
    """For each of the chart's weeks: of the members away during it, the share who checked
    in."""
    counts = []
    for index, end in enumerate(week.series_ends):
        start = end - WEEK
        away = {
            m.id
            for m in members
            if m.role is Role.MEMBER
            and m.status in (MemberStatus.ACTIVE, MemberStatus.RETURNED)
            and m.approved_at is not None
            and m.approved_at < end
            and (m.returned_at is None or m.returned_at > start)
        }
        counts.append((len(weeks.get(index, set()) & away), len(away)))
    return rates(counts)


def _older_figures(data: Mapping[str, Any]) -> dict[str, Any]:
    """A digest queued by a release that kept the dues and review figures at the top level."""
    return {name: data[name] for name in ("dues", "review") if data.get(name)}
