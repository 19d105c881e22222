"""The year-end review's reminders: from 1 November, then 14, 3 and 1 days before the meeting,
to each member who works away and has not answered (or will attend, in the last days); the
leaders reminded each week to set the meeting while it is not set, and to record grades after
it. Each once per branch and period, whatever the restarts (rules in
``bot.core.review.rules``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.kernel.deps import Deps
from bot.core.kernel.model import Member, MemberStatus
from bot.core.kernel.notices import NoticeKind, ParamValue, Urgency
from bot.core.kernel.ports import MemberRepo, PlannerRuns
from bot.core.members.branch_rounds import BranchRounds, next_daily
from bot.core.members.settings import BranchSettings
from bot.core.review.ports import ReviewRepo
from bot.core.review.rules import (
    Review,
    ReviewAnswer,
    Stage,
    due_stage,
    excused,
    reminders_start,
    wants_reminder,
    year_reviewed,
)

SETUP_EVERY = timedelta(days=7)
PLANNER = "review"  # its rows in the due queue (migration 0012)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewReminders:
    deps: Deps
    repo: ReviewRepo
    runs: PlannerRuns
    members: MemberRepo
    rounds: BranchRounds

    async def plan(self) -> int:
        """Review reminders from 1 November, the secretary's reminder to set the meeting, and
        grades due after it."""
        return await self.rounds.run(PLANNER, next_daily, self._plan_branch)

    async def _plan_branch(self, branch_id: int, settings: BranchSettings) -> int:
        local = self.deps.now().astimezone(self.deps.zone)
        today = local.date()
        if local.time() < settings.checkin_time:
            return 0
        year = year_reviewed(today)
        if today < reminders_start(year):
            return 0
        review = await self.repo.review(branch_id, year)
        if review is None:
            return await self._remind_setup(branch_id, year, today)
        return await self._plan_review(review, settings, today)

    async def _once(self, branch_id: int, planner: str, period: str) -> bool:
        """True the first time ``(planner, period)`` is planned for the branch."""
        return await self.runs.first_time(branch_id, planner, period, self.deps.now())

    async def _remind_setup(self, branch_id: int, year: int, today: date) -> int:
        week = (today - reminders_start(year)).days // SETUP_EVERY.days
        async with self.deps.tx.transaction():
            if not await self._once(branch_id, "review-setup", f"{year}:{week}"):
                return 0
            return await self.deps.tell.leaders(
                branch_id=branch_id,
                kind=NoticeKind.REVIEW_SETUP,
                key=f"review-setup:{branch_id}:{year}:{week}",
                params={"year": year},
                urgency=Urgency.SCHEDULED,
            )

    async def _plan_review(self, review: Review, settings: BranchSettings, today: date) -> int:
        meeting_day = self.deps.local_date(review.meeting_at)
        if today > meeting_day:
            return await self._grades_due(review)
        stage = due_stage(review, today, self.deps.zone)
        if stage is None:
            return 0
        period = f"{review.year}:{stage.value}:{review.meeting_at.isoformat()}"
        queued = 0
        async with self.deps.tx.transaction():
            if not await self._once(review.branch_id, "review", period):
                return 0
            answers = await self.repo.answers(review.branch_id, review.year)
            for member in await self.members.with_status(review.branch_id, MemberStatus.ACTIVE):
                if excused(member, settings) or member.address is None:
                    continue
                answer = answers.get(member.id)
                if not wants_reminder(answer, stage):
                    continue
                await self.deps.tell.member(
                    member,
                    NoticeKind.REVIEW_REMINDER,
                    key=f"review:{member.id}:{period}",
                    params=self._reminder_params(review, stage, member, answer),
                    branch_id=member.branch_id,
                    subject_id=member.id,
                    urgency=Urgency.SCHEDULED,
                )
                queued += 1
        return queued

    def _reminder_params(
        self, review: Review, stage: Stage, member: Member, answer: ReviewAnswer | None
    ) -> dict[str, ParamValue]:
        return {
            "year": review.year,
            "stage": stage.value,
            "meeting_at": review.meeting_at.isoformat(),
            "place": review.place,
            "deadline": review.deadline.isoformat(),
            "attendance": answer.attendance.value if answer and answer.attendance else None,
            "renewable": member.standing.period_end is not None,
        }

    async def _grades_due(self, review: Review) -> int:
        async with self.deps.tx.transaction():
            if not await self._once(review.branch_id, "review-grades", str(review.year)):
                return 0
            return await self.deps.tell.leaders(
                branch_id=review.branch_id,
                kind=NoticeKind.REVIEW_GRADES_DUE,
                key=f"review-grades:{review.branch_id}:{review.year}",
                params={"year": review.year},
                urgency=Urgency.SCHEDULED,
            )
