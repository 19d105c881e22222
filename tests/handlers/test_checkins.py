"""Check-ins end to end: eight weeks of a branch whose members each behave differently, the
clock moved hour by hour through the real tick."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta

import pytest

from bot.core.kernel.clock import ManualClock
from bot.core.kernel.contacts import Address
from bot.sandbox.driver import Person
from bot.sandbox.harness import Harness
from bot.sandbox.server import BotMessage
from tests.conftest import START, VN
from tests.support import CONFIRM, SKIP, Branch, approved_member, create_branch, link_in

SAME = "✅ Vẫn như cũ"
MOVED = "🏭 Tôi đã chuyển chỗ làm"
HOME = "🏠 Tôi đã về địa phương"
DIFFICULT = "⚠️ Tôi đang gặp khó khăn"
PROMPT = "Báo tình hình"
NUDGE = "vẫn đang chờ đồng chí trả lời"


class Timeline:
    """Remembers the clock's time at which each message of the bot was sent."""

    def __init__(self, h: Harness, clock: ManualClock) -> None:
        self.h = h
        self.clock = clock
        self.sent_at: dict[tuple[int, int], datetime] = {}

    def stamp(self) -> None:
        for message in self.h.sim.messages:
            self.sent_at.setdefault((message.chat_id, message.message_id), self.clock.now())

    def when(self, message: BotMessage) -> datetime:
        return self.sent_at[(message.chat_id, message.message_id)].astimezone(VN)

    def days(self, person: Person, fragment: str) -> list[date]:
        return [self.when(m).date() for m in person.messages() if fragment in m.body]


async def _deputy(h: Harness, branch: Branch) -> Person:
    await branch.secretary.command("invite")
    await branch.secretary.next_message()
    await branch.secretary.press("Cho phó bí thư")
    link = link_in((await branch.secretary.expect("Chỉ dùng được một lần")).body)
    deputy = h.person(210, "Phan Văn Phó")
    await deputy.open_link(link)
    await deputy.expect("phó bí thư")
    return deputy


