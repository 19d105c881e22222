"""A member registers through the guided form, and the branch approves or rejects."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.core.kernel.clock import ManualClock
from bot.sandbox.harness import Harness
from tests.support import (
    AGREE,
    ANSWERS,
    APPROVE,
    CONFIRM,
    DUES_OTHER,
    REJECT,
    SKIP,
    TEMP_EXEMPT,
    approved_member,
    create_branch,
    fill_registration,
    register,
)


async def _members(h: Harness) -> list[dict[str, object]]:
    rows = await h.services.db.fetch_all("SELECT * FROM members WHERE role = 'member'")
    return [dict(row) for row in rows]


async def test_a_full_registration_with_a_shared_contact_reaches_the_secretary(
    h: Harness,
) -> None:
    branch = await create_branch(h)
    an = h.person(301, "An", phone="+84912345678")
    await register(an, branch.member_link)
    card = await branch.secretary.expect(
        "Đăng ký mới", "Nguyễn Văn An", "0912345678", "Công ty TNHH Pouchen Việt Nam", "03/2025"
    )
    assert [b["text"] for b in card.buttons()] == [APPROVE, REJECT]
    [member] = await _members(h)
    assert member["status"] == "pending"
    assert member["phone"] == "+84912345678"
    placement = await h.services.db.fetch_one("SELECT * FROM placements")
    assert placement is not None
    assert placement["province"] == "Bình Dương"
    assert placement["since"] == "2025-03"
    assert placement["ended_at"] is None


async def test_until_approval_the_member_is_only_told_to_wait(h: Harness) -> None:
    branch = await create_branch(h)
    an = h.person(301, "An")
    await register(an, branch.member_link)
    for attempt in ("/profile", "xin chào", "/move", "👤 Hồ sơ của tôi", "/pending"):
        await an.say(attempt)
        await an.expect("đang chờ chi bộ xác nhận")


async def test_approval_tells_both_sides_and_gives_the_member_a_menu(h: Harness) -> None:
    branch = await create_branch(h)
    an = h.person(301, "An")
    await register(an, branch.member_link)
    card = await branch.secretary.expect("Đăng ký mới")
    query = await branch.secretary.press(APPROVE, message=card)
    assert "Nguyễn Văn An" in await branch.secretary.answer_to(query)
    welcome = await an.expect("đã xác nhận đăng ký")
    assert "👤 Hồ sơ của tôi" in [b["text"] for b in welcome.keyboard()]
    await h.settle()
    assert "Lê Thị Mai đã duyệt" in card.body
    assert card.buttons() == []
    assert "profile" in an.commands()
    [member] = await _members(h)
    assert member["status"] == "active"
    assert member["approved_at"] is not None


async def test_rejection_tells_both_sides_and_keeps_nothing(h: Harness) -> None:
    branch = await create_branch(h)
    an = h.person(301, "An")
    await register(an, branch.member_link)
    card = await branch.secretary.expect("Đăng ký mới")
    await branch.secretary.press(REJECT, message=card)
    await an.expect("chưa chấp nhận đăng ký", "đã được xóa")
    await h.settle()
    assert "đã từ chối" in card.body
    assert await _members(h) == []
    assert await h.services.db.fetch_value("SELECT COUNT(*) FROM placements") == 0
    await an.say("/start")
    await an.expect("cần có đường dẫn mời")


async def test_an_approve_pressed_twice_counts_once(h: Harness) -> None:
    branch = await create_branch(h)
    an = h.person(301, "An")
    await register(an, branch.member_link)
    card = await branch.secretary.expect("Đăng ký mới")
    await branch.secretary.press(APPROVE, message=card)
    second = await branch.secretary.press(APPROVE, message=card)
    assert "đã được xử lý" in await branch.secretary.answer_to(second)
    await h.settle()
    assert len([m for m in an.messages() if "đã xác nhận đăng ký" in m.body]) == 1


async def test_a_stranger_gets_a_polite_explanation_and_nothing_is_stored(h: Harness) -> None:
    stranger = h.person(777, "Người Lạ")
    for text in ("/start", "cho tôi xem danh sách đảng viên", "/pending", "/profile"):
        await stranger.say(text)
        reply = await stranger.next_message()
        assert "đường dẫn mời" in reply.body or "không được" in reply.body
    forged = await stranger.press_data("ap:1")
    assert await stranger.answer_to(forged)
    await h.settle()
    assert await h.services.db.fetch_value("SELECT COUNT(*) FROM members") == 0
    assert await h.services.db.fetch_value("SELECT COUNT(*) FROM dialogs") == 0


async def test_declining_consent_stores_nothing(h: Harness) -> None:
    branch = await create_branch(h)
    tam = h.person(303, "Võ Văn Tâm")
    await tam.open_link(branch.member_link)
    await tam.expect("Ai được xem", "căn cước")
    await tam.press("❌ Tôi không đồng ý")
    await tam.expect("Không có thông tin nào của đồng chí được lưu lại")
    await h.settle()
    assert await _members(h) == []
    assert await h.services.db.fetch_value("SELECT COUNT(*) FROM dialogs") == 0


async def test_cancel_works_at_every_step_and_keeps_nothing(h: Harness) -> None:
    branch = await create_branch(h)
    person = h.person(301, "An")
    for steps in range(len(ANSWERS) + 1):
        await person.open_link(branch.member_link)
        await person.next_message()
        await person.press(AGREE)
        await person.next_message()
        for answer in ANSWERS[:steps]:
            if answer is None:
                await person.share_contact()
            else:
                await person.say(answer)
            await person.next_message()
        await person.say("/cancel")
        await person.expect("Đã dừng")
        await h.settle()
        assert await _members(h) == []
        assert await h.services.db.fetch_value("SELECT COUNT(*) FROM dialogs") == 0


async def test_a_half_filled_form_is_resumed_the_next_day_after_a_restart(
    h: Harness, clock: ManualClock
) -> None:
    branch = await create_branch(h)
    an = h.person(301, "An", phone="+84912345678")
    await an.open_link(branch.member_link)
    await an.next_message()
    await an.press(AGREE)
    await an.next_message()
    await an.say("Nguyễn Văn An")
    await an.next_message()
    await an.share_contact()
    await an.expect("xã/phường nào")
    await h.restart()
    clock.advance(timedelta(days=1))
    await an.say("/start")
    await an.expect("tiếp tục từ chỗ", "xã/phường nào")
    for answer in ANSWERS[2:]:
        assert answer is not None
        await an.say(answer)
        await an.next_message()
    await an.press(SKIP)
    await an.next_message()
    await an.press(DUES_OTHER)
    await an.next_message()
    await an.press("Không thuộc các trường hợp trên")
    summary = await an.expect("Nguyễn Văn An", "0912345678", "Xã Tân Phú")
    await an.press(CONFIRM, message=summary)
    await an.expect("Cảm ơn đồng chí")
    [member] = await _members(h)
    assert member["full_name"] == "Nguyễn Văn An"


async def test_an_answer_typed_after_a_restart_goes_to_the_right_question(h: Harness) -> None:
    branch = await create_branch(h)
    an = h.person(301, "An")
    await an.open_link(branch.member_link)
    await an.next_message()
    await an.press(AGREE)
    await an.next_message()
    await an.say("Nguyễn Văn An")
    await an.expect("Số điện thoại")
    await h.restart()
    await an.say("0912 345 678")
    await an.expect("xã/phường nào")
    await h.settle()
    draft = await h.services.db.fetch_value("SELECT data FROM dialogs")
    assert json.loads(draft)["answers"]["phone"] == "+84912345678"


async def test_changing_a_field_at_the_summary(h: Harness) -> None:
    branch = await create_branch(h)
    an = h.person(301, "An", phone="+84912345678")
    await fill_registration(an, branch.member_link)
    await an.expect("Thông tin trên đã đúng chưa?")
    await an.press("✏️ Sửa một mục")
    await an.expect("muốn sửa mục nào")
    await an.press("Số điện thoại")
    await an.next_message()
    await an.say("0987 654 321")
    summary = await an.expect("0987654321")
    assert "0912345678" not in summary.body
    await an.press("✏️ Sửa một mục", message=summary)
    await an.next_message()
    await an.press("Tình trạng sinh hoạt")
    await an.next_message()
    await an.press(TEMP_EXEMPT)
    await an.expect("bắt đầu từ ngày nào")
    await an.say("01/03/2026")
    await an.expect("Đến ngày nào")
    await an.say("28/02/2027")
    summary = await an.expect("Tạm miễn sinh hoạt", "01/03/2026", "28/02/2027")
    await an.press(CONFIRM, message=summary)
    await an.expect("Cảm ơn đồng chí")
    [member] = await _members(h)
    assert member["phone"] == "+84987654321"
    assert (member["standing"], member["standing_start"], member["standing_end"]) == (
        "temp_exempt",
        "2026-03-01",
        "2027-02-28",
    )


async def test_a_temporary_registration_elsewhere_asks_for_the_host_and_letter(
    h: Harness,
) -> None:
    branch = await create_branch(h)
    an = h.person(301, "An")
    await fill_registration(
        an, branch.member_link, standing="Sinh hoạt đảng tạm thời ở tổ chức đảng khác"
    )
    await an.expect("tổ chức đảng nào")
    await an.say("Chi bộ Công ty Pouchen")
    await an.expect("Giấy giới thiệu")
    await an.say("15/01/2026")
    await an.expect("Sinh hoạt tạm thời đến ngày nào")
    await an.say("30/06/2027")
    await an.expect("Chi bộ Công ty Pouchen", "15/01/2026", "30/06/2027")
    await an.press(CONFIRM)
    await an.expect("Cảm ơn đồng chí")
    [member] = await _members(h)
    assert (
        member["standing"],
        member["host_org"],
        member["letter_date"],
        member["standing_end"],
    ) == (
        "temp_transfer",
        "Chi bộ Công ty Pouchen",
        "2026-01-15",
        "2027-06-30",
    )


async def test_an_approved_member_cannot_register_twice(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await an.open_link(branch.member_link)
    await an.expect("đã đăng ký với bot rồi")


async def test_a_registration_confirmed_after_the_link_was_withdrawn_is_refused(
    h: Harness,
) -> None:
    branch = await create_branch(h)
    an = h.person(301, "An")
    await fill_registration(an, branch.member_link)
    summary = await an.expect("Thông tin trên đã đúng chưa?")
    await branch.secretary.command("invites")
    await branch.secretary.next_message()
    await branch.secretary.press("Thu hồi đường dẫn số 1")
    await h.settle()
    await an.press(CONFIRM, message=summary)
    await an.expect("thu hồi")
    assert await _members(h) == []


async def test_nobody_approves_a_registration_of_another_branch(h: Harness) -> None:
    first = await create_branch(h, name="Chi bộ ấp 1", secretary_id=200)
    second = await create_branch(h, name="Chi bộ ấp 2", secretary_id=250)
    an = h.person(301, "An")
    await register(an, first.member_link)
    card = await first.secretary.expect("Đăng ký mới")
    member_id = card.buttons()[0]["callback_data"].split(":")[1]
    forged = await second.secretary.press_data(f"ap:{member_id}")
    assert "chi bộ khác" in await second.secretary.answer_to(forged)
    [member] = await _members(h)
    assert member["status"] == "pending"
    assert not any("Đăng ký mới" in m.body for m in second.secretary.messages())
