"""The review's section of the weekly digest: in the review season, a meeting not set,
members who have not answered or not sent their self-assessment, grades not given."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from bot.core.digest.parts import Digest, DigestPart, Entry, Week
from bot.core.digest.parts import EntryKind as DigestKind
from bot.core.kernel.deps import Deps
from bot.core.kernel.model import Member
from bot.core.review.rules import reminders_start, year_reviewed
from bot.core.review.service import ReviewService

REVIEW_SECTION = "review"


@dataclass(frozen=True, slots=True)
class ReviewCounts:
    """Where the year-end review stands, in its season."""

    year: int
    meeting: str | None  # ISO date, None while not set
    expected: int  # members away who take part (excused ones left out)
    answered: int  # said they come, or sent a self-assessment
    graded: int

    @classmethod
    def of(cls, digest: Digest) -> ReviewCounts | None:
        """The review figures in a digest, if the review section gave any."""
        values = digest.figures.get(REVIEW_SECTION)
        return cls(**values) if values else None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewDigest:
    deps: Deps
    review: ReviewService

    async def digest_part(
        self, branch_id: int, week: Week, members: Sequence[Member]
    ) -> DigestPart:
        """In the review season: a meeting not set, members who have not answered or not sent
        their self-assessment, grades not given."""
        today = self.deps.local_date(week.end)
        part = DigestPart()
        year = year_reviewed(today)
        if today < reminders_start(year):
            return part
        away = sorted((m for m in members if m.works_away), key=lambda m: m.full_name)
        ready = await self.review.readiness_at(branch_id, today, away)
        review = ready.review
        if review is None:
            part.entries.append(Entry(DigestKind.REVIEW_NOT_SET, "", None, {"year": year}))
            return part
        meeting = self.deps.local_date(review.meeting_at)
        waiting = (
            [(DigestKind.REVIEW_TO_GRADE, ready.to_grade)]
            if today >= meeting
            else [
                (DigestKind.REVIEW_SILENT, ready.silent),
                (DigestKind.REVIEW_NO_ASSESSMENT, ready.remote_waiting),
            ]
        )
        for kind, members in waiting:
            part.entries += [Entry(kind, m.full_name, m.id) for m in members]
        part.figures[REVIEW_SECTION] = asdict(
            ReviewCounts(
                year,
                meeting.isoformat(),
                expected=len(ready.attending)
                + len(ready.remote_sent)
                + len(ready.remote_waiting)
                + len(ready.silent),
                answered=len(ready.attending) + len(ready.remote_sent),
                graded=len(ready.graded),
            )
        )
        return part
