"""The member list in pages and filters, the member card, and what the card's buttons do."""

from __future__ import annotations

from datetime import datetime

from bot.core.kernel.model import MemberStatus
from bot.sandbox.harness import Harness
from bot.sandbox.seed import seed_branch
from tests.conftest import VN
from tests.support import actor, member_id

SAME = "✅ Vẫn như cũ"


async def _branch(h: Harness, members: int) -> list[int]:
    seeded = await seed_branch(
        h.services.db,
        name="Chi bộ ấp Tân Hòa",
        members=members,
        approved_at=datetime(2026, 11, 2, 10, 0, tzinfo=VN),
        first_chat_id=401,
        secretary_chat=200,
        sim=h.sim,
    )
    return seeded.member_chats


async def test_pages_and_filters(h: Harness) -> None:
    chats = await _branch(h, 23)
    secretary = h.person(200)
    await h.tick()  # 23 November: everyone is asked to check in
    for chat in chats[:20]:
        person = h.person(chat)
        await person.press(SAME, message=await person.find("Báo tình hình"))
    await h.person(chats[21]).block()
    officer = await actor(h, secretary.id)
    for chat in chats[:2]:
        answers = {"months": "2026-11", "payer": ""}
        await h.services.dues_payments.record_cash(officer, await member_id(h, chat), answers)
    h.manual_clock.set(datetime(2026, 11, 26, 10, 0, tzinfo=VN))
    await h.tick()

    await secretary.say("👥 Đảng viên")  # the menu button (seeded: no keyboard shown yet)
    page = await secretary.find("Đảng viên: Tất cả (23)")
    assert "Trang 1/3" in page.body
    assert sum(1 for b in page.buttons() if b["callback_data"].startswith("mc:")) == 10
    await secretary.press("Trang sau ▶", message=page)
    await h.settle()
    assert "Trang 2/3" in page.body
    assert page.edits == 1
    await secretary.press("Trang sau ▶", message=page)
    await h.settle()
    assert "Trang 3/3" in page.body
    assert sum(1 for b in page.buttons() if b["callback_data"].startswith("mc:")) == 3

    await secretary.press("Chưa trả lời", message=page)
    await h.settle()
    assert "Đảng viên: Chưa trả lời (2)" in page.body  # the blocked one is not "no answer"
    for chat in (chats[20], chats[22]):
        assert f"🔕💰 Đảng viên {chat}" in page.body  # and November's dues not paid
    await secretary.press("Không liên lạc được", message=page)
    await h.settle()
    assert "Đảng viên: Không liên lạc được (1)" in page.body
    assert f"🚫💰 Đảng viên {chats[21]}" in page.body
    await secretary.press("Nợ đảng phí", message=page)
    await h.settle()
    assert "Đảng viên: Nợ đảng phí (21)" in page.body
    assert f"Đảng viên {chats[0]}" not in page.body  # the two who paid November
    await secretary.press("Chờ xác nhận đảng phí", message=page)
    await h.settle()
    assert "Đảng viên: Chờ xác nhận đảng phí (0)" in page.body
    assert "Không có đảng viên nào" in page.body


async def test_the_card_and_its_actions(h: Harness) -> None:
    chats = await _branch(h, 3)
    secretary = h.person(200)
    an = h.person(chats[0])
    await h.tick()
    await an.press(SAME, message=await an.find("Báo tình hình"))
    await h.settle()
    h.manual_clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=VN))
    await secretary.command("members")
    page = await secretary.find("Đảng viên: Tất cả (3)")
    await secretary.press(f"1. Đảng viên {chats[0]}", message=page)
    card = await secretary.find("Quá trình làm việc")
    for fragment in (
        f"Đảng viên {chats[0]}",
        "Điện thoại",
        "Công ty Pouchen (Trung tâm, Bình Dương), Công nhân",
        "Báo tình hình gần đây",
        "vẫn như cũ",
        "Đảng phí năm 2026",
        "Kiểm điểm cuối năm: chưa đặt lịch",
    ):
        assert fragment in card.body, fragment

    # Remind to check in: once a day.
    an.skip_unread()
    query = await secretary.press("🔔 Nhắc báo tình hình", message=card)
    assert "Đã gửi" in await secretary.answer_to(query)
    await an.find("Báo tình hình")
    query = await secretary.press("🔔 Nhắc báo tình hình", message=card)
    assert "Hôm nay đã nhắc" in await secretary.answer_to(query)

    # Message through the bot.
    await secretary.press("✉️ Nhắn tin", message=card)
    await secretary.next_message()
    await secretary.say("Chiều nay đồng chí gọi lại cho chi bộ nhé.")
    await an.find("Chiều nay đồng chí gọi lại cho chi bộ nhé.")

    # Back home: asked first, then done, and the member told.
    await secretary.press("🏠 Ghi nhận đã về địa phương", message=card)
    question = await secretary.find("đã về địa phương? Bot sẽ thôi nhắc")
    yes = next(b for b in question.buttons() if b["text"] == "✅ Đồng ý")["callback_data"]
    await secretary.press("✅ Đồng ý", message=question)
    await an.find("Chào mừng")
    updated = await secretary.find("Quá trình làm việc")
    assert "🏠" in updated.body
    member = await h.services.db.fetch_one(
        "SELECT status, returned_at FROM members"
        " WHERE id = (SELECT member_id FROM contacts WHERE address = ?)",
        (an.id,),
    )
    assert member is not None
    assert member["status"] == MemberStatus.RETURNED.value
    assert member["returned_at"] is not None
    # The same button pressed again (a double tap) changes nothing.
    assert question.buttons() == []
    query = await secretary.press_data(yes, message=question)
    assert "đã được xử lý" in await secretary.answer_to(query)
    # And away again.
    await secretary.press("🧳 Ghi nhận lại đi làm ăn xa", message=updated)
    await secretary.press("✅ Đồng ý", message=await secretary.find("lại đi làm ăn xa?"))
    await an.find("lại đi làm ăn xa")
    status = await h.services.db.fetch_value(
        "SELECT status FROM members WHERE id = (SELECT member_id FROM contacts WHERE address = ?)",
        (an.id,),
    )
    assert status == MemberStatus.ACTIVE.value

    await secretary.command("log")
    log = await secretary.find("Nhật ký hoạt động gần đây")
    for fragment in (
        "đã nhắc báo tình hình:",
        "đã nhắn tin cho",
        "đã ghi nhận về địa phương:",
        "đã ghi nhận lại đi làm ăn xa:",
    ):
        assert fragment in log.body, fragment
    assert "Chiều nay" not in log.body  # that a message was sent, never what it said