async def test_eight_weeks_of_checkins(h: Harness, clock: ManualClock) -> None:
    branch = await create_branch(h)
    secretary = branch.secretary
    deputy = await _deputy(h, branch)
    names = [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Chi",
        "Phạm Văn Dũng",
        "Võ Thị Em",
        "Đặng Văn Giang",
        "Bùi Thị Hoa",
    ]
    an, binh, chi, dung, em, giang, hoa = [
        await approved_member(h, branch, 301 + i, name) for i, name in enumerate(names)
    ]
    timeline = Timeline(h, clock)
    timeline.stamp()
    first_prompt = date(2026, 12, 7)  # two weeks after approval
    await giang.block(tell_bot=False)  # the bot learns it from the 403 of the first prompt
    paused_until = date(2026, 12, 28)

    async def act(person: Person) -> None:
        for message in person.unread():
            person.skip_unread()
            if PROMPT not in message.body and NUDGE not in message.body:
                continue
            first = timeline.when(message).date() == first_prompt
            if person is an or (not first and person in (binh, dung, em)):
                await person.press(SAME, message=message)
                await person.expect_edit("Đã ghi nhận")
            elif person is binh:
                await person.press(MOVED, message=message)
                await person.expect("tỉnh/thành phố")
                for answer in (
                    "Đồng Nai",
                    "TP Biên Hòa",
                    "Công ty Changshin",
                    "Thợ cắt",
                    "12/2026",
                ):
                    await person.say(answer)
                    await person.next_message()
                await person.press(CONFIRM)
                await person.expect("Đã ghi nhận nơi làm việc mới")
            elif person is dung:
                await person.press(DIFFICULT, message=message)
                await person.expect("khó khăn về việc gì")
                await person.press("Sức khỏe")
                await person.expect("kể ngắn gọn")
                await person.say("Bị ốm, đang nằm viện ở Biên Hòa")
                await person.expect("Bí thư chi bộ đã được thông báo")
            elif person is em:
                await person.tap("⏸ Tạm vắng liên lạc")
                await person.expect("đến ngày nào")
                await person.say(paused_until.strftime("%d/%m/%Y"))
                await person.next_message()
                await person.say("Đi biển, không có sóng")
                await person.next_message()
                await person.press(CONFIRM)
                await person.expect("sẽ không hỏi thăm")
            elif person is hoa:
                await person.press(HOME, message=message)
                await person.expect_edit("Chi bộ đã được báo đồng chí trở về")
            timeline.stamp()

    end = START + timedelta(days=57)
    while clock.now() < end:
        clock.advance(timedelta(hours=1))
        await h.tick()
        timeline.stamp()
        for person in (an, binh, chi, dung, em, giang, hoa):
            await act(person)
        if hoa.messages() and any("báo đã về địa phương" in m.body for m in secretary.unread()):
            card = next(m for m in secretary.unread() if "báo đã về địa phương" in m.body)
            await secretary.press("✅ Xác nhận: đã về", message=card)
            await hoa.expect("Chào mừng đồng chí trở về")
            timeline.stamp()
        secretary.skip_unread()

    days = [first_prompt + timedelta(days=14 * n) for n in range(4)]
    assert timeline.days(an, PROMPT) == days
    assert timeline.days(binh, PROMPT) == days
    assert timeline.days(dung, PROMPT) == days
    assert timeline.days(chi, PROMPT) == days
    assert timeline.days(chi, NUDGE) == [d + timedelta(days=2) for d in days[:3]]
    assert timeline.days(an, NUDGE) == []
    # Em paused on the first prompt until 28/12: asked again the day after, then on cadence.
    assert timeline.days(em, PROMPT) == [first_prompt, date(2026, 12, 29), date(2027, 1, 12)]
    assert timeline.days(hoa, PROMPT) == [first_prompt]
    assert timeline.days(giang, PROMPT) == []
    for person in (an, binh, chi, dung, em, hoa):
        for message in person.messages():
            if PROMPT in message.body or NUDGE in message.body:
                sent = timeline.when(message)
                assert time(7) <= sent.time() < time(21), (person.name, sent)
                assert sent.time() == time(9), (person.name, sent)

    for officer in (secretary, deputy):
        bodies = [m.body for m in officer.messages()]
        assert sum("Lê Văn Chi chưa trả lời" in b for b in bodies) == 3
        assert sum("Đặng Văn Giang đã chặn bot" in b for b in bodies) == 1
        assert (
            sum(
                "Phạm Văn Dũng đang gặp khó khăn" in b and "Sức khỏe" in b and "nằm viện" in b
                for b in bodies
            )
            == 1
        )
        assert (
            sum(
                "Trần Thị Bình đã chuyển nơi làm việc" in b and "Công ty Changshin" in b
                for b in bodies
            )
            == 1
        )
        assert (
            sum(
                "Võ Thị Em sẽ không liên lạc được đến hết ngày 28/12/2026" in b and "Đi biển" in b
                for b in bodies
            )
            == 1
        )
        assert sum("Bùi Thị Hoa báo đã về địa phương" in b for b in bodies) == 1
        # On its own or in a list with others who checked in at the same moment.
        assert (
            sum(
                "Nguyễn Văn An báo tình hình: vẫn làm ở chỗ cũ" in b
                or ("vẫn làm ở chỗ cũ (" in b and "Nguyễn Văn An" in b)
                for b in bodies
            )
            == 4
        )

    statuses = {
        row["full_name"]: (row["status"], row["unreachable_since"] is not None)
        for row in await h.services.db.fetch_all(
            "SELECT full_name, status, unreachable_since FROM members"
        )
    }
    assert statuses["Bùi Thị Hoa"] == ("returned", False)
    assert statuses["Đặng Văn Giang"] == ("active", True)
    assert (
        await h.services.db.fetch_value(
            "SELECT COUNT(*) FROM placements p JOIN members m ON m.id = p.member_id"
            " WHERE m.full_name = 'Trần Thị Bình'"
        )
        == 2
    )


async def test_a_reply_to_a_card_reaches_the_member_and_their_answer_comes_back(
    h: Harness,
) -> None:
    branch = await create_branch(h)
    dung = await approved_member(h, branch, 304, "Phạm Văn Dũng")
    await dung.tap("📍 Báo tình hình")
    await dung.expect("Đồng chí có gì mới không?")
    await dung.press(DIFFICULT)
    await dung.next_message()
    await dung.press("Tiền bạc")
    await dung.next_message()
    await dung.say("Công ty nợ lương hai tháng")
    card = await branch.secretary.find("Phạm Văn Dũng đang gặp khó khăn", "Tiền bạc")
    await branch.secretary.reply_to(card, "Đồng chí gọi cho chị nhé, chi bộ sẽ hỗ trợ.")
    await branch.secretary.expect("Đã gửi tới Phạm Văn Dũng")
    message = await dung.find("Tin nhắn từ bí thư Lê Thị Mai", "chi bộ sẽ hỗ trợ")
    await dung.press("💬 Trả lời", message=message)
    await dung.expect("Gửi Lê Thị Mai", "Viết tin nhắn")
    await dung.say("Cảm ơn chị, em sẽ gọi tối nay.")
    await dung.expect("Đã gửi")
    answer = await branch.secretary.expect("Phạm Văn Dũng nhắn", "em sẽ gọi tối nay")
    await branch.secretary.reply_to(answer, "Chị chờ.")
    await dung.expect("Chị chờ.")


