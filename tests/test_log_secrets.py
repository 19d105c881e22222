"""Logs hold no secrets or personal data at any level (issue 17, rule 5): a scenario run with
DEBUG on, the captured log scanned for every invite code, name, phone number, note, receipt
caption and message text the scenario used. Our own DEBUG lines are welcome (ids, counts);
the libraries that would log what people sent stay at INFO."""

from __future__ import annotations

import io
from datetime import datetime

from bot.sandbox.harness import Harness
from tests.conftest import VN
from tests.handlers.test_dues import PAID, REMINDER
from tests.support import (
    ANSWERS,
    APPROVE,
    CONFIRM,
    create_branch,
    link_in,
    register,
)
from tests.test_privacy import captured_logs

NAME = "Phạm Thị Kínđáo"
PHONE = "0987 654 321"
EMPLOYER = "Công ty Bímật Quýhiếm"
NOTE = "Ghi chú kín đáo số 4242"
LETTER = "Lời nhắn riêng tư gửi chi bộ 7373"
CAPTION = "Biên lai chuyển khoản 5151"
PORTAL = "Trên Cổng Dịch vụ công Quốc gia"


async def test_a_debug_log_holds_no_code_name_phone_or_text(
    h: Harness, captured_logs: io.StringIO
) -> None:
    branch = await create_branch(h)
    secretary_code = link_in(
        next(m.body for m in branch.operator.messages() if "Đã tạo" in m.body)
    ).rsplit("=", 1)[1]
    member_code = branch.member_link.rsplit("=", 1)[1]
    member = h.person(301, "Phạm", "Thị Kínđáo", phone="+84987654321")
    answers = list(ANSWERS)
    answers[0], answers[1], answers[5] = NAME, PHONE, EMPLOYER
    await register(member, branch.member_link, answers=answers)
    await branch.secretary.press(APPROVE, message=await branch.secretary.find("Đăng ký mới"))
    await member.expect("đã xác nhận đăng ký")
    await member.command("checkin")
    await member.press("✅ Vẫn như cũ", message=await member.next_message())
    thanks = await member.expect_edit("Đã ghi nhận")
    await member.press("📝 Thêm ghi chú", message=thanks)
    await member.expect("Viết ghi chú")
    await member.say(NOTE)
    await member.expect("Đã thêm ghi chú")
    await member.tap("💬 Nhắn chi bộ")
    await member.expect("Viết tin nhắn")
    await member.say(LETTER)
    await member.expect("Đã gửi")
    h.manual_clock.set(datetime(2027, 1, 5, 9, 0, tzinfo=VN))
    await h.tick()
    await member.press(PAID, message=await member.find(REMINDER))
    await member.press(PORTAL, message=await member.find("Đồng chí đã đóng bằng cách nào?"))
    await member.find("Nếu có biên lai")
    await member.send_photo(b"\x89PNG receipt", caption=CAPTION)
    await member.press(CONFIRM, message=await member.find("Thông tin trên đã đúng chưa?"))
    await member.find("Đã gửi tới chi bộ")
    await branch.secretary.find("báo đã đóng đảng phí")
    await h.settle()

    written = captured_logs.getvalue()
    assert " DEBUG bot." in written, "our own DEBUG lines were captured"
    secrets = {
        "secretary's invite code": secretary_code,
        "member's invite code": member_code,
        "name": NAME,
        "name from the profile": "Kínđáo",
        "secretary's name": "Lê Thị Mai",
        "typed phone": PHONE,
        "shared phone": "987654321",
        "employer": EMPLOYER,
        "note": NOTE,
        "letter": LETTER,
        "receipt caption": CAPTION,
    }
    leaked = {what: value for what, value in secrets.items() if value in written}
    assert not leaked, leaked


__all__ = ["captured_logs"]  # the fixture, at DEBUG
