"""The year-end review as text: reminders, self-assessments, grades and readiness."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.core.kernel.model import Member
from bot.core.kernel.notices import ParamValue
from bot.core.review.rules import (
    GRADE_LABELS,
    Attendance,
    Grade,
    Readiness,
    Review,
    ReviewAnswer,
    Stage,
)
from bot.i18n import N_, _, format_date, html_text, plain
from bot.views.actions import Act
from bot.views.choices import Choice, Choices, button, inline
from bot.views.common import Params, date_text, param, period_name, phone_text
from bot.views.outgoing import Media

# What the review buttons do: ``yr:<action>`` (the exemption reminders use them too).
ATTEND = "attend"
ABSENT = "absent"
ASSESS = "assess"
RENEW = "renew"
BACK = "back"
FORM = "form"
SETUP = "setup"
GRADES = "grades"


def _meeting(meeting_at: datetime, place: str, zone: ZoneInfo) -> str:
    local = meeting_at.astimezone(zone)
    return html_text(
        N_("on {day} at {time}, at {place}"),
        day=format_date(local.date()),
        time=local.strftime("%H:%M"),
        place=place,
    )


def answer_buttons(renewable: bool) -> list[list[Choice]]:
    rows = [
        [
            button(plain(N_("✅ I will attend")), Act.REVIEW, ATTEND),
            button(plain(N_("🏠 I cannot come back")), Act.REVIEW, ABSENT),
        ]
    ]
    if renewable:
        rows.append([button(plain(N_("🔁 Renew my exemption")), Act.REVIEW, RENEW)])
    return rows


def reminder(params: Params, zone: ZoneInfo) -> tuple[str, Choices]:
    meeting_at = datetime.fromisoformat(param(params, "meeting_at"))
    when = _meeting(meeting_at, param(params, "place"), zone)
    stage = Stage(param(params, "stage"))
    lines = [html_text(N_("📅 <b>Year-end review {year}</b>"), year=param(params, "year"))]
    if stage is Stage.START:
        lines.append(html_text(N_("Your branch holds its review meeting {when}."), when=when))
    else:
        days = {Stage.D14: 14, Stage.D3: 3, Stage.D1: 1}[stage]
        lines.append(
            html_text(
                N_("In {days} day(s), your branch holds its review meeting {when}."),
                days=days,
                when=when,
            )
        )
    attendance = params.get("attendance")
    renewable = bool(params.get("renewable"))
    if attendance == Attendance.ATTEND:
        lines.append(html_text(N_("You said you will attend. See you there!")))
        return "\n".join(lines), inline(
            answer_buttons(renewable)[1:]
            or [[button(plain(N_("🏠 I cannot come back")), Act.REVIEW, ABSENT)]]
        )
    if attendance == Attendance.REMOTE:
        lines.append(
            html_text(
                N_("You cannot come back: please send your self-assessment by {deadline}."),
                deadline=date_text(param(params, "deadline")),
            )
        )
        return "\n".join(lines), inline(
            [[button(plain(N_("📤 Send my self-assessment")), Act.REVIEW, ASSESS)]]
        )
    lines.append(
        html_text(
            N_("Can you come back for it? If not, you send your self-assessment by {deadline}."),
            deadline=date_text(param(params, "deadline")),
        )
    )
    return "\n".join(lines), inline(answer_buttons(renewable))


def setup_reminder(params: Params) -> tuple[str, Choices]:
    text = html_text(
        N_(
            "📅 The year-end review of {year} is not set yet. Set the meeting, so "
            "members who work away can plan to come back or send their "
            "self-assessment."
        ),
        year=param(params, "year"),
    )
    return text, inline([[button(plain(N_("📅 Set the meeting")), Act.REVIEW, SETUP)]])


def assessment_card(params: Params) -> tuple[str, Choices]:
    lines = [
        html_text(
            N_("📄 <b>{name}</b> sent their self-assessment for {year}."),
            name=param(params, "name"),
            year=param(params, "year"),
        )
    ]
    if params.get("replaced"):
        lines.append(html_text(N_("It replaces the one sent before.")))
    if params.get("reason"):
        lines.append(
            html_text(N_("Cannot attend because: {reason}"), reason=param(params, "reason"))
        )
    if params.get("employer"):
        lines.append(
            html_text(
                N_("🏭 {employer}, {province}"),
                employer=param(params, "employer"),
                province=param(params, "province"),
            )
        )
    if params.get("phone"):
        lines.append(html_text(N_("📞 Phone: {phone}"), phone=phone_text(param(params, "phone"))))
    assessment = param(params, "assessment")
    if assessment.startswith("text:"):
        lines += ["", html.escape(assessment.removeprefix("text:"))]
    return "\n".join(lines), inline(
        [[button(plain(N_("💬 Reply")), Act.REPLY, int(params.get("member_id") or 0))]]
    )


def media_of(value: ParamValue) -> Media | None:
    """A stored file reference to send with a card (typed text is shown in the card itself)."""
    text = str(value or "")
    return Media.parse(text) if text.startswith(("photo:", "document:")) else None


def graded(params: Params) -> str:
    return html_text(
        N_("🏅 Your branch recorded your review for {year}: <b>{grade}</b>."),
        year=param(params, "year"),
        grade=_(GRADE_LABELS[Grade(param(params, "grade"))]),
    )


def grades_due(params: Params) -> tuple[str, Choices]:
    text = html_text(
        N_("🏅 The review meeting of {year} has taken place. Please record each member's grade."),
        year=param(params, "year"),
    )
    return text, inline([[button(plain(N_("🏅 Record grades")), Act.REVIEW, GRADES)]])


def own_status(
    review: Review | None, answer: ReviewAnswer | None, member: Member, zone: ZoneInfo, today: date
) -> tuple[str, Choices | None]:
    """What a member sees with /review."""
    rows: list[list[Choice]] = []
    renewable = member.standing.period_end is not None
    if review is None:
        lines = [html_text(N_("📅 Your branch has not set its year-end review yet."))]
    else:
        lines = [
            html_text(N_("📅 <b>Year-end review {year}</b>"), year=review.year),
            html_text(
                N_("The meeting is {when}."), when=_meeting(review.meeting_at, review.place, zone)
            ),
        ]
        if answer is not None and answer.grade is not None:
            lines.append(
                html_text(N_("Your grade: <b>{grade}</b>."), grade=_(GRADE_LABELS[answer.grade]))
            )
        elif answer is None or answer.attendance is None:
            lines.append(html_text(N_("You have not answered yet. Can you come back for it?")))
            rows += answer_buttons(False)
        elif answer.attendance is Attendance.ATTEND:
            lines.append(html_text(N_("You said you will attend.")))
            rows.append([button(plain(N_("🏠 I cannot come back")), Act.REVIEW, ABSENT)])
        else:
            if answer.assessment is not None:
                lines.append(
                    html_text(
                        N_(
                            "Your self-assessment was received. You can replace it "
                            "until {deadline}."
                        ),
                        deadline=format_date(review.deadline),
                    )
                )
            else:
                lines.append(
                    html_text(
                        N_("Please send your self-assessment by {deadline}."),
                        deadline=format_date(review.deadline),
                    )
                )
            if today <= review.deadline:
                rows.append([button(plain(N_("📤 Send my self-assessment")), Act.REVIEW, ASSESS)])
    if renewable:
        assert member.standing.end is not None
        lines.append(
            html_text(
                N_("Your {period} runs until {end}."),
                period=period_name(member.standing.kind),
                end=format_date(member.standing.end),
            )
        )
        rows.append(
            [
                button(plain(N_("🔁 Ask to renew")), Act.REVIEW, RENEW),
                button(plain(N_("📝 Report back")), Act.REVIEW, BACK),
            ]
        )
    rows.append([button(plain(N_("📄 The application form (Word)")), Act.REVIEW, FORM)])
    return "\n".join(lines), inline(rows)


def _names(members: Sequence[Member]) -> str:
    return ", ".join(m.full_name for m in members) or "—"


def readiness(ready: Readiness, zone: ZoneInfo) -> tuple[str, Choices]:
    review = ready.review
    if review is None:
        lines = [html_text(N_("📅 The year-end review is not set yet."))]
    else:
        lines = [
            html_text(N_("📅 <b>Year-end review {year}</b>"), year=review.year),
            html_text(
                N_("The meeting is {when}; self-assessments by {deadline}."),
                when=_meeting(review.meeting_at, review.place, zone),
                deadline=format_date(review.deadline),
            ),
        ]
    groups = (
        (N_("✅ Will attend ({count}): {names}"), ready.attending),
        (N_("📄 Sent a self-assessment ({count}): {names}"), ready.remote_sent),
        (N_("⏳ Cannot come, no self-assessment yet ({count}): {names}"), ready.remote_waiting),
        (N_("🔕 Not answered ({count}): {names}"), ready.silent),
    )
    lines += ["", *(html_text(m, count=len(g), names=_names(g)) for m, g in groups)]
    if ready.graded or ready.to_grade:
        lines.append(
            html_text(
                N_("🏅 Graded: {graded}; still to grade ({count}): {names}"),
                graded=len(ready.graded),
                count=len(ready.to_grade),
                names=_names(ready.to_grade),
            )
        )
    if ready.excused:
        lines.append(
            html_text(
                N_("🆓 Excused by the branch's policy ({count}): {names}"),
                count=len(ready.excused),
                names=_names(ready.excused),
            )
        )
    if ready.ending_soon:
        lines.append(
            html_text(
                N_("⏳ Exemptions ending soon: {names}"),
                names=", ".join(
                    f"{m.full_name} ({format_date(m.standing.end)})"
                    for m in ready.ending_soon
                    if m.standing.end
                ),
            )
        )
    rows = [
        [
            button(
                plain(N_("📅 Set the meeting") if review is None else N_("📅 Change the meeting")),
                Act.REVIEW,
                SETUP,
            )
        ]
    ]
    if ready.to_grade or ready.graded:
        rows.append([button(plain(N_("🏅 Record grades")), Act.REVIEW, GRADES)])
    return "\n".join(lines), inline(rows)


def grade_card(member: Member, year: int, current: Grade | None) -> tuple[str, Choices]:
    text = html_text(N_("🏅 Grade <b>{name}</b> for {year}:"), name=member.full_name, year=year)
    if current is not None:
        text += "\n" + html_text(N_("Recorded: {grade}"), grade=_(GRADE_LABELS[current]))
    return text, inline(
        [
            [
                button(
                    ("✓ " if grade is current else "") + plain(label),
                    Act.GRADE,
                    member.id,
                    grade.value,
                )
            ]
            for grade, label in GRADE_LABELS.items()
        ]
    )