async def test_a_difficulty_is_recorded_and_relayed_at_the_press(h: Harness) -> None:
    branch = await create_branch(h)
    dung = await approved_member(h, branch, 304, "Phạm Văn Dũng")
    db = h.services.db
    await dung.tap("📍 Báo tình hình")
    await dung.press(DIFFICULT, message=await dung.find("Đồng chí có gì mới không?"))
    await dung.find("khó khăn về việc gì")
    begun = await branch.secretary.find("Phạm Văn Dũng đã bấm «Tôi đang gặp khó khăn»")
    assert [b["text"] for b in begun.buttons()] == ["💬 Trả lời"]
    row = await db.fetch_one("SELECT kind, difficulty, note FROM checkins")
    assert row is not None
    assert tuple(row) == ("difficulty", None, None)
    # He stops there: what he said with the press stays said.
    await dung.command("cancel")
    await h.settle()
    assert await db.fetch_value("SELECT COUNT(*) FROM checkins WHERE kind = 'difficulty'") == 1

    # Another time he tells it all: one check-in, the details as a second card.
    await dung.tap("📍 Báo tình hình")
    await dung.press(DIFFICULT, message=await dung.find("Đồng chí có gì mới không?"))
    await dung.press("Sức khỏe", message=await dung.find("khó khăn về việc gì"))
    await dung.find("kể ngắn gọn")
    await dung.say("Bị ốm, đang nằm viện")
    await dung.find("Bí thư chi bộ đã được thông báo")
    await branch.secretary.find("Phạm Văn Dũng đang gặp khó khăn: Sức khỏe", "nằm viện")
    rows = await db.fetch_all("SELECT difficulty, note FROM checkins ORDER BY id")
    assert [tuple(r) for r in rows] == [(None, None), ("health", "Bị ốm, đang nằm viện")]


