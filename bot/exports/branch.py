"""The branch workbook: the list of members working away that branches are asked to keep
(current placement and contact), check-in history, the year's dues ledger, and where the
year-end review stands."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from bot.core.checkins.answers import DIFFICULTY_LABELS, CheckinKind
from bot.core.kernel.model import MemberStatus, Standing
from bot.core.review.rules import GRADE_LABELS, Attendance
from bot.core.roster import BranchExport
from bot.exports.dues import add_dues_sheets, header_row, workbook_bytes
from bot.i18n import N_, _, format_date, format_month
from bot.views.common import phone_text, standing_name

CHECKIN_CELL: dict[CheckinKind, str] = {
    CheckinKind.SAME: N_("still the same"),
    CheckinKind.MOVED: N_("moved"),
    CheckinKind.RETURNED: N_("back home"),
    CheckinKind.DIFFICULTY: N_("difficulties"),
    CheckinKind.PAUSED: N_("out of reach"),
}


def _when(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%d/%m/%Y %H:%M") if moment else ""


def branch_workbook(data: BranchExport, zone: ZoneInfo) -> bytes:
    book = Workbook()
    away = book.active
    assert away is not None
    away.title = _("Members away")
    header_row(
        away,
        [
            _("No."),
            _("Full name"),
            _("Phone"),
            _("Home commune"),
            _("Province or city"),
            _("District or commune"),
            _("Employer"),
            _("Occupation"),
            _("Since"),
            _("Expected back"),
            _("Standing"),
            _("From"),
            _("Until"),
            _("Organisation (temporary)"),
            _("Status"),
            _("Last check-in"),
        ],
        [5, 26, 14, 22, 16, 20, 24, 18, 9, 11, 22, 11, 11, 22, 16, 16],
    )
    for number, row in enumerate(data.rows, start=1):
        member, work, standing = row.member, row.workplace, row.member.standing
        status = _("back home") if member.status is MemberStatus.RETURNED else _("away")
        if member.unreachable_since is not None:
            status += ", " + _("blocked the bot")
        away.append(
            [
                number,
                member.full_name,
                phone_text(member.phone or ""),
                member.home_commune or "",
                work.province if work else "",
                work.district if work else "",
                work.employer if work else "",
                work.occupation if work else "",
                format_month(work.since) if work else "",
                format_month(member.expected_return) if member.expected_return else "",
                standing_name(standing.kind) if standing.kind is not Standing.NONE else "",
                format_date(standing.start) if standing.start else "",
                format_date(standing.end) if standing.end else "",
                standing.host_org or "",
                status,
                _when(row.last_checkin_at, zone),
            ]
        )

    names = {row.member.id: row.member.full_name for row in data.rows}
    history = book.create_sheet(_("Check-ins"))
    header_row(
        history,
        [_("Date"), _("Member"), _("Check-in"), _("Difficulty"), _("Note"), _("Near")],
        [17, 26, 16, 14, 40, 14],
    )
    for checkin in data.checkins:
        near = ""
        if checkin.latitude is not None and checkin.longitude is not None:
            near = f"{checkin.latitude}, {checkin.longitude}"
        history.append(
            [
                _when(checkin.at, zone),
                names.get(checkin.member_id, ""),
                _(CHECKIN_CELL[checkin.kind]),
                _(DIFFICULTY_LABELS[checkin.difficulty]) if checkin.difficulty else "",
                checkin.note or "",
                near,
            ]
        )

    add_dues_sheets(book, data.year, data.dues, zone)

    review = book.create_sheet(_("Year-end review"))
    header_row(
        review,
        [_("Member"), _("Answer"), _("Self-assessment"), _("Grade")],
        [26, 22, 18, 30],
    )
    if data.review is not None:
        review.append([_("Meeting"), _when(data.review.meeting_at, zone), data.review.place])
    for row in data.rows:
        if row.member.status is not MemberStatus.ACTIVE:
            continue
        answer = data.answers.get(row.member.id)
        attendance = ""
        if answer is not None and answer.attendance is Attendance.ATTEND:
            attendance = _("will attend")
        elif answer is not None and answer.attendance is Attendance.REMOTE:
            attendance = _("cannot come")
        review.append(
            [
                row.member.full_name,
                attendance or _("no answer"),
                _("received") if answer is not None and answer.assessment else "",
                _(GRADE_LABELS[answer.grade]) if answer is not None and answer.grade else "",
            ]
        )
    return workbook_bytes(book)
