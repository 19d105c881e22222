"""The year-end review (kiểm điểm, đánh giá xếp loại).

The branch sets its meeting; from 1 November, then 14, 3 and 1 days before it, each member who
works away is reminded (``bot.core.review.reminders``) and answers: they will attend, or they
cannot come back and send their self-assessment. After the meeting the branch records grades.
(The periods of exemption that end meanwhile are ``bot.core.review.exemptions``.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from bot.core.kernel.access import Action, Actor, Settle, leave_out_of, member_to_settle
from bot.core.kernel.deps import Deps
from bot.core.kernel.errors import Conflict, InvalidInput, NotFound
from bot.core.kernel.model import AuditEntry, Member, MemberStatus, current_placement
from bot.core.kernel.notices import NoticeKind
from bot.core.kernel.ports import MemberRepo
from bot.core.kernel.text import N_
from bot.core.kernel.validation import parse_note
from bot.core.members.settings import SettingsService
from bot.core.review.ports import ReviewRepo
from bot.core.review.rules import (
    ENDING_SOON,
    Attendance,
    Grade,
    Readiness,
    Review,
    ReviewAnswer,
    check_stored,
    excused,
    year_reviewed,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewService:
    deps: Deps
    repo: ReviewRepo
    members: MemberRepo
    settings: SettingsService

    def _today(self) -> date:
        return self.deps.today()

    def review_year(self) -> int:
        """The year being reviewed now."""
        return year_reviewed(self._today())

    # ---- the branch sets its meeting -------------------------------------------------------

    async def set_meeting(
        self, actor: Actor, *, day: date, at: time, place: str, deadline: date
    ) -> Review:
        officer = actor.require_member(Action.MANAGE_REVIEW)
        today = self._today()
        if day < today:
            raise InvalidInput(N_("That day has already passed."))
        if deadline > day:
            raise InvalidInput(
                N_("The deadline for self-assessments must be on or before the meeting.")
            )
        now = self.deps.now()
        review = Review(
            officer.branch_id,
            year_reviewed(day),
            datetime.combine(day, at, tzinfo=self.deps.zone),
            parse_note(place, limit=200),
            deadline,
            now,
        )
        async with self.deps.tx.transaction():
            await self.repo.save_review(review, officer.id)
            await self.deps.audit.record(
                AuditEntry.in_branch(
                    now, officer, "review_set", f"{review.meeting_at.isoformat()} {deadline}"
                )
            )
        return review

    async def review_of(self, branch_id: int, year: int | None = None) -> Review | None:
        return await self.repo.review(branch_id, year or self.review_year())

    async def branch_status(self, branch_id: int) -> tuple[Review | None, dict[int, ReviewAnswer]]:
        """The year's review and every member's answer, for the branch workbook."""
        year = self.review_year()
        return await self.repo.review(branch_id, year), await self.repo.answers(branch_id, year)

    async def status_of(self, member: Member) -> tuple[Review | None, ReviewAnswer | None]:
        """The year's review and the member's answer, for their card."""
        year = self.review_year()
        return (
            await self.repo.review(member.branch_id, year),
            await self.repo.answer(member.id, year),
        )

    # ---- members answer --------------------------------------------------------------------

    async def _own(self, actor: Actor) -> tuple[Member, Review]:
        member = actor.require_member(Action.ANSWER_REVIEW)
        review = await self.repo.review(member.branch_id, self.review_year())
        if review is None:
            raise NotFound(N_("Your branch has not set its year-end review yet."))
        return member, review

    async def own_status(self, actor: Actor) -> tuple[Review | None, ReviewAnswer | None, Member]:
        member = actor.require_member(Action.ANSWER_REVIEW)
        year = self.review_year()
        return (
            await self.repo.review(member.branch_id, year),
            await self.repo.answer(member.id, year),
            member,
        )

    async def attend(self, actor: Actor) -> ReviewAnswer:
        member, review = await self._own(actor)
        now = self.deps.now()
        async with self.deps.tx.transaction():
            return await self.repo.save_answer(
                ReviewAnswer(member.id, review.year, Attendance.ATTEND), now
            )

    async def cannot_come(self, actor: Actor, reason: str) -> ReviewAnswer:
        member, review = await self._own(actor)
        note = parse_note(reason, limit=500)
        now = self.deps.now()
        async with self.deps.tx.transaction():
            current = await self.repo.answer(member.id, review.year)
            answer = replace(
                current or ReviewAnswer(member.id, review.year),
                attendance=Attendance.REMOTE,
                reason=note,
            )
            return await self.repo.save_answer(answer, now)

    async def submit_assessment(self, actor: Actor, assessment: str) -> ReviewAnswer:
        """A self-assessment, as ``parse_assessment`` returns it. It can be replaced until the
        deadline; the secretary gets each version."""
        member, review = await self._own(actor)
        if self._today() > review.deadline:
            raise Conflict(
                N_(
                    "The deadline for self-assessments has passed; please contact "
                    "your branch secretary."
                )
            )
        check_stored(assessment)
        now = self.deps.now()
        async with self.deps.tx.transaction():
            current = await self.repo.answer(member.id, review.year)
            replaced = current is not None and current.assessment is not None
            answer = replace(
                current or ReviewAnswer(member.id, review.year),
                attendance=Attendance.REMOTE,
                assessment=assessment,
                assessment_at=now,
                replaced=replaced,
            )
            saved = await self.repo.save_answer(answer, now)
            current_place = current_placement(await self.members.placements(member.id))
            await self.deps.tell.leaders_about(
                member,
                kind=NoticeKind.REVIEW_ASSESSMENT,
                key=f"review-assessment:{member.id}:{review.year}:{now.isoformat()}",
                params={
                    "year": review.year,
                    "reason": answer.reason,
                    "assessment": assessment,
                    "replaced": replaced,
                    "employer": current_place.workplace.employer if current_place else None,
                    "province": current_place.workplace.province if current_place else None,
                    "phone": member.phone,
                },
                subject_id=member.id,
                skip_member_id=await leave_out_of(self.members, member, Settle.GRADE),
                peer_id=member.id,
            )
        return saved

    # ---- grades ----------------------------------------------------------------------------

    async def grade(self, actor: Actor, member_id: int, grade: Grade) -> Member:
        now = self.deps.now()
        async with self.deps.tx.transaction():
            member, officer = await member_to_settle(actor, self.members, member_id, Settle.GRADE)
            year = self.review_year()
            current = await self.repo.answer(member.id, year)
            if current is not None and current.grade is grade:
                raise Conflict(N_("This grade is already recorded."))
            await self.repo.save_grade(member.id, year, grade, officer.id, now)
            await self.deps.audit.record(
                AuditEntry.on_member(now, officer, "review_graded", member, grade.value)
            )
            if member.address is not None:
                await self.deps.tell.member(
                    member,
                    NoticeKind.REVIEW_GRADED,
                    key=f"review-graded:{member.id}:{year}:{grade.value}",
                    params={"year": year, "grade": grade.value},
                    branch_id=member.branch_id,
                    subject_id=member.id,
                )
        return member

    async def readiness(self, actor: Actor) -> Readiness:
        officer = actor.require_member(Action.MANAGE_REVIEW)
        active = await self.members.with_status(officer.branch_id, MemberStatus.ACTIVE)
        away = sorted(active, key=lambda m: m.full_name)
        return await self.readiness_at(officer.branch_id, self._today(), away)

    async def readiness_at(self, branch_id: int, today: date, away: Sequence[Member]) -> Readiness:
        """Who is ready for the review of the year ``today`` falls in, among ``away``."""
        year = year_reviewed(today)
        review = await self.repo.review(branch_id, year)
        settings = await self.settings.get(branch_id)
        answers = await self.repo.answers(branch_id, year)
        ready = Readiness(review, [], [], [], [], [], [], [], [])
        after_meeting = review is not None and today >= self.deps.local_date(review.meeting_at)
        for member in away:
            answer = answers.get(member.id)
            end = member.standing.period_end
            if end is not None and end - today <= ENDING_SOON:
                ready.ending_soon.append(member)
            if excused(member, settings):
                ready.excused.append(member)
                continue
            if answer is not None and answer.grade is not None:
                ready.graded.append((member, answer.grade))
            elif after_meeting:
                ready.to_grade.append(member)
            if answer is None or answer.attendance is None:
                ready.silent.append(member)
            elif answer.attendance is Attendance.ATTEND:
                ready.attending.append(member)
            elif answer.assessment is not None:
                ready.remote_sent.append(member)
            else:
                ready.remote_waiting.append(member)
        return ready
