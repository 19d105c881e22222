"""What the review and exemptions need from storage."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # these modules import the ports
    from bot.core.review.exemptions import Renewal
    from bot.core.review.rules import Grade, Review, ReviewAnswer


class ReviewRepo(Protocol):
    async def review(self, branch_id: int, year: int) -> Review | None: ...
    async def save_review(self, review: Review, officer_id: int) -> None: ...
    async def answer(self, member_id: int, year: int) -> ReviewAnswer | None: ...
    async def answers(self, branch_id: int, year: int) -> dict[int, ReviewAnswer]: ...
    async def save_answer(self, answer: ReviewAnswer, now: datetime) -> ReviewAnswer: ...
    async def save_grade(
        self, member_id: int, year: int, grade: Grade, officer_id: int, now: datetime
    ) -> None: ...


class ExemptionRepo(Protocol):
    async def add_renewal(
        self,
        member_id: int,
        now: datetime,
        old_end: date | None,
        new_end: date,
        reason: str | None,
    ) -> Renewal: ...
    async def renewal(self, renewal_id: int) -> Renewal | None: ...
    async def renewals_of(self, member_id: int) -> Sequence[Renewal]: ...
    async def decide_renewal(
        self, renewal_id: int, approve: bool, officer_id: int, now: datetime
    ) -> None: ...
    async def set_period_end(self, member_id: int, end: date) -> None: ...
