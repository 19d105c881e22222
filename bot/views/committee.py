"""The committee view: totals across branches, branch by branch, built from each branch's
digest. Only counts leave this module: no member's name is ever shown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.core.digest.parts import Digest, EntryKind
from bot.core.dues.digest import DuesCounts
from bot.core.kernel.calendar import local_date
from bot.core.review.digest import ReviewCounts
from bot.i18n import N_, format_date, html_text
from bot.views.parts import PART_LIMIT, split_parts


@dataclass(frozen=True, slots=True)
class Totals:
    """What the committee sees of a branch (or of all of them)."""

    away: int = 0
    reachable: int = 0
    checked_in: int = 0
    two: int = 0
    three: int = 0
    expected: int = 0  # members in the year-end review
    answered: int = 0
    graded: int = 0

    @classmethod
    def of(cls, digest: Digest) -> Totals:
        review = ReviewCounts.of(digest)
        dues = DuesCounts.of(digest)
        return cls(
            away=digest.away,
            reachable=digest.away - digest.count(EntryKind.UNREACHABLE),
            checked_in=digest.checked_in,
            two=dues.two if dues else 0,
            three=dues.three if dues else 0,
            expected=review.expected if review else 0,
            answered=review.answered if review else 0,
            graded=review.graded if review else 0,
        )

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            *(
                getattr(self, name) + getattr(other, name)
                for name in self.__dataclass_fields__  # the counts, in order
            )
        )

    @property
    def rate(self) -> int:
        """Check-in rate this week, in percent."""
        return round(100 * self.checked_in / self.away) if self.away else 0


def _line(totals: Totals) -> str:
    text = html_text(
        N_(
            "away {away} · reachable {reachable} · checked in {rate}% · "
            "2 months unpaid {two} · 3 months {three}"
        ),
        away=totals.away,
        reachable=totals.reachable,
        rate=totals.rate,
        two=totals.two,
        three=totals.three,
    )
    if totals.expected:
        text += html_text(
            N_(" · review answered {answered}/{expected}, graded {graded}"),
            answered=totals.answered,
            expected=totals.expected,
            graded=totals.graded,
        )
    return text


def committee_text(digests: Sequence[Digest], zone: ZoneInfo) -> list[str]:
    """The totals first, then one line per branch; split like the digest when long."""
    if not digests:
        return [html_text(N_("No branch has been set up yet."))]
    each = [(digest.branch_name, Totals.of(digest)) for digest in digests]
    overall = sum((totals for _name, totals in each), Totals())
    head = [
        html_text(
            N_("🏛 <b>All branches</b>, the week to {day}"),
            day=format_date(local_date(digests[0].end, zone)),
        ),
        "",
        html_text(N_("<b>{count} branches</b>:"), count=len(each)) + " " + _line(overall),
    ]
    lines = [
        html_text(N_("• <b>{branch}</b>:"), branch=name) + " " + _line(totals)
        for name, totals in sorted(each, key=lambda pair: pair[0].casefold())
    ]
    return split_parts(head, [(html_text(N_("<b>Branch by branch</b>")), lines)], PART_LIMIT)
