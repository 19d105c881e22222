"""Bad input in the form gets a clear Vietnamese reply or is ignored, and nothing half-written
is stored."""

from __future__ import annotations

import pytest

from bot.sandbox.driver import Person
from bot.sandbox.harness import Harness
from tests.support import AGREE, CONFIRM, DUES_OTHER, SKIP, TEMP_EXEMPT, Branch, create_branch


async def _at_name_question(h: Harness) -> tuple[Branch, Person]:
    branch = await create_branch(h)
    person = h.person(301, "An")
    await person.open_link(branch.member_link)
    await person.next_message()
    await person.press(AGREE)
    await person.expect("Họ và tên")
    return branch, person


async def _nothing_stored(h: Harness) -> None:
    await h.settle()
    assert (
        await h.services.db.fetch_value("SELECT COUNT(*) FROM members WHERE role = 'member'") == 0
    )
    assert await h.services.db.fetch_value("SELECT COUNT(*) FROM placements") == 0


@pytest.mark.parametrize(
    ("text", "explanation"),
    [
        ("   ", "Vui lòng trả lời bằng chữ"),
        ("😀😀😀", "Vui lòng trả lời bằng chữ"),
        ("x" * 4000, "không quá 80 ký tự"),
        ("Nguyễn Văn 😀", "chỉ bằng chữ cái"),
        ("12345", "Vui lòng trả lời bằng chữ"),
        ("<b>Nguyễn</b>", "chỉ bằng chữ cái"),
    ],
)
async def test_a_bad_name_is_explained_and_asked_again(
    h: Harness, text: str, explanation: str
) -> None:
    _, person = await _at_name_question(h)
    await person.say(text)
    reply = await person.expect(explanation, "Họ và tên của đồng chí là gì?")
    assert len(reply.body) < 400
    await _nothing_stored(h)


async def test_a_sticker_or_photo_where_text_is_asked_is_explained(h: Harness) -> None:
    _, person = await _at_name_question(h)
    await person.send_sticker()
    await person.expect("trả lời câu hỏi này bằng chữ", "Họ và tên")
    await person.send_photo()
    await person.expect("trả lời câu hỏi này bằng chữ", "Họ và tên")
    await person.share_location(10.8, 106.7)
    await person.expect("trả lời câu hỏi này bằng chữ", "Họ và tên")
    await _nothing_stored(h)


async def test_text_where_a_button_is_expected_is_explained(h: Harness) -> None:
    branch = await create_branch(h)
    person = h.person(301, "An")
    await person.open_link(branch.member_link)
    await person.next_message()
    await person.say("có")
    await person.expect("Vui lòng bấm một trong các nút", "Đồng chí có đồng ý không?")


async def _at_phone_question(h: Harness) -> Person:
    _, person = await _at_name_question(h)
    await person.say("Nguyễn Văn An")
    await person.expect("Số điện thoại")
    return person


@pytest.mark.parametrize(
    ("text", "explanation"),
    [
        ("+82 10 1234 5678", "số nước ngoài"),
        ("0123", "không giống số điện thoại Việt Nam"),
        ("số của tôi", "không giống số điện thoại Việt Nam"),
    ],
)
async def test_a_bad_phone_number_is_explained(h: Harness, text: str, explanation: str) -> None:
    person = await _at_phone_question(h)
    await person.say(text)
    reply = await person.expect(explanation, "Số điện thoại")
    assert "📱 Gửi số điện thoại của tôi" in [b["text"] for b in reply.keyboard()]
    await _nothing_stored(h)


async def test_someone_elses_contact_is_refused(h: Harness) -> None:
    person = await _at_phone_question(h)
    await person.share_contact("+84911111111", own=False)
    await person.expect("số điện thoại của chính mình")


async def test_a_foreign_number_shared_as_own_contact_is_accepted(h: Harness) -> None:
    person = await _at_phone_question(h)
    await person.share_contact("+821012345678")
    await person.expect("xã/phường nào")


async def _at_since_question(h: Harness) -> Person:
    person = await _at_phone_question(h)
    await person.say("0912345678")
    for answer in ("Xã Tân Phú", "Bình Dương", "TP Thuận An", "Công ty Pouchen", "Công nhân"):
        await person.next_message()
        await person.say(answer)
    await person.expect("từ khi nào")
    return person


@pytest.mark.parametrize(
    ("text", "explanation"),
    [
        ("13/2026", "Không có tháng 13"),
        ("31/02/2026", "dạng tháng/năm"),
        ("tháng trước", "dạng tháng/năm"),
        ("05/2027", "Tháng này chưa tới"),
        ("03/1850", "kiểm tra lại năm"),
    ],
)
async def test_an_impossible_month_is_explained(h: Harness, text: str, explanation: str) -> None:
    person = await _at_since_question(h)
    await person.say(text)
    await person.expect(explanation, "từ khi nào")
    await _nothing_stored(h)


