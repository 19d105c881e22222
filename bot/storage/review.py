"""The year-end review: meetings, answers and grades."""

from __future__ import annotations

from datetime import date, datetime

from bot.core.review.rules import Grade, Review, ReviewAnswer
from bot.storage.db import SqlRepo, from_db, to_db
from bot.storage.rows import row_mapper

_answer = row_mapper(ReviewAnswer)


class SqlReviewRepo(SqlRepo):
    async def review(self, branch_id: int, year: int) -> Review | None:
        row = await self._db.fetch_one(
            "SELECT * FROM reviews WHERE branch_id = ? AND year = ?", (branch_id, year)
        )
        if row is None:
            return None
        return Review(
            row["branch_id"],
            row["year"],
            from_db(row["meeting_at"]),
            row["place"],
            date.fromisoformat(row["deadline"]),
            from_db(row["set_at"]),
        )

    async def save_review(self, review: Review, officer_id: int) -> None:
        await self._db.execute(
            "INSERT INTO reviews (branch_id, year, meeting_at, place, deadline, set_by, set_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (branch_id, year) DO UPDATE SET"
            " meeting_at = excluded.meeting_at, place = excluded.place,"
            " deadline = excluded.deadline, set_by = excluded.set_by, set_at = excluded.set_at",
            (
                review.branch_id,
                review.year,
                to_db(review.meeting_at),
                review.place,
                review.deadline.isoformat(),
                officer_id,
                to_db(review.set_at),
            ),
        )

    async def answer(self, member_id: int, year: int) -> ReviewAnswer | None:
        row = await self._db.fetch_one(
            "SELECT * FROM review_answers WHERE member_id = ? AND year = ?", (member_id, year)
        )
        return None if row is None else _answer(row)

    async def answers(self, branch_id: int, year: int) -> dict[int, ReviewAnswer]:
        rows = await self._db.fetch_all(
            "SELECT a.* FROM review_answers a JOIN members m ON m.id = a.member_id"
            " WHERE m.branch_id = ? AND a.year = ?",
            (branch_id, year),
        )
        return {row["member_id"]: _answer(row) for row in rows}

    async def save_answer(self, answer: ReviewAnswer, now: datetime) -> ReviewAnswer:
        await self._db.execute(
            "INSERT INTO review_answers (member_id, year, attendance, reason, answered_at,"
            " assessment, assessment_at, replaced) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (member_id, year) DO UPDATE SET attendance = excluded.attendance,"
            " reason = excluded.reason, answered_at = excluded.answered_at,"
            " assessment = excluded.assessment, assessment_at = excluded.assessment_at,"
            " replaced = excluded.replaced",
            (
                answer.member_id,
                answer.year,
                answer.attendance.value if answer.attendance else None,
                answer.reason,
                to_db(now),
                answer.assessment,
                to_db(answer.assessment_at) if answer.assessment_at else None,
                int(answer.replaced),
            ),
        )
        stored = await self.answer(answer.member_id, answer.year)
        assert stored is not None
        return stored

    async def save_grade(
        self, member_id: int, year: int, grade: Grade, officer_id: int, now: datetime
    ) -> None:
        await self._db.execute(
            "INSERT INTO review_answers (member_id, year, grade, graded_by, graded_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (member_id, year) DO UPDATE SET"
            " grade = excluded.grade, graded_by = excluded.graded_by,"
            " graded_at = excluded.graded_at",
            (member_id, year, grade.value, officer_id, to_db(now)),
        )
