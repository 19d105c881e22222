"""Dues end to end: a year of a branch whose members pay differently, walked day by day."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.core.dues.ledger import MonthStatus
from bot.core.kernel.calendar import Month
from bot.core.kernel.clock import ManualClock
from bot.core.kernel.contacts import Address
from bot.sandbox.driver import Person
from bot.sandbox.harness import Harness, harness
from bot.sandbox.server import BotMessage
from tests.conftest import OPERATOR_ID, VN, ErrorLog
from tests.support import (
    CONFIRM,
    SKIP,
    approved_member,
    create_branch,
    treasurer_of,
)

# Approved after the December dues day: the bot follows their dues from January 2027.
APPROVED = datetime(2026, 12, 10, 10, 0, tzinfo=VN)
REMINDER = "Đảng phí tháng"
PAID = "💳 Tôi đã đóng"
SEVERAL = "📅 Tôi đã đóng nhiều tháng"
RELATIVE = "👪 Người thân nộp tiền mặt giúp tôi"
PORTAL = "Trên Cổng Dịch vụ công Quốc gia"
NOTE = "Nhắc nhẹ: năm"
WARNING = "Xin lưu ý"
FLAG = "Thêm một tháng nữa là chi bộ có căn cứ xem xét"
ALERT = "đủ căn cứ để chi bộ xem xét"


@pytest.fixture
async def h(tmp_path: Path, errors: ErrorLog) -> AsyncIterator[Harness]:
    async with harness(
        tmp_path / "bot.sqlite3", clock=ManualClock(APPROVED), superadmins=[OPERATOR_ID]
    ) as running:
        yield running
        assert running.sim.too_many_requests == 0


async def report(
    person: Person,
    reminder: BotMessage,
    how: str,
    *,
    add: tuple[str, ...] = (),
    payer: str | None = None,
    photo: bool = False,
) -> None:
    """The member reports a payment from the reminder's buttons."""
    await person.press(how, message=reminder)
    if how != RELATIVE:
        question = await person.find("Đồng chí đã đóng bằng cách nào?")
        await person.press(PORTAL, message=question)
    else:
        await person.find("Ai đã nộp giúp")
        await person.say(payer or "")
    if how != PAID:
        months = await person.find("Khoản đóng cho những tháng nào?")
        for label in add:
            await person.press(f"☐ {label}", message=months)
        await person.press("✅ Xong", message=months)
    await person.find("Nếu có biên lai")
    if photo:
        await person.send_photo(b"\x89PNG receipt")
    else:
        await person.press(SKIP)
    summary = await person.find("Thông tin trên đã đúng chưa?")
    await person.press(CONFIRM, message=summary)
    await person.find("Đã gửi tới chi bộ")


async def confirm(officer: Person, name: str) -> BotMessage:
    card = await officer.find("báo đã đóng đảng phí", name)
    label = card.buttons()[0]["text"]
    assert label.startswith("✅ Xác nhận")
    await officer.press(label, message=card)
    return card


