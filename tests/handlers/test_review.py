"""The year-end review end to end: October to January for a branch with attending, remote,
silent and exempted members."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document

from bot.core.kernel.clock import ManualClock
from bot.core.kernel.contacts import Address
from bot.sandbox.driver import Person
from bot.sandbox.harness import Harness, harness
from bot.sandbox.server import BotMessage
from tests.conftest import OPERATOR_ID, VN, ErrorLog
from tests.support import ANSWERS, CONFIRM, Branch, approved_member, create_branch

APPROVED = datetime(2026, 9, 15, 10, 0, tzinfo=VN)
REVIEW = "Kiểm điểm cuối năm 2026"
REMINDED = "họp kiểm điểm vào ngày"  # in the reminders, not in the /review status
ATTEND = "✅ Tôi sẽ về dự"
ABSENT = "🏠 Tôi không về được"


@pytest.fixture
async def h(tmp_path: Path, errors: ErrorLog) -> AsyncIterator[Harness]:
    async with harness(
        tmp_path / "bot.sqlite3", clock=ManualClock(APPROVED), superadmins=[OPERATOR_ID]
    ) as running:
        yield running
        assert running.sim.too_many_requests == 0


async def _exempted_member(h: Harness, branch: Branch) -> Person:
    """Dũng registers as exempted from party work and meetings until 31/12/2026."""
    dung = h.person(304, "Phạm Văn Dũng")
    answers = list(ANSWERS)
    answers[0] = "Phạm Văn Dũng"
    await dung.open_link(branch.member_link)
    await dung.press("✅ Tôi đồng ý", message=await dung.find("Đồng chí có đồng ý không?"))
    await dung.find("Họ và tên")
    for answer in answers:
        if answer is None:
            await dung.share_contact("+84912000304")
        else:
            await dung.say(answer)
        await dung.next_message()
    await dung.press("Bỏ qua câu này")
    await dung.press(
        "Đối tượng khác (phần lớn đảng viên đi làm ăn xa)",
        message=await dung.find("đối tượng đóng đảng phí"),
    )
    await dung.press(
        "Được miễn công tác và sinh hoạt đảng", message=await dung.find("tình trạng sinh hoạt")
    )
    await dung.find("bắt đầu từ ngày nào")
    await dung.say("01/01/2026")
    await dung.find("Đến ngày nào")
    await dung.say("31/12/2026")
    await dung.press(CONFIRM, message=await dung.find("Thông tin trên đã đúng chưa?"))
    card = await branch.secretary.find("Đăng ký mới", "Phạm Văn Dũng")
    await branch.secretary.press("✅ Duyệt", message=card)
    await dung.find("đã xác nhận đăng ký")
    return dung


async def test_october_to_january(h: Harness) -> None:
    branch = await create_branch(h)
    secretary = branch.secretary
    an = await approved_member(h, branch, 301, "Nguyễn Văn An")
    binh = await approved_member(h, branch, 302, "Trần Thị Bình")
    chi = await approved_member(h, branch, 303, "Lê Văn Chi")
    dung = await _exempted_member(h, branch)
    actor = await h.services.members.identify(Address.telegram(secretary.id), "")
    await h.services.branch_settings.change(actor, review_excuse_exempt=True)
    clock = h.manual_clock
    seen: dict[tuple[int, int], date] = {}

    def collect() -> None:
        """Note the day each message arrived (whether a step already read it or not)."""
        today = clock.now().astimezone(VN).date()
        for message in h.sim.messages:
            seen.setdefault((message.chat_id, message.message_id), today)

    def days(person: Person, fragment: str) -> list[date]:
        return [
            seen[(m.chat_id, m.message_id)]
            for m in person.messages()
            if fragment in m.body and (m.chat_id, m.message_id) in seen
        ]

    clock.set(datetime(2026, 10, 1, 9, 0, tzinfo=VN))
    collect()
    restarted = False
    while clock.now() < datetime(2027, 1, 10, 9, 0, tzinfo=VN):
        clock.advance(timedelta(hours=6))
        await h.tick()
        collect()
        local = clock.now().astimezone(VN)
        today = local.date()
        if today == date(2026, 11, 10) and local.hour == 9:
            await _set_meeting(secretary)
            collect()
        if today == date(2026, 11, 10) and local.hour == 15:
            await an.press(ATTEND, message=_latest(an, REVIEW))
            await an.find("Chi bộ chờ đồng chí về dự")
            await _remote(binh)
            collect()
        if today == date(2026, 12, 1) and local.hour == 15:
            await _replace_assessment(binh)
            await _renew(dung, secretary)
            await _application(h, dung)
            collect()
        if today == date(2026, 12, 6) and local.hour == 15 and not restarted:
            await h.restart()
            await h.tick()
            restarted = True
            collect()
        if today == date(2026, 12, 19) and local.hour == 15:
            await _late_replacement_refused(binh)
            collect()
        if today == date(2026, 12, 21) and local.hour == 15:
            await _grade(
                h,
                secretary,
                {
                    "Nguyễn Văn An": "Hoàn thành tốt nhiệm vụ",
                    "Trần Thị Bình": "Hoàn thành nhiệm vụ",
                    "Lê Văn Chi": "Không hoàn thành nhiệm vụ",
                },
            )
            collect()

    assert days(secretary, "chưa định lịch kiểm điểm cuối năm 2026") == [
        date(2026, 11, 1),
        date(2026, 11, 8),
    ]
    # The meeting was set on 10/11 for 20/12: reminders that day, then 14, 3 and 1 days before.
    assert days(chi, REMINDED) == [
        date(2026, 11, 10),
        date(2026, 12, 6),
        date(2026, 12, 17),
        date(2026, 12, 19),
    ]
    assert days(an, REMINDED) == [date(2026, 11, 10), date(2026, 12, 17), date(2026, 12, 19)]
    assert days(binh, REMINDED) == [date(2026, 11, 10)]
    assert days(dung, REMINDED) == []  # excused: on full exemption, by the branch's policy
    # Dũng's exemption ended on 31/12: reminded thirty days before; after the renewal, not again.
    assert days(dung, "sắp hết thời gian miễn công tác và sinh hoạt đảng") == [date(2026, 12, 1)]
    assert days(secretary, "Phạm Văn Dũng sắp hết") == [date(2026, 12, 1)]
    assert days(secretary, "Trần Thị Bình đã gửi bản tự kiểm điểm") == [
        date(2026, 11, 10),
        date(2026, 12, 1),
    ]
    assert days(secretary, "Buổi họp kiểm điểm năm 2026 đã diễn ra") == [date(2026, 12, 21)]
    assert days(an, "Hoàn thành tốt nhiệm vụ") == [date(2026, 12, 21)]
    assert days(chi, "Không hoàn thành nhiệm vụ") == [date(2026, 12, 21)]
    end = await h.services.db.fetch_value(
        "SELECT standing_end FROM members"
        " WHERE id = (SELECT member_id FROM contacts WHERE address = 304)"
    )
    assert end == "2027-12-31"


def _latest(person: Person, fragment: str) -> BotMessage:
    return next(m for m in reversed(person.messages()) if fragment in m.body)


async def _set_meeting(secretary: Person) -> None:
    await secretary.command("review")
    ready = await secretary.find("Chưa định lịch kiểm điểm cuối năm")
    await secretary.press("📅 Định ngày họp", message=ready)
    await secretary.find("Buổi họp kiểm điểm cuối năm vào ngày nào")
    await secretary.say("20/12/2026")
    await secretary.find("Lúc mấy giờ")
    await secretary.say("8h")
    await secretary.find("Họp ở đâu")
    await secretary.say("Hội trường ấp Tân Hòa")
    await secretary.find("trước ngày nào")
    await secretary.say("18/12/2026")
    summary = await secretary.find("Thông tin trên đã đúng chưa?")
    assert "08:00" in summary.body
    await secretary.press(CONFIRM, message=summary)
    await secretary.find("Đã định ngày họp 20/12/2026")


async def _remote(binh: Person) -> None:
    await binh.press(ABSENT, message=_latest(binh, REVIEW))
    await binh.find("Vì sao đồng chí không về dự họp được")
    await binh.say("Công ty không cho nghỉ cuối năm")
    await binh.find("gửi bản tự kiểm điểm")
    await binh.send_document(b"%PDF-1.4 ban tu kiem diem", "tu-kiem-diem.pdf", "application/pdf")
    await binh.find("Đã nhận bản tự kiểm điểm")


async def _replace_assessment(binh: Person) -> None:
    await binh.command("review")
    status = await binh.find("Chi bộ đã nhận bản tự kiểm điểm", "18/12/2026")
    await binh.press("📤 Gửi bản tự kiểm điểm", message=status)
    await binh.find("Mời đồng chí gửi bản tự kiểm điểm")
    await binh.say("Bản tự kiểm điểm năm 2026: hoàn thành công việc được giao, giữ liên lạc.")
    await binh.find("Bản tự kiểm điểm mới đã thay bản trước")


async def _late_replacement_refused(binh: Person) -> None:
    await binh.command("review")
    status = await binh.find("Kiểm điểm cuối năm 2026")
    assert not any(b["text"] == "📤 Gửi bản tự kiểm điểm" for b in status.buttons())


async def _renew(dung: Person, secretary: Person) -> None:
    card = _latest(dung, "sắp hết")
    await dung.press("🔁 Đề nghị gia hạn", message=card)
    await dung.find("gia hạn đến ngày nào")
    await dung.say("31/12/2027")
    await dung.find("Lý do")
    await dung.say("Vẫn làm việc tại Bình Dương")
    await dung.press(CONFIRM, message=await dung.find("Thông tin trên đã đúng chưa?"))
    await dung.find("Đề nghị đã được gửi tới chi bộ")
    request = await secretary.find("Phạm Văn Dũng đề nghị gia hạn", "31/12/2027")
    await secretary.press("✅ Duyệt", message=request)
    await dung.find("đã duyệt gia hạn đến ngày 31/12/2027")


async def _application(h: Harness, dung: Person) -> None:
    await dung.command("review")
    status = await dung.find("Kiểm điểm cuối năm 2026")
    await dung.press("📄 Mẫu đơn (Word)", message=status)
    document = await dung.find("Đơn của đồng chí, đã điền sẵn")
    assert document.kind == "document"
    assert document.file_id is not None
    text = "\n".join(
        p.text for p in Document(io.BytesIO(h.sim.files[document.file_id].data)).paragraphs
    )
    assert "ĐƠN XIN MIỄN CÔNG TÁC VÀ SINH HOẠT ĐẢNG" in text
    assert "Tôi tên là: Phạm Văn Dũng" in text
    assert "Chi bộ ấp Tân Hòa" in text
    assert "Công ty TNHH Pouchen Việt Nam" in text
    assert "từ ngày 01/01/2028 đến ngày 31/12/2028" in text  # after the renewed period


async def _grade(h: Harness, secretary: Person, grades: dict[str, str]) -> None:
    reminder = _latest(secretary, "đã diễn ra")
    await secretary.press("🏅 Ghi kết quả xếp loại", message=reminder)
    await h.settle()
    for name, label in grades.items():
        await secretary.press(label, message=_latest(secretary, f"Xếp loại {name} năm 2026"))
    await secretary.command("review")
    ready = await secretary.find("Đã xếp loại: 3; còn chưa xếp loại (0)")
    assert "Được miễn theo quy định của chi bộ (1): Phạm Văn Dũng" in ready.body


async def test_readiness_shows_who_is_where(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch, 301, "Nguyễn Văn An")
    await approved_member(h, branch, 303, "Lê Văn Chi")
    h.manual_clock.set(datetime(2026, 11, 2, 10, 0, tzinfo=VN))
    await _set_meeting(branch.secretary)
    await h.tick()
    await an.press(ATTEND, message=await an.find(REVIEW))
    await h.settle()
    await branch.secretary.command("review")
    ready = await branch.secretary.find("Kiểm điểm cuối năm 2026", "Sẽ về dự (1): Nguyễn Văn An")
    assert "Chưa trả lời (1): Lê Văn Chi" in ready.body


async def test_bad_files_and_empty_answers_get_a_clear_reply(h: Harness) -> None:
    branch = await create_branch(h)
    binh = await approved_member(h, branch, 302, "Trần Thị Bình")
    h.manual_clock.set(datetime(2026, 11, 2, 10, 0, tzinfo=VN))
    await _set_meeting(branch.secretary)
    await h.tick()
    await binh.press(ABSENT, message=await binh.find(REVIEW))
    await binh.find("Vì sao")
    await binh.say("   ")
    await binh.find("Vui lòng viết vài chữ")
    await binh.say("Bận việc")
    await binh.find("gửi bản tự kiểm điểm")
    await binh.send_document(b"MZ\x90", "tu-kiem-diem.exe", "application/x-msdownload")
    await binh.find("không nhận được các loại tệp khác")
    await binh.send_document(b"%PDF", "to.pdf", "application/pdf", size=25 * 1024 * 1024)
    await binh.find("Tệp quá lớn")
    await binh.send_sticker()
    await binh.find("Vui lòng gửi ảnh, tệp PDF hoặc tệp Word, hoặc gõ nội dung")
    await binh.send_document(
        b"PK\x03\x04 word",
        "tu-kiem-diem.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    await binh.find("Đã nhận bản tự kiểm điểm")
    card = await branch.secretary.find("Trần Thị Bình đã gửi bản tự kiểm điểm")
    assert card.kind == "document"
    assert "Bận việc" in card.body


async def test_a_member_cannot_grade_or_set_the_meeting(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    member_id = await h.services.db.fetch_value(
        "SELECT id FROM members WHERE id = (SELECT member_id FROM contacts WHERE address = 301)"
    )
    await an.command("review")
    await an.find("Chi bộ chưa định lịch")
    forged = await an.press_data(f"rg:{member_id}:excellent")
    assert "không được" in await an.answer_to(forged)
    setup = await an.press_data("yr:setup")
    assert "không được" in await an.answer_to(setup)
    await h.settle()
    assert await h.services.db.fetch_value("SELECT COUNT(*) FROM review_answers") == 0