async def test_a_member_writes_to_the_branch_from_the_menu(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await an.tap("💬 Nhắn chi bộ")
    await an.expect("Viết tin nhắn")
    await an.say("Tháng sau em về quê ăn Tết.")
    await an.expect("Đã gửi")
    await branch.secretary.expect("Nguyễn Văn An nhắn", "về quê ăn Tết")


async def test_a_stranger_or_another_branch_cannot_use_a_reply_button(h: Harness) -> None:
    first = await create_branch(h, name="Chi bộ ấp 1", secretary_id=200)
    other = await create_branch(h, name="Chi bộ ấp 2", secretary_id=250)
    an = await approved_member(h, first)
    member_id = await h.services.db.fetch_value(
        "SELECT id FROM members WHERE id = (SELECT member_id FROM contacts WHERE address = 301)"
    )
    forged = await other.secretary.press_data(f"rp:{member_id}")
    assert "không còn đăng ký" in await other.secretary.answer_to(forged)
    stranger = h.person(999, "Người Lạ")
    await stranger.say("/start")
    await stranger.next_message()
    forged = await stranger.press_data(f"rp:{member_id}")
    assert await stranger.answer_to(forged)
    await h.settle()
    assert not [m for m in an.messages() if "Tin nhắn từ" in m.body]


async def test_a_note_and_a_location_join_the_checkin(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await an.command("checkin")
    await an.next_message()
    await an.press(SAME)
    thanks = await an.expect_edit("Đã ghi nhận")
    await branch.secretary.expect("Nguyễn Văn An báo tình hình")
    await an.press("📝 Thêm ghi chú", message=thanks)
    await an.expect("Viết ghi chú")
    await an.say("Tết này em ở lại làm thêm.")
    await an.expect("Đã thêm ghi chú")
    await branch.secretary.expect("Nguyễn Văn An ghi thêm", "ở lại làm thêm")
    await an.share_location(10.98765, 106.65432)
    await an.expect("vị trí gần đúng (11.0, 106.7)")
    await h.settle()
    row = await h.services.db.fetch_one("SELECT note, latitude, longitude FROM checkins")
    assert row is not None
    assert tuple(row) == ("Tết này em ở lại làm thêm.", 11.0, 106.7)
    # The secretary read the check-in already: the place comes to them as a place.
    where = await branch.secretary.expect("Nguyễn Văn An vừa gửi vị trí hiện tại")
    assert "Gần 11.0, 106.7: https://www.google.com/maps/search/?api=1&query=11.0,106.7" in (
        where.body
    )
    assert "Nơi làm việc đã khai: TP Thuận An, Bình Dương" in where.body
    assert "vẫn làm ở chỗ cũ" not in where.body


async def test_a_location_on_its_own_reaches_the_secretary_as_a_place(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await an.tap("📌 Gửi vị trí")
    await an.next_message()
    await an.share_location(21.0285, 105.8542)
    await an.expect("vị trí gần đúng (21, 105.9)")
    card = await branch.secretary.expect("Nguyễn Văn An vừa gửi vị trí hiện tại")
    assert "Gần 21, 105.9: https://www.google.com/maps/search/?api=1&query=21,105.9" in card.body
    assert "vẫn làm ở chỗ cũ" not in card.body
    assert [b["text"] for b in card.buttons()] == ["💬 Trả lời"]


async def test_a_question_that_cannot_be_edited_gets_the_thanks_as_a_new_message(
    h: Harness,
) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await an.command("checkin")
    question = await an.next_message()
    # The member deleted the question after pressing: the bot's edit of it fails.
    gone = dataclasses.replace(question, message_id=question.message_id + 1000)
    await an.press(SAME, message=gone)
    thanks = await an.expect("Đã ghi nhận")
    assert [b["text"] for b in thanks.buttons()] == ["📝 Thêm ghi chú"]
    assert "Đã ghi nhận" not in question.body
    await h.settle()
    assert await h.services.db.fetch_value("SELECT COUNT(*) FROM checkins") == 1


async def test_same_pressed_twice_is_one_checkin(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await an.command("checkin")
    question = await an.next_message()
    await an.press(SAME, message=question)
    again = await an.press_data(question.buttons()[0]["callback_data"], message=question)
    assert "Đã ghi nhận rồi" in await an.answer_to(again)
    await h.settle()
    assert await h.services.db.fetch_value("SELECT COUNT(*) FROM checkins") == 1


async def test_routine_checkins_wait_for_the_digest_when_the_branch_chooses(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    binh = await approved_member(h, branch, 302, "Trần Thị Bình")
    await branch.secretary.tap("⚙️ Cài đặt")
    screen = await branch.secretary.expect("Cài đặt của chi bộ", "hai tuần một lần")
    await branch.secretary.press("trong bản tổng hợp hằng tuần", message=screen)
    await h.settle()
    assert "✓ trong bản tổng hợp hằng tuần" in [b["text"] for b in screen.buttons()]
    branch.secretary.skip_unread()
    await an.command("checkin")
    await an.next_message()
    await an.press(SAME)
    await an.expect_edit("Đã ghi nhận")
    await binh.command("checkin")
    await binh.next_message()
    await binh.press(HOME)
    await binh.expect_edit("Chi bộ đã được báo")
    await h.settle()
    bodies = [m.body for m in branch.secretary.unread()]
    assert not any("Nguyễn Văn An" in b for b in bodies)
    assert any("Trần Thị Bình báo đã về địa phương" in b for b in bodies)
    audit = await h.services.db.fetch_value(
        "SELECT detail FROM audit_log WHERE action = 'settings_changed'"
    )
    assert audit == "relay=digest"


async def test_settings_change_the_cadence_and_quiet_hours(h: Harness, clock: ManualClock) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await branch.secretary.command("settings")
    screen = await branch.secretary.next_message()
    await branch.secretary.press("mỗi tuần", message=screen)
    await branch.secretary.press("22:00-06:00", message=screen)
    await h.settle()
    assert "mỗi tuần" in screen.body
    assert "22:00-06:00" in screen.body
    clock.set(datetime(2026, 11, 30, 8, 0, tzinfo=VN))
    await h.tick()
    assert not [m for m in an.messages() if PROMPT in m.body]
    clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=VN))
    await h.tick()
    await an.find(PROMPT)


async def test_a_treasurer_and_a_member_cannot_change_settings(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await an.command("settings")
    await an.expect("không được làm việc này")
    forged = await an.press_data("st:cadence:weekly")
    assert "không được" in await an.answer_to(forged)
    assert await h.services.db.fetch_value("SELECT COUNT(*) FROM branch_settings") == 0


async def test_a_prompt_due_while_the_bot_was_down_waits_for_the_morning(
    h: Harness, clock: ManualClock
) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    timeline = Timeline(h, clock)
    clock.set(datetime(2026, 12, 7, 23, 0, tzinfo=VN))  # the bot was down all day
    await h.tick()
    timeline.stamp()
    assert not [m for m in an.messages() if PROMPT in m.body]
    for hour in range(24, 32):
        clock.set(datetime(2026, 12, 7, 0, 0, tzinfo=VN) + timedelta(hours=hour))
        await h.tick()
        timeline.stamp()
    [prompt] = [m for m in an.messages() if PROMPT in m.body]
    assert timeline.when(prompt) == datetime(2026, 12, 8, 7, 0, tzinfo=VN)


async def test_a_member_who_blocks_the_bot_is_marked_and_the_secretary_told_once(
    h: Harness, clock: ManualClock
) -> None:
    branch = await create_branch(h)
    giang = await approved_member(h, branch, 306, "Đặng Văn Giang")
    await giang.block()
    await h.settle()
    await branch.secretary.expect("Đặng Văn Giang đã chặn bot")
    clock.set(datetime(2026, 12, 21, 10, 0, tzinfo=VN))
    await h.tick()
    await h.services.messaging.to_member(
        await h.services.members.identify(Address.telegram(branch.secretary.id), ""),
        await h.services.db.fetch_value(
            "SELECT id FROM members"
            " WHERE id = (SELECT member_id FROM contacts WHERE address = 306)"
        ),
        "Đồng chí ơi?",
    )
    await h.settle()
    assert sum("đã chặn bot nên" in m.body for m in branch.secretary.messages()) == 1
    await giang.unblock()
    await h.settle()
    assert (
        await h.services.db.fetch_value(
            "SELECT unreachable_since FROM members"
            " WHERE id = (SELECT member_id FROM contacts WHERE address = 306)"
        )
        is None
    )


@pytest.mark.parametrize("answer", [SAME, HOME])
async def test_returned_or_checked_in_members_are_not_nudged(
    h: Harness, clock: ManualClock, answer: str
) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=VN))
    await h.tick()
    prompt = await an.find(PROMPT)
    await an.press(answer, message=prompt)
    await h.settle()
    clock.set(datetime(2026, 12, 9, 10, 0, tzinfo=VN))
    await h.tick()
    assert not [m for m in an.messages() if NUDGE in m.body]


async def test_a_returned_member_gets_the_small_menu(h: Harness) -> None:
    branch = await create_branch(h)
    hoa = await approved_member(h, branch, 307, "Bùi Thị Hoa")
    await hoa.command("checkin")
    await hoa.next_message()
    await hoa.press(HOME)
    await hoa.expect_edit("Chi bộ đã được báo")
    card = await branch.secretary.expect("báo đã về địa phương")
    confirm = card.buttons()[0]["callback_data"]
    await branch.secretary.press("✅ Xác nhận: đã về", message=card)
    welcome = await hoa.expect("Chào mừng đồng chí trở về")
    assert [b["text"] for b in welcome.keyboard()] == ["🗂 Dữ liệu của tôi", "❓ Hướng dẫn"]
    await h.settle()
    assert hoa.commands() == ["mydata", "help", "cancel"]
    again = await branch.secretary.press_data(confirm, message=card)
    assert await branch.secretary.answer_to(again)
    await hoa.command("checkin")
    await hoa.expect("không được làm việc này")


async def test_a_pause_needs_a_day_in_the_future(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await an.command("pause")
    await an.next_message()
    for typed, reply in (
        ("20/11/2026", "sau hôm nay"),
        ("31/02/2027", "Không có ngày"),
        ("01/01/2028", "mười hai tháng"),
    ):
        await an.say(typed)
        await an.expect(reply)
    await an.say("15/01/2027")
    await an.next_message()
    await an.press(SKIP)
    await an.expect("15/01/2027")
    await an.press(CONFIRM)
    await an.expect("đến hết ngày 15/01/2027")