async def test_an_impossible_date_is_explained(h: Harness) -> None:
    person = await _at_since_question(h)
    await person.say("03/2025")
    await person.next_message()
    await person.press(SKIP)
    await person.next_message()
    await person.press(DUES_OTHER)
    await person.next_message()
    await person.press(TEMP_EXEMPT)
    await person.expect("bắt đầu từ ngày nào")
    await person.say("31/02/2026")
    await person.expect("Không có ngày 31/02/2026 trên lịch")
    await person.say("01/03/2026")
    await person.expect("Đến ngày nào")
    await person.say("01/02/2026")
    await person.expect("Ngày kết thúc phải sau ngày bắt đầu")
    await person.say("30/06/2026")
    await person.expect("Thời hạn này đã kết thúc")
    await _nothing_stored(h)


async def test_forged_and_stale_buttons_are_refused(h: Harness) -> None:
    branch, person = await _at_name_question(h)
    stale = await person.press_data("cy")  # the consent button, pressed again later
    assert "không còn hiệu lực" in await person.answer_to(stale)
    for data in ("zz:1", "ap:abc", "ap:1:2", "", "f:registration:standing:none", "x" * 64):
        query = await person.press_data(data)
        assert "không còn hiệu lực" in await person.answer_to(query)
    forged = await person.press_data("ap:1")
    assert await person.answer_to(forged)
    await person.say("Nguyễn Văn An")
    await person.expect("Số điện thoại")
    await _nothing_stored(h)
    secretary_status = await h.services.db.fetch_value(
        "SELECT status FROM members WHERE role = 'secretary'"
    )
    assert secretary_status == "active"
    assert branch.secretary.messages()[-1].buttons() == []


async def test_confirm_pressed_twice_registers_once(h: Harness) -> None:
    from tests.support import fill_registration

    branch = await create_branch(h)
    person = h.person(301, "An")
    await fill_registration(person, branch.member_link)
    summary = await person.expect("Thông tin trên đã đúng chưa?")
    await person.press(CONFIRM, message=summary)
    second = await person.press(CONFIRM, message=summary)
    assert "không còn hiệu lực" in await person.answer_to(second)
    await h.settle()
    assert (
        await h.services.db.fetch_value("SELECT COUNT(*) FROM members WHERE role = 'member'") == 1
    )
    cards = [m for m in branch.secretary.messages() if "Đăng ký mới" in m.body]
    assert len(cards) == 1


async def test_a_choice_pressed_twice_moves_on_once(h: Harness) -> None:
    person = await _at_since_question(h)
    await person.say("03/2025")
    await person.next_message()
    await person.press(SKIP)
    await person.next_message()
    await person.press(DUES_OTHER)
    question = await person.expect("tình trạng sinh hoạt")
    await person.press("Không thuộc các trường hợp trên", message=question)
    again = await person.press("Không thuộc các trường hợp trên", message=question)
    assert "không còn hiệu lực" in await person.answer_to(again)
    await h.settle()
    summaries = [m for m in person.messages() if "Thông tin trên đã đúng chưa" in m.body]
    assert len(summaries) == 1


async def test_an_edited_message_is_not_taken_as_an_answer(h: Harness) -> None:
    _, person = await _at_name_question(h)
    await person.edit("Nguyễn Văn An")
    await person.say("Nguyễn Văn Bình")
    await person.expect("Số điện thoại")
    await h.settle()
    draft = await h.services.db.fetch_value("SELECT data FROM dialogs")
    assert "Nguyễn Văn Bình" in draft
    assert "Nguyễn Văn An" not in draft


async def test_commands_in_a_group_get_a_pointer_to_a_private_chat(h: Harness) -> None:
    branch = await create_branch(h)
    secretary = branch.secretary
    await secretary.say_in_group(-1001, "/pending")
    await secretary.say_in_group(-1001, "danh sách đảng viên")
    h.sim.add_to_group(secretary.id, -1002)
    await h.settle()
    group_messages = h.sim.messages_to(-1001)
    assert len(group_messages) == 1
    assert "trò chuyện riêng" in group_messages[0].body
    assert h.sim.left_chats == [-1002]


async def test_an_unknown_command_gets_a_pointer_to_help(h: Harness) -> None:
    branch = await create_branch(h)
    await branch.secretary.say("/xoa_het")
    await branch.secretary.expect("/help")