async def test_a_year_of_dues(h: Harness, errors: ErrorLog) -> None:
    branch = await create_branch(h)
    secretary = branch.secretary
    treasurer = await treasurer_of(h, branch)
    names = [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Chi",
        "Phạm Văn Dũng",
        "Võ Thị Em",
        "Đặng Văn Giang",
    ]
    an, binh, chi, dung, em, giang = [
        await approved_member(h, branch, 301 + i, name) for i, name in enumerate(names)
    ]
    await _exempt(secretary, "Đặng Văn Giang", "Hộ nghèo")
    clock = h.manual_clock
    reminders: dict[int, list[tuple[Month, str]]] = {
        p.id: [] for p in (an, binh, chi, dung, em, giang)
    }
    while clock.now() < datetime(2027, 12, 31, 0, 0, tzinfo=VN):
        clock.advance(timedelta(days=1))
        clock.set(clock.now().astimezone(VN).replace(hour=9, minute=0))
        await h.tick()
        month = Month.of(clock.now().astimezone(VN).date())
        for person in (an, binh, chi, dung, em, giang):
            for message in person.unread():
                if REMINDER in message.body or NOTE in message.body:
                    reminders[person.id].append((month, message.body))
            person.skip_unread()
        latest = {
            p.id: next((m for m in reversed(p.messages()) if REMINDER in m.body), None)
            for p in (an, binh, chi, dung)
        }
        if clock.now().astimezone(VN).day != 5:
            continue
        # Everyone acts on the day the reminder comes.
        if reminders[an.id] and reminders[an.id][-1][0] == month:
            await report(an, latest[an.id], PAID, photo=True)  # type: ignore[arg-type]
            await confirm(treasurer, "Nguyễn Văn An")
        if reminders[binh.id] and reminders[binh.id][-1][0] == month:
            ahead = tuple(f"{month.plus(n).month:02d}/{month.plus(n).year}" for n in (1, 2))
            await report(binh, latest[binh.id], SEVERAL, add=ahead)  # type: ignore[arg-type]
            await confirm(secretary, "Trần Thị Bình")
        if reminders[chi.id] and reminders[chi.id][-1][0] == month:
            await report(chi, latest[chi.id], RELATIVE, payer="Lê Thị Mẹ")  # type: ignore[arg-type]
            await confirm(secretary, "Lê Văn Chi")
        if month >= Month(2027, 3) and reminders[dung.id][-1][0] == month:
            missed = () if month > Month(2027, 3) else ("01/2027", "02/2027")
            await report(
                dung,
                latest[dung.id],
                SEVERAL if missed else PAID,  # type: ignore[arg-type]
                add=missed,
            )
            await confirm(secretary, "Phạm Văn Dũng")
        await h.settle()

    def sent_on(person: Person) -> list[Month]:
        return [month for month, _body in reminders[person.id]]

    every_month = [Month(2027, m) for m in range(1, 13)]
    assert sent_on(an) == every_month
    assert sent_on(binh) == [Month(2027, m) for m in (1, 4, 7, 10)]  # paid a quarter ahead
    assert sent_on(chi) == every_month
    assert sent_on(dung) == every_month
    assert sent_on(em) == every_month
    assert sent_on(giang) == []  # exempted
    # The 3-month rule: a kind note after one unpaid month, a clear one after two.
    assert [m for m, body in reminders[dung.id] if NOTE in body] == [Month(2027, 2)]
    assert [m for m, body in reminders[dung.id] if WARNING in body] == [Month(2027, 3)]
    assert [m for m, body in reminders[em.id] if NOTE in body] == [Month(2027, 2)]
    assert [m for m, body in reminders[em.id] if WARNING in body] == [Month(2027, 3)]
    for officer in (secretary, treasurer):
        bodies = [m.body for m in officer.messages()]
        assert sum(FLAG in b and "Phạm Văn Dũng" in b for b in bodies) == 1
        assert sum(FLAG in b and "Võ Thị Em" in b for b in bodies) == 1
        assert sum(ALERT in b and "Võ Thị Em" in b for b in bodies) == 1
        assert not [b for b in bodies if ALERT in b and "Võ Thị Em" not in b]

    statements = {}
    for person in (an, binh, chi, dung, em, giang):
        await person.command("dues")
        statements[person.id] = await person.find("Đảng phí của đồng chí năm 2027")
    assert statements[an.id].body.count("✅ đã đóng 12.000 đ") == 12
    assert "Không còn khoản nào phải đóng" in statements[an.id].body.replace("không", "Không")
    assert statements[binh.id].body.count("✅ đã đóng") == 12
    assert statements[dung.id].body.count("✅ đã đóng") == 12
    assert statements[em.id].body.count("❗ chưa đóng, 12.000 đ") == 12
    assert "Hiện còn phải đóng: 144.000 đ" in statements[em.id].body
    assert statements[giang.id].body.count("🆓 được miễn") == 12
    payer = await h.services.db.fetch_value(
        "SELECT payer FROM dues_ledger l JOIN members m ON m.id = l.member_id"
        " WHERE m.full_name = 'Lê Văn Chi' AND l.kind = 'confirmation' LIMIT 1"
    )
    assert payer == "Lê Thị Mẹ"
    receipts = [m for m in treasurer.messages() if m.kind == "photo" and "Nguyễn Văn An" in m.body]
    assert len(receipts) == 12

    await _export_matches_statements(h, secretary)


async def _exempt(secretary: Person, name: str, reason: str) -> None:
    await secretary.command("dues")
    listing = await secretary.find("Đảng phí năm")
    await secretary.press("👥 Tất cả đảng viên", message=listing)
    page = await secretary.find("Danh sách đảng viên")
    await secretary.press(f"📄 {name}", message=page)
    view = await secretary.find(name, "Đối tượng")
    await secretary.press("📉 Ghi giảm/miễn đảng phí", message=view)
    await secretary.press("Miễn (100%)", message=await secretary.find("Giảm bao nhiêu"))
    await secretary.find("Từ tháng nào")
    await secretary.say("01/2027")
    await secretary.find("Đến tháng nào")
    await secretary.say("12/2027")
    await secretary.find("Vì lý do gì")
    await secretary.say(reason)
    await secretary.press(CONFIRM, message=await secretary.find("Thông tin trên đã đúng chưa?"))
    await secretary.find("Đã ghi nhận việc giảm")


