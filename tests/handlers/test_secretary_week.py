"""The secretary's Monday: the digest of a branch in a known state, every section, its
buttons, its chart, and the split when it is long."""

from __future__ import annotations

import struct
from datetime import date, datetime, time

from bot.sandbox.driver import Person
from bot.sandbox.harness import Harness
from bot.sandbox.seed import SeededBranch, seed_branch
from bot.sandbox.server import BotMessage, Fault
from tests.conftest import VN, ErrorLog
from tests.handlers.test_dues import PAID, report
from tests.support import actor, member_id

DIGEST = "Tổng hợp tuần"
SAME = "✅ Vẫn như cũ"
NAMES = ["An", "Bình", "Chi", "Dũng", "Em", "Giang"]


async def _seed(h: Harness, members: int, approved: datetime) -> SeededBranch:
    return await seed_branch(
        h.services.db,
        name="Chi bộ ấp Tân Hòa",
        members=members,
        approved_at=approved,
        first_chat_id=401,
        secretary_chat=200,
        sim=h.sim,
    )


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


async def test_the_digest_of_a_branch_in_a_known_state(h: Harness) -> None:
    clock = h.manual_clock
    # Approved in July: dues are followed from August.
    branch = await _seed(h, 6, datetime(2026, 7, 20, 10, 0, tzinfo=VN))
    db = h.services.db
    ids = {chat: await member_id(h, chat) for chat in branch.member_chats}
    an, binh, chi, dung, em, giang = [h.person(chat) for chat in branch.member_chats]
    for person, name in zip((an, binh, chi, dung, em, giang), NAMES, strict=True):
        await db.execute(
            "UPDATE members SET full_name = ?"
            " WHERE id = (SELECT member_id FROM contacts WHERE address = ?)",
            (f"Nguyễn Văn {name}", person.id),
        )
    # Bình is on temporary exemption until 20 December.
    await db.execute(
        "UPDATE members SET standing = 'temp_exempt', standing_start = '2026-06-20',"
        " standing_end = '2026-12-20'"
        " WHERE id = (SELECT member_id FROM contacts WHERE address = ?)",
        (binh.id,),
    )
    secretary = h.person(branch.secretary_chat)

    await h.tick()  # Monday 23 November, 09:00: prompts and the November dues reminder
    prompts = {p.id: await p.find("Báo tình hình") for p in (an, binh, chi, dung, em, giang)}
    for person in (an, dung, em, giang):
        await person.press(SAME, message=prompts[person.id])
    await binh.press("⚠️ Tôi đang gặp khó khăn", message=prompts[binh.id])
    await binh.press("Tiền bạc", message=await binh.find("khó khăn về việc gì"))
    await binh.find("kể ngắn gọn")
    await binh.say("Công ty nợ lương hai tháng")
    reminder = next(m for m in dung.messages() if "Đảng phí tháng 11/2026" in m.body)
    await report(dung, reminder, PAID)
    officer = await actor(h, secretary.id)
    months = {em.id: "2026-08,2026-09,2026-10,2026-11", giang.id: "2026-08"}
    for chat, paid in months.items():
        await h.services.dues_payments.record_cash(
            officer, ids[chat], {"months": paid, "payer": ""}
        )
    await h.services.review.set_meeting(
        officer,
        day=date(2026, 12, 20),
        at=time(8, 0),
        place="Hội trường ấp",
        deadline=date(2026, 12, 18),
    )
    await h.services.review.attend(await actor(h, an.id))
    await h.settle()
    secretary.skip_unread()

    clock.set(datetime(2026, 11, 30, 7, 30, tzinfo=VN))
    await h.tick()
    digest = await secretary.find(DIGEST)
    text = digest.body
    assert "Từ 23/11/2026 đến 30/11/2026" in text
    assert "6 đảng viên đi làm ăn xa; 5 đã báo tình hình trong tuần" in text
    needs = text.split("Cần đồng chí xử lý")[1].split("Đảng phí tháng")[0]
    for line in (
        "Nguyễn Văn Bình: gặp khó khăn (Tiền bạc): «Công ty nợ lương hai tháng»",
        "Nguyễn Văn Chi: chưa trả lời lần hỏi thăm ngày 23/11/2026",
        "Nguyễn Văn Dũng: báo đã đóng 11/2026",
        "Nguyễn Văn An: 3 tháng năm 2026 chưa đóng đảng phí (quy định 3 tháng)",
        "Nguyễn Văn Giang: 2 tháng năm 2026 chưa đóng đảng phí",
        "Nguyễn Văn Bình: Tạm miễn sinh hoạt hết hạn ngày 20/12/2026",
        "Nguyễn Văn Chi: chưa trả lời có về dự kiểm điểm không",
    ):
        assert line in needs, line
    assert "Nguyễn Văn Em" not in needs.split("kiểm điểm")[0]  # paid, checked in
    assert "Đảng phí tháng 11/2026" in text
    assert "✅ đã đóng 1 · ⏳ chờ đồng chí xác nhận 1 · ⭕ chưa đóng 4" in text
    assert "Kiểm điểm cuối năm 2026" in text
    assert "Họp ngày 20/12/2026; 1/6 đảng viên ở xa đã trả lời; 0 đã xếp loại." in text
    assert len(text) <= 4096
    assert "(phần" not in text

    labels = [button["text"] for button in digest.buttons()]
    assert labels == [
        "👥 Ở xa (6)",
        "🔕 Chưa trả lời (1)",
        "💰 Nợ đảng phí (5)",
        "⏳ Chờ xác nhận đảng phí (1)",
    ]
    chart = await secretary.find("12 tuần gần nhất")
    assert chart.kind == "photo"
    assert chart.file_id is not None
    data = h.sim.files[chart.file_id].data
    assert png_size(data) == (800, 400)
    assert 5_000 < len(data) < 200_000

    # Each number opens its list.
    await secretary.press("⏳ Chờ xác nhận đảng phí (1)", message=digest)
    waiting = await secretary.find("Đảng viên: Chờ xác nhận đảng phí")
    assert "Nguyễn Văn Dũng" in waiting.body
    assert "Nguyễn Văn An" not in waiting.body
    await secretary.press("🔕 Chưa trả lời (1)", message=digest)
    silent = await secretary.find("Đảng viên: Chưa trả lời (1)")
    assert "Nguyễn Văn Chi" in silent.body
    assert "Nguyễn Văn Bình" not in silent.body
    await secretary.press("💰 Nợ đảng phí (5)", message=digest)
    owing = await secretary.find("Đảng viên: Nợ đảng phí (5)")
    assert "Nguyễn Văn Em" not in owing.body
    assert digest.edits == 0  # the digest itself stays as it was


