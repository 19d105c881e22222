"""The audit log as text."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.core.kernel.audit_log import LogLine, LogPage
from bot.i18n import N_, _, format_local, html_text, plain
from bot.views.actions import Act
from bot.views.choices import Choices, button, inline

ACTION_LABELS: dict[str, str] = {
    "branch_created": N_("created the branch"),
    "invite_created": N_("created an invitation link"),
    "invite_revoked": N_("revoked an invitation link"),
    "officer_joined": N_("joined as an officer"),
    "registered": N_("registered"),
    "approved": N_("approved the registration of"),
    "rejected": N_("rejected a registration"),
    "moved": N_("recorded a new workplace"),
    "erased_on_request": N_("had their data deleted on request"),
    "settings_changed": N_("changed the branch's settings"),
    "return_confirmed": N_("confirmed the return home of"),
    "return_not_confirmed": N_("noted as still away:"),
    "marked_returned": N_("marked as back home:"),
    "marked_away": N_("marked as working away again:"),
    "checkin_asked": N_("asked to check in:"),
    "message_sent": N_("sent a message to"),
    "broadcast_sent": N_("sent an announcement"),
    "dues_confirmed": N_("confirmed a payment of"),
    "dues_not_received": N_("marked as not received a payment of"),
    "dues_cash_recorded": N_("recorded a cash payment of"),
    "dues_reduction": N_("recorded a dues reduction for"),
    "dues_category": N_("set the dues category of"),
    "dues_corrected": N_("corrected a dues amount of"),
    "dues_reminded": N_("reminded of dues:"),
    "dues_exported": N_("exported the dues ledger"),
    "branch_exported": N_("exported the branch workbook"),
    "review_set": N_("set the year-end review meeting"),
    "review_graded": N_("recorded the grade of"),
    "renewal_approved": N_("approved the renewal of"),
    "renewal_rejected": N_("turned down the renewal of"),
    "reported_back": N_("reported back at the end of their period:"),
}


def _line(line: LogLine, zone: ZoneInfo) -> str:
    who = line.officer or _("the bot")
    what = _(ACTION_LABELS[line.action]) if line.action in ACTION_LABELS else line.action
    text = html_text(
        N_("{at} — <b>{who}</b> {what}"), at=format_local(line.at, zone), who=who, what=what
    )
    if line.subject is not None and line.subject != line.officer:
        text += html_text(N_(" <b>{name}</b>"), name=line.subject)
    if line.own:
        text += html_text(N_(" ✋ <i>(self-confirmed: their own record)</i>"))
    return text


def log_view(page: LogPage, zone: ZoneInfo) -> tuple[str, Choices | None]:
    lines = [html_text(N_("📜 <b>What officers did recently</b>")), ""]
    if not page.lines:
        lines.append(html_text(N_("Nothing recorded yet.")))
    lines += [_line(line, zone) for line in page.lines]
    nav = []
    if page.number > 0:
        nav.append(button(plain(N_("◀ Newer")), Act.AUDIT, page.number - 1))
    if page.more:
        nav.append(button(plain(N_("Older ▶")), Act.AUDIT, page.number + 1))
    return "\n".join(lines), inline([nav]) if nav else None