async def _export_matches_statements(h: Harness, secretary: Person) -> None:
    await secretary.command("dues")
    listing = await secretary.find("Đảng phí năm 2027")
    assert "Võ Thị Em" in listing.body.split("Còn tháng chưa đóng")[1]
    await secretary.press("📥 Sổ đảng phí 2027 (Excel)", message=listing)
    document = await secretary.find("Sổ đảng phí năm 2027")
    assert document.kind == "document"
    assert document.file_id is not None
    workbook = load_workbook(io.BytesIO(h.sim.files[document.file_id].data))
    sheet = workbook["Đảng phí 2027"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    actor = await h.services.members.identify(Address.telegram(secretary.id), "")
    for dues in await h.services.dues.branch_dues(actor, 2027):
        row = rows[dues.member.full_name]
        for line, cell in zip(dues.statement.lines, row[1:13], strict=True):
            if line.status in (MonthStatus.PAID, MonthStatus.PARTIAL):
                assert cell == line.confirmed
        assert row[13] == sum(line.confirmed for line in dues.statement.lines)
        assert row[14] == dues.statement.owed
        assert row[15] == dues.statement.unpaid_months
    assert rows["Võ Thị Em"][14] == 144_000
    assert rows["Nguyễn Văn An"][13] == 144_000
    assert list(rows["Đặng Văn Giang"][1:13]) == ["miễn"] * 12


async def test_an_officer_cannot_confirm_their_own_report(h: Harness) -> None:
    branch = await create_branch(h)
    treasurer = await treasurer_of(h, branch)
    h.manual_clock.set(datetime(2027, 1, 6, 9, 0, tzinfo=VN))
    await treasurer.command("dues")
    listing = await treasurer.find("Đảng phí năm")
    await treasurer.press("💰 Đảng phí của tôi", message=listing)
    own = await treasurer.find("Đảng phí của đồng chí năm")
    await report(treasurer, own, PAID)
    await confirm(branch.secretary, "Hồ Thị Thủ Quỹ")
    # Their own report never reached them with buttons to confirm it (tests/test_own_record.py).
    assert not [m for m in treasurer.messages() if "báo đã đóng đảng phí" in m.body]
    await treasurer.find("đã xác nhận đảng phí")


async def test_confirm_pressed_twice_counts_once_and_forged_callbacks_are_refused(
    h: Harness,
) -> None:
    branch = await create_branch(h)
    other = await create_branch(h, name="Chi bộ ấp 2", secretary_id=250)
    an = await approved_member(h, branch)
    h.manual_clock.set(datetime(2027, 1, 5, 9, 0, tzinfo=VN))
    await h.tick()
    reminder = await an.find(REMINDER)
    await report(an, reminder, PAID)
    card = await branch.secretary.find("báo đã đóng đảng phí")
    data = card.buttons()[0]["callback_data"]
    await branch.secretary.press(card.buttons()[0]["text"], message=card)
    again = await branch.secretary.press_data(data, message=card)
    assert "Lê Thị Mai đã xác nhận báo cáo này" in await branch.secretary.answer_to(again)
    forged = await other.secretary.press_data(data)
    assert "chi bộ khác" in await other.secretary.answer_to(forged)
    for garbage in ("dc:abc", "dc:999999", "dx:0"):
        query = await other.secretary.press_data(garbage)
        assert await other.secretary.answer_to(query)
    await h.settle()
    confirmations = await h.services.db.fetch_value(
        "SELECT COUNT(*) FROM dues_ledger WHERE kind = 'confirmation'"
    )
    assert confirmations == 1
    assert len([m for m in an.messages() if "đã xác nhận đảng phí" in m.body]) == 1


async def test_not_received_leaves_the_month_open_and_tells_the_member(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    h.manual_clock.set(datetime(2027, 1, 5, 9, 0, tzinfo=VN))
    await h.tick()
    await report(an, await an.find(REMINDER), PAID)
    card = await branch.secretary.find("báo đã đóng đảng phí")
    await branch.secretary.press("❌ Không nhận được", message=card)
    await an.find("chưa nhận được khoản đóng", "01/2027")
    await an.command("dues")
    await an.find("01/2027: ❗ chưa đóng")


async def test_every_officer_s_copy_of_a_report_ends_the_same(h: Harness) -> None:
    branch = await create_branch(h)
    treasurer = await treasurer_of(h, branch)
    an = await approved_member(h, branch)
    h.manual_clock.set(datetime(2027, 1, 5, 9, 0, tzinfo=VN))
    await h.tick()
    await report(an, await an.find(REMINDER), PAID, photo=True)
    mine = await branch.secretary.find("báo đã đóng đảng phí")
    theirs = await treasurer.find("báo đã đóng đảng phí")
    confirm_data = mine.buttons()[0]["callback_data"]
    assert mine.kind == theirs.kind == "photo"

    await treasurer.press("✏️ Xác nhận số tiền khác", message=theirs)
    await treasurer.find("Thực nhận bao nhiêu")
    await treasurer.say("10.000")
    await treasurer.find("Đã xác nhận theo số tiền thực nhận")
    final = "✅ Hồ Thị Thủ Quỹ đã xác nhận thực nhận 10.000 đ, lúc 09:00 05/01/2027."
    for card in (mine, theirs):
        try:
            await h.sim.wait_for(lambda card=card: final in card.body, 10)  # type: ignore[misc]
        except TimeoutError:
            raise AssertionError(card.body) from None
        assert "Nguyễn Văn An báo đã đóng đảng phí" in card.body
        assert [b["text"] for b in card.buttons()] == ["💬 Trả lời"]
    assert mine.body == theirs.body

    # The secretary's old button, pressed anyway: who settled it, and nothing counted twice.
    pressed = await branch.secretary.press_data(confirm_data, message=mine)
    assert "Hồ Thị Thủ Quỹ đã xác nhận báo cáo này, lúc 09:00 05/01/2027" in (
        await branch.secretary.answer_to(pressed)
    )
    confirmed = await h.services.db.fetch_value(
        "SELECT SUM(amount) FROM dues_ledger WHERE kind = 'confirmation'"
    )
    assert confirmed == 10_000


async def test_confirming_another_amount_and_recording_cash(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    h.manual_clock.set(datetime(2027, 1, 5, 9, 0, tzinfo=VN))
    await h.tick()
    await report(an, await an.find(REMINDER), PAID)
    card = await branch.secretary.find("báo đã đóng đảng phí")
    await branch.secretary.press("✏️ Xác nhận số tiền khác", message=card)
    await branch.secretary.find("Thực nhận bao nhiêu")
    await branch.secretary.say("10.000")
    await branch.secretary.find("Đã xác nhận theo số tiền thực nhận")
    await an.find("đã xác nhận đảng phí", "10.000 đ")
    # A relative brought February and March to the branch.
    member_id = await h.services.db.fetch_value(
        "SELECT id FROM members WHERE id = (SELECT member_id FROM contacts WHERE address = 301)"
    )
    await branch.secretary.press_data(f"dm:{member_id}")
    view = await branch.secretary.find("Nguyễn Văn An, đảng phí năm 2027")
    assert "01/2027: ◐ đã đóng 10.000 đ trên 12.000 đ, còn thiếu 2.000 đ" in view.body
    assert "0,3% mức lương tối thiểu vùng, 3.700.000 đ (vùng IV" in view.body
    await branch.secretary.press("💵 Ghi nộp tiền mặt", message=view)
    months = await branch.secretary.find("Nộp tiền mặt cho những tháng nào")
    await branch.secretary.press("☐ 02/2027", message=months)
    await branch.secretary.press("☐ 03/2027", message=months)
    await branch.secretary.press("✅ Xong", message=months)
    await branch.secretary.find("Ai mang tiền")
    await branch.secretary.say("Nguyễn Thị Hai")
    await branch.secretary.press(
        CONFIRM, message=await branch.secretary.find("Thông tin trên đã đúng")
    )
    await branch.secretary.find("Đã ghi nhận khoản nộp tiền mặt")
    await an.find("đã xác nhận đảng phí", "02/2027, 03/2027", "24.000 đ")
    audit = [
        row[0]
        for row in await h.services.db.fetch_all(
            "SELECT action FROM audit_log WHERE action LIKE 'dues_%' ORDER BY id"
        )
    ]
    assert audit == ["dues_confirmed", "dues_cash_recorded"]


async def test_cannot_pay_reaches_the_secretary_who_records_a_reduction(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    h.manual_clock.set(datetime(2027, 1, 5, 9, 0, tzinfo=VN))
    await h.tick()
    await an.press("🙏 Tôi chưa đóng được", message=await an.find(REMINDER))
    await an.find("gặp khó khăn gì")
    await an.say("Bị tai nạn lao động, nghỉ việc ba tháng")
    await an.find("Bí thư chi bộ đã được thông báo")
    card = await branch.secretary.find("hiện chưa đóng được đảng phí", "tai nạn")
    await branch.secretary.press("📉 Ghi giảm/miễn đảng phí", message=card)
    await branch.secretary.press("50%", message=await branch.secretary.find("Giảm bao nhiêu"))
    await branch.secretary.find("Từ tháng nào")
    await branch.secretary.say("01/2027")
    await branch.secretary.find("Đến tháng nào")
    await branch.secretary.say("03/2028")
    await branch.secretary.find("mười hai tháng")
    await branch.secretary.say("03/2027")
    await branch.secretary.find("Vì lý do gì")
    await branch.secretary.say("Tai nạn lao động")
    await branch.secretary.press(
        CONFIRM, message=await branch.secretary.find("Thông tin trên đã đúng")
    )
    await an.find("giảm 50% đảng phí", "01/2027", "03/2027")
    await an.command("dues")
    await an.find("01/2027: ❗ chưa đóng, 6.000 đ", "04/2027: 12.000 đ")


async def test_a_receipt_must_be_a_photo_or_a_pdf_under_the_limit(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    h.manual_clock.set(datetime(2027, 1, 5, 9, 0, tzinfo=VN))
    await h.tick()
    await an.press(PAID, message=await an.find(REMINDER))
    await an.press(PORTAL, message=await an.find("bằng cách nào"))
    await an.find("Nếu có biên lai")
    await an.send_document(b"MZ...", "bienlai.exe", "application/x-msdownload")
    await an.find("không nhận được các loại tệp khác")
    await an.send_document(b"%PDF", "bienlai.pdf", "application/pdf", size=30 * 1024 * 1024)
    await an.find("Tệp quá lớn")
    await an.say("đã chuyển khoản rồi")
    await an.find("Vui lòng gửi ảnh hoặc tệp PDF")
    await an.send_document(b"%PDF-1.4", "bienlai.pdf", "application/pdf")
    summary = await an.find("Thông tin trên đã đúng chưa?")
    assert "📎 đã đính kèm" in summary.body
    await an.press(CONFIRM, message=summary)
    card = await branch.secretary.find("báo đã đóng đảng phí")
    assert card.kind == "document"


async def test_the_secretary_sets_a_salary_category_and_corrects_a_month(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    h.manual_clock.set(datetime(2027, 2, 10, 9, 0, tzinfo=VN))
    member_id = await h.services.db.fetch_value(
        "SELECT id FROM members WHERE id = (SELECT member_id FROM contacts WHERE address = 301)"
    )
    secretary = branch.secretary
    await secretary.press_data(f"dm:{member_id}")
    view = await secretary.find("Nguyễn Văn An, đảng phí năm 2027")
    await secretary.press("🏷 Đổi đối tượng", message=view)
    await secretary.press(
        "Có đóng bảo hiểm xã hội bắt buộc: 1% tiền lương đóng bảo hiểm",
        message=await secretary.find("Đối tượng đóng đảng phí nào?"),
    )
    await secretary.find("Mức tiền lương đóng bảo hiểm")
    await secretary.say("7.345.600 đ")
    await secretary.press(CONFIRM, message=await secretary.find("Thông tin trên đã đúng"))
    updated = await secretary.find("Nguyễn Văn An, đảng phí năm 2027")
    assert "02/2027: ❗ chưa đóng, 74.000 đ" in updated.body
    assert "1% của 7.345.600 đ mỗi tháng" in updated.body
    await secretary.press("✏️ Điều chỉnh một tháng", message=updated)
    await secretary.find("Tháng nào")
    await secretary.say("01/2027")
    await secretary.find("Thực nhận bao nhiêu tiền")
    await secretary.say("74000")
    await secretary.find("Lý do điều chỉnh")
    await secretary.say("Nộp tại buổi sinh hoạt tháng 1")
    await secretary.press(CONFIRM, message=await secretary.find("Thông tin trên đã đúng"))
    await secretary.find("Đã ghi nhận điều chỉnh")
    await an.command("dues")
    await an.find("01/2027: ✅ đã đóng 74.000 đ")
    actions = [
        row[0]
        for row in await h.services.db.fetch_all(
            "SELECT action FROM audit_log WHERE action LIKE 'dues_%' ORDER BY id"
        )
    ]
    assert actions == ["dues_category", "dues_corrected"]
