"""The year's dues ledger as an Excel workbook: one sheet month by month per member (the same
figures as the statements), one sheet with every ledger line."""

from __future__ import annotations

import io
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font

from bot.core.dues import MemberDues
from bot.core.dues_ledger import EntryKind, MonthStatus
from bot.i18n import N_, _, format_month

STATUS_CELL: dict[MonthStatus, str] = {
    MonthStatus.NOT_TRACKED: N_("not followed"),
    MonthStatus.EXEMPT: N_("exempt"),
    MonthStatus.WAITING: N_("waiting"),
    MonthStatus.OPEN: N_("open"),
    MonthStatus.FUTURE: "",
}
KIND_CELL: dict[EntryKind, str] = {
    EntryKind.REPORT: N_("report"),
    EntryKind.CONFIRMATION: N_("confirmation"),
    EntryKind.REJECTION: N_("not received"),
    EntryKind.CORRECTION: N_("correction"),
    EntryKind.REDUCTION: N_("reduction"),
    EntryKind.CANT_PAY: N_("cannot pay"),
}


def ledger_workbook(year: int, dues: Sequence[MemberDues], zone: ZoneInfo) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Dues {year}").format(year=year)
    header = [
        _("Member"),
        *(f"{m:02d}/{year}" for m in range(1, 13)),
        _("Paid"),
        _("Owed"),
        _("Unpaid months"),
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in dues:
        cells: list[object] = [row.member.full_name]
        for line in row.statement.lines:
            if line.status in (MonthStatus.PAID, MonthStatus.PARTIAL):
                cells.append(line.confirmed)
            else:
                cells.append(_(STATUS_CELL[line.status]) if STATUS_CELL[line.status] else "")
        cells += [
            sum(line.confirmed for line in row.statement.lines),
            row.statement.owed,
            row.statement.unpaid_months,
        ]
        sheet.append(cells)
    sheet.column_dimensions["A"].width = 28

    ledger = book.create_sheet(_("Ledger"))
    ledger.append([_("Date"), _("Member"), _("Entry"), _("Months"), _("Amount"), _("By")])
    for cell in ledger[1]:
        cell.font = Font(bold=True)
    names = {row.member.id: row.member.full_name for row in dues}
    for row in dues:
        for entry in row.entries:
            if not any(m.year == year for m in entry.months):
                continue
            ledger.append(
                [
                    entry.at.astimezone(zone).strftime("%d/%m/%Y %H:%M"),
                    row.member.full_name,
                    _(KIND_CELL[entry.kind]),
                    ", ".join(format_month(m) for m in entry.months),
                    entry.amount if entry.amount is not None else "",
                    names.get(entry.actor_id or 0, ""),
                ]
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
