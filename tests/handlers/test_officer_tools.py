"""The branch workbook, the committee's totals, the audit log, the settings screen, and the
rule under all of them: a member or a treasurer trying a secretary's action is refused."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook

from bot.sandbox.driver import Person
from bot.sandbox.harness import Harness
from tests.conftest import OPERATOR_ID
from tests.support import (
    actor,
    approved_member,
    create_branch,
    member_id,
    register,
    treasurer_of,
)

REFUSED = "không được làm việc này"
SAME = "✅ Vẫn như cũ"


async def test_the_branch_workbook(h: Harness) -> None:
    branch = await create_branch(h)
    secretary = branch.secretary
    an = await approved_member(h, branch, 301, "Nguyễn Văn An")
    binh = await approved_member(h, branch, 302, "Trần Thị Bình")
    await an.tap("📍 Báo tình hình")
    await an.press(SAME, message=await an.find("Báo tình hình"))
    await h.settle()
    officer = await actor(h, secretary.id)
    answers = {"months": "2026-12", "payer": "Nguyễn Văn Ba"}
    await h.services.dues_payments.record_cash(officer, await member_id(h, binh.id), answers)

    await secretary.tap("📥 Xuất Excel")
    document = await secretary.find("Sổ theo dõi của chi bộ")
    assert document.kind == "document"
    assert document.file_id is not None
    book = load_workbook(io.BytesIO(h.sim.files[document.file_id].data))
    assert book.sheetnames == [
        "Đảng viên đi làm ăn xa",
        "Báo tình hình",
        "Đảng phí 2026",
        "Sổ ghi chép",
        "Kiểm điểm cuối năm",
    ]
    away = [[cell.value for cell in row] for row in book["Đảng viên đi làm ăn xa"].iter_rows()]
    assert away[0][:4] == ["STT", "Họ và tên", "Số điện thoại", "Quê quán (xã, phường)"]
    an_row = next(row for row in away if row[1] == "Nguyễn Văn An")
    assert an_row[2] == "0900000301"  # as officers dial it
    assert an_row[4:8] == [
        "Bình Dương",
        "TP Thuận An",
        "Công ty TNHH Pouchen Việt Nam",
        "Công nhân may",
    ]
    checkins = [[c.value for c in row] for row in book["Báo tình hình"].iter_rows(min_row=2)]
    assert [row[1:3] for row in checkins] == [["Nguyễn Văn An", "vẫn như cũ"]]
    ledger = [[c.value for c in row] for row in book["Sổ ghi chép"].iter_rows(min_row=2)]
    assert any(row[1] == "Trần Thị Bình" and row[3] == "12/2026" for row in ledger)
    review = [[c.value for c in row] for row in book["Kiểm điểm cuối năm"].iter_rows(min_row=2)]
    assert ["Nguyễn Văn An", "chưa trả lời", None, None] in review
    audit = await h.services.db.fetch_value(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'branch_exported'"
    )
    assert audit == 1


async def test_the_committee_sees_totals_and_no_names(h: Harness) -> None:
    first = await create_branch(h, "Chi bộ ấp Tân Hòa", 200)
    second = await create_branch(h, "Chi bộ ấp Phú Lợi", 210)
    members = [
        await approved_member(h, first, 301, "Nguyễn Văn An"),
        await approved_member(h, first, 302, "Trần Thị Bình"),
        await approved_member(h, second, 303, "Lê Văn Chi"),
    ]
    await members[0].tap("📍 Báo tình hình")
    await members[0].press(SAME, message=await members[0].find("Báo tình hình"))
    await members[1].block()
    await h.settle()
    h.manual_clock.advance(timedelta(minutes=5))

    operator = h.person(OPERATOR_ID)
    await operator.tap("🏛 Tổng hợp")
    totals = await operator.find("Tổng hợp các chi bộ")
    assert "2 chi bộ: ở xa 3 · liên lạc được 2 · báo tình hình 33%" in totals.body
    assert "Chi bộ ấp Tân Hòa: ở xa 2 · liên lạc được 1 · báo tình hình 50%" in totals.body
    assert "Chi bộ ấp Phú Lợi: ở xa 1 · liên lạc được 1 · báo tình hình 0%" in totals.body
    for private in (
        "Nguyễn",
        "Trần",
        "Lê Văn",
        "Lê Thị",
        "Pouchen",
        "+849",
        "0900000",
        "Thuận An",
    ):
        assert private not in totals.body, private

    await first.secretary.command("committee")
    await first.secretary.find(REFUSED)


async def test_settings_are_changed_with_buttons(h: Harness) -> None:
    branch = await create_branch(h)
    secretary = branch.secretary
    await secretary.tap("⚙️ Cài đặt")
    screen = await secretary.find("Cài đặt của chi bộ")
    assert "Nhắc đảng phí: ngày 5 hằng tháng" in screen.body
    assert "Bản tổng hợp hằng tuần: Thứ Hai 07:30" in screen.body
    assert "Họp kiểm điểm cuối năm: chưa đặt lịch" in screen.body
    await secretary.press("💰 ngày 10", message=screen)
    await h.settle()
    assert "ngày 10 hằng tháng" in screen.body
    await secretary.press("📊 Chủ Nhật 19:00", message=screen)
    await h.settle()
    assert "Bản tổng hợp hằng tuần: Chủ Nhật 19:00" in screen.body
    await secretary.press("📊 tắt", message=screen)
    await h.settle()
    assert "Bản tổng hợp hằng tuần: tắt" in screen.body
    settings = await h.services.branch_settings.get(1)
    assert (settings.dues_day, settings.digest_enabled, settings.digest_weekday) == (10, False, 6)
    stored = await h.services.db.fetch_one("SELECT * FROM branch_settings")
    assert stored is not None
    assert stored["quiet_start"] is None
    await secretary.command("log")
    log = await secretary.find("Nhật ký hoạt động gần đây")
    assert log.body.count("đã thay đổi cài đặt của chi bộ") == 3
    await secretary.press("📅 Đặt lịch họp kiểm điểm", message=screen)
    await secretary.find("ngày nào")


async def _refused_everything(h: Harness, person: Person, data: list[str]) -> None:
    for command in (
        "pending",
        "invite",
        "invites",
        "digest",
        "members",
        "broadcast",
        "settings",
        "export",
        "log",
        "committee",
    ):
        person.skip_unread()
        await person.command(command)
        reply = await person.next_message()
        assert REFUSED in reply.body, (command, reply.body)
    for forged in data:
        query = await person.press_data(forged)
        assert REFUSED in await person.answer_to(query), forged


async def test_a_member_and_a_treasurer_are_refused_every_secretary_action(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch, 301, "Nguyễn Văn An")
    binh = await approved_member(h, branch, 302, "Trần Thị Bình")
    treasurer = await treasurer_of(h, branch)
    waiting = h.person(303, "Chờ Duyệt")
    await register(waiting, branch.member_link)
    await h.settle()
    an_id, _binh_id = await member_id(h, an.id), await member_id(h, binh.id)
    waiting_id = await member_id(h, waiting.id)
    code = branch.member_link.rsplit("=", 1)[1]
    db = h.services.db
    tables = ("members", "invites", "branch_settings", "audit_log", "outbox", "broadcasts")

    async def state() -> list[object]:
        counts = [await db.fetch_value(f"SELECT COUNT(*) FROM {table}") for table in tables]
        rows = await db.fetch_all("SELECT id, status, role FROM members ORDER BY id")
        return counts + [tuple(row) for row in rows]

    before = await state()
    secretary_buttons = [
        f"ap:{waiting_id}",
        f"rj:{waiting_id}",
        "iv:member",
        "iv:deputy",
        f"rv:{code}",
        f"rt:{an_id}:1",
        "st:cadence:weekly",
        "st:dues_day:10",
        "ls:all:0:0",
        "ls:late:0:1",
        f"mc:{an_id}",
        f"mr:{an_id}:c",
        f"mr:{an_id}:d",
        f"ms:{an_id}:0:1",
        f"ms:{an_id}:0:0",
        "al:0",
        f"rg:{an_id}:good",
        f"dr:{an_id}",
        f"dg:{an_id}",
        "yr:setup",
        "yr:grades",
    ]
    await _refused_everything(h, binh, [*secretary_buttons, f"dk:{an_id}", f"dq:{an_id}"])
    await _refused_everything(h, treasurer, secretary_buttons)
    await h.settle()
    assert await state() == before
