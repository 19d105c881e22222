"""The pre-filled application for an exemption (or its renewal) as a Word file, for the member
to print, sign and hand in: their data filled in, the reason left for them to write."""

from __future__ import annotations

import io
from datetime import date, timedelta

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from bot.core.kernel.model import Member, Standing
from bot.i18n import N_, _
from bot.views.common import phone_text

TITLES: dict[Standing, str] = {
    Standing.EXEMPT: N_("APPLICATION FOR EXEMPTION FROM PARTY WORK AND MEETINGS"),
    Standing.TEMP_EXEMPT: N_("APPLICATION FOR TEMPORARY EXEMPTION FROM PARTY MEETINGS"),
    Standing.TEMP_TRANSFER: N_("APPLICATION TO EXTEND A TEMPORARY PARTY REGISTRATION"),
    Standing.NONE: N_("APPLICATION FOR EXEMPTION FROM PARTY WORK AND MEETINGS"),
}
REQUESTS: dict[Standing, str] = {
    Standing.EXEMPT: N_("to be exempted from party work and meetings"),
    Standing.TEMP_EXEMPT: N_("to be temporarily exempted from party meetings"),
    Standing.TEMP_TRANSFER: N_("to keep my temporary party registration"),
    Standing.NONE: N_("to be exempted from party work and meetings"),
}


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def requested_period(member: Member, today: date, months: int = 12) -> tuple[date, date]:
    """From the day after the current period ends (or today), for ``months`` months."""
    end = member.standing.end
    start = end + timedelta(days=1) if end is not None and end >= today else today
    year, month = divmod(start.month - 1 + months, 12)
    try:
        until = start.replace(year=start.year + year, month=month + 1) - timedelta(days=1)
    except ValueError:  # the 29th-31st of a shorter month
        until = start.replace(year=start.year + year, month=month + 1, day=28)
    return start, until


def application_document(
    member: Member, branch: str, committee: str | None, workplace: str | None, today: date
) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    kind = member.standing.kind
    start, end = requested_period(member, today)

    header = document.add_paragraph(_("COMMUNIST PARTY OF VIETNAM"))
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.runs[0].bold = True
    dated = document.add_paragraph(_("Date: {day}").format(day=_fmt(today)))
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    title = document.add_paragraph(_(TITLES[kind]))
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.runs[0].bold = True

    document.add_paragraph(_("To: the committee of {branch}").format(branch=branch))
    if committee:
        document.add_paragraph(_("       {committee}").format(committee=committee))
    document.add_paragraph(_("My name is: {name}").format(name=member.full_name))
    document.add_paragraph(_("Party member of: {branch}").format(branch=branch))
    if member.home_commune:
        document.add_paragraph(_("Place of residence: {home}").format(home=member.home_commune))
    if member.phone:
        document.add_paragraph(_("Phone: {phone}").format(phone=phone_text(member.phone)))
    if workplace:
        document.add_paragraph(_("Working at: {workplace}").format(workplace=workplace))
    if kind is Standing.TEMP_TRANSFER and member.standing.host_org:
        document.add_paragraph(
            _("Temporarily registered with: {org}").format(org=member.standing.host_org)
        )
    document.add_paragraph(
        _(
            "I ask the branch to consider and propose to the committee above it for me {request}, "
            "from {start} to {end}."
        ).format(request=_(REQUESTS[kind]), start=_fmt(start), end=_fmt(end))
    )
    document.add_paragraph(_("Reason: ") + "." * 60)
    document.add_paragraph(
        _(
            "During this time I promise to keep the standards of a party member, to follow the "
            "party's guidelines and the law and the rules of where I live, to pay my dues in full "
            "and to keep in regular touch with the branch."
        )
    )
    signatures = document.add_table(rows=2, cols=2)
    signatures.cell(0, 0).text = _("REMARK OF THE EMPLOYER OR LOCAL AUTHORITY")
    signatures.cell(0, 1).text = _("APPLICANT\n(signature and full name)")
    signatures.cell(1, 1).text = "\n\n\n" + member.full_name
    document.add_paragraph("")
    document.add_paragraph(_("OPINION OF THE BRANCH COMMITTEE"))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