def _parts(secretary: Person) -> list[BotMessage]:
    """The parts of the digest that came since the secretary last looked."""
    return [m for m in secretary.unread() if m.kind == "text" and "(phần " in m.body]


async def test_a_long_digest_is_split_cleanly_and_resumes_after_a_failure(
    h: Harness, errors: ErrorLog
) -> None:
    clock = h.manual_clock
    # Approved after the dues day: no dues yet, and the first prompt on 24 November.
    branch = await _seed(h, 150, datetime(2026, 11, 10, 10, 0, tzinfo=VN))
    secretary = h.person(branch.secretary_chat)
    clock.set(datetime(2026, 11, 24, 9, 0, tzinfo=VN))
    await h.tick()  # the first check-in prompts
    assert all(h.person(chat).messages() for chat in branch.member_chats)
    clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=VN))
    await h.tick()  # the nudges
    secretary.skip_unread()

    # The second part of the digest fails once with a server error: the retry starts there.
    errors.expect("outbox")
    h.sim.faults.append(Fault("sendMessage", "status", status=500, after=1, count=1))
    clock.set(datetime(2026, 11, 30, 7, 30, tzinfo=VN))
    await h.tick(timeout=30)
    assert h.sim.faults[-1].count == 0, "the fault was not reached"
    parts = _parts(secretary)
    assert len(parts) >= 3
    assert DIGEST in parts[0].body
    assert "đến 30/11/2026" in parts[0].body
    for number, part in enumerate(parts, start=1):
        assert len(part.body) <= 4096
        assert f"(phần {number}/{len(parts)})" in part.body
        assert bool(part.buttons()) == (number == len(parts))  # buttons under the last
    assert len({part.body for part in parts}) == len(parts)  # nothing sent twice
    names = "\n".join(part.body for part in parts)
    assert all(f"Đảng viên {chat}: chưa trả lời" in names for chat in branch.member_chats)
    assert "Cần đồng chí xử lý (tiếp theo)" in parts[1].body
    # Every cut is between lines: each part's HTML parsed (the simulator rejects broken tags).
    kinds = [m.kind for m in secretary.unread()]
    assert kinds == ["text"] * len(parts) + ["photo"]
