"""The year's dues ledger as an Excel workbook: one sheet month by month per member (the same
figures as the statements), one sheet with every ledger line."""

from __future__ import annotations

import io
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.core.dues.ledger import EntryKind, MonthStatus
from bot.core.dues.statements import MemberDues
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
    first = book.active
    assert first is not None
    book.remove(first)
    add_dues_sheets(book, year, dues, zone)
    return workbook_bytes(book)


# What a spreadsheet would read as the start of a formula (or a hidden one, after a tab or CR).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook as a file. Every cell is written as a value: the bot writes no formulas,
    and text that a spreadsheet would run as one (a member named ``=HYPERLINK(...)``) is
    stored as text, marked to stay text when edited."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "f" or (
                    isinstance(value, str) and value.startswith(FORMULA_STARTS)
                ):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def header_row(sheet: Worksheet, titles: Sequence[str], widths: Sequence[int] = ()) -> None:
    """A bold first row; column widths where given."""
    sheet.append(list(titles))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"


def add_dues_sheets(book: Workbook, year: int, dues: Sequence[MemberDues], zone: ZoneInfo) -> None:
    """The year month by month per member, and every ledger line of the year."""
    sheet = book.create_sheet(_("Dues {year}").format(year=year))
    header = [
        _("Member"),
        *(f"{m:02d}/{year}" for m in range(1, 13)),
        _("Paid"),
        _("Owed"),
        _("Unpaid months"),
    ]
    header_row(sheet, header, [28])
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

    ledger = book.create_sheet(_("Ledger"))
    header_row(
        ledger,
        [_("Date"), _("Member"), _("Entry"), _("Months"), _("Amount"), _("By")],
        [17, 28, 14, 20, 12, 28],
    )
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
