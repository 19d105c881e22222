"""A member's own record: viewing, a new workplace, export and deletion of their data."""

from __future__ import annotations

import json

from bot.sandbox.harness import Harness
from tests.support import CONFIRM, approved_member, create_branch, register


async def test_a_member_views_their_record(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await an.tap("👤 Hồ sơ của tôi")
    await an.expect(
        "Hồ sơ của đồng chí tại Chi bộ ấp Tân Hòa",
        "Nguyễn Văn An",
        "Công ty TNHH Pouchen Việt Nam",
        "Bình Dương",
        "03/2025",
    )


async def test_a_workplace_move_keeps_the_old_placement_and_tells_the_secretary(
    h: Harness,
) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    branch.secretary.skip_unread()
    await an.tap("🏭 Đổi nơi làm việc")
    first = await an.expect("tỉnh/thành phố")
    assert first.reply_markup == {"remove_keyboard": True}
    for answer in ("Đồng Nai", "TP Biên Hòa", "Công ty Changshin", "Thợ cắt", "10/2026"):
        await an.say(answer)
        await an.next_message()
    await an.press(CONFIRM)
    done = await an.expect("Đã ghi nhận nơi làm việc mới")
    assert "👤 Hồ sơ của tôi" in [b["text"] for b in done.keyboard()]
    await branch.secretary.expect(
        "Nguyễn Văn An",
        "đã chuyển nơi làm việc",
        "Công ty TNHH Pouchen Việt Nam",
        "Công ty Changshin",
    )
    rows = await h.services.db.fetch_all("SELECT employer, ended_at FROM placements ORDER BY id")
    assert [r["employer"] for r in rows] == ["Công ty TNHH Pouchen Việt Nam", "Công ty Changshin"]
    assert rows[0]["ended_at"] is not None
    assert rows[1]["ended_at"] is None
    await an.command("profile")
    await an.expect("Công ty Changshin", "Nơi làm việc trước đây", "Công ty TNHH Pouchen")


async def test_a_move_to_the_same_workplace_is_not_recorded(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await an.command("move")
    await an.next_message()
    for answer in (
        "Bình Dương",
        "TP Thuận An",
        "Công ty TNHH Pouchen Việt Nam",
        "Công nhân may",
        "03/2025",
    ):
        await an.say(answer)
        await an.next_message()
    await an.press(CONFIRM)
    await an.expect("Đây chính là nơi làm việc đã có")
    assert await h.services.db.fetch_value("SELECT COUNT(*) FROM placements") == 1


async def test_a_member_exports_everything_stored_about_them(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await an.tap("🗂 Dữ liệu của tôi")
    message = await an.expect("Toàn bộ dữ liệu bot lưu về đồng chí")
    assert message.kind == "document"
    assert message.file_id is not None
    exported = json.loads(h.sim.files[message.file_id].data)
    tables = exported["tables"]
    assert tables["members"][0]["full_name"] == "Nguyễn Văn An"
    assert tables["members"][0]["phone"] == an.user.phone
    assert tables["placements"][0]["employer"] == "Công ty TNHH Pouchen Việt Nam"
    assert {entry["action"] for entry in tables["audit_log"]} >= {"registered", "approved"}
    assert "Lê Thị Mai" not in json.dumps(exported, ensure_ascii=False)


async def test_a_deletion_request_erases_the_member_and_tells_the_secretary(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    branch.secretary.skip_unread()
    await an.command("mydata")
    await an.next_message()
    await an.press("🗑 Xóa dữ liệu của tôi")
    await an.expect("không thể hoàn tác")
    await an.press("🗑 Đồng ý, xóa dữ liệu của tôi")
    goodbye = await an.expect("đã được xóa")
    assert goodbye.reply_markup == {"remove_keyboard": True}
    await branch.secretary.expect("Nguyễn Văn An", "yêu cầu bot xóa dữ liệu cá nhân")
    await h.settle()
    member = await h.services.db.fetch_one("SELECT * FROM members WHERE role = 'member'")
    assert member is not None
    assert member["status"] == "erased"
    assert (member["full_name"], member["phone"]) == ("", None)
    # Their chat id went with their contact.
    assert (
        await h.services.db.fetch_value(
            "SELECT COUNT(*) FROM contacts WHERE member_id = ?", (member["id"],)
        )
        == 0
    )
    assert await h.services.db.fetch_value("SELECT COUNT(*) FROM placements") == 0
    leftovers = await h.services.db.fetch_value(
        "SELECT COUNT(*) FROM outbox WHERE params LIKE '%Nguyễn Văn An%'"
    )
    assert leftovers == 0
    await an.say("/start")
    await an.expect("cần có đường dẫn mời")


async def test_keeping_the_data_changes_nothing(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await an.command("mydata")
    await an.next_message()
    await an.press("🗑 Xóa dữ liệu của tôi")
    await an.next_message()
    await an.press("Không, giữ lại")
    await h.settle()
    status = await h.services.db.fetch_value(
        "SELECT status FROM members"
        " WHERE id = (SELECT member_id FROM contacts WHERE address = 301)"
    )
    assert status == "active"


async def test_a_pending_member_can_withdraw_their_registration(h: Harness) -> None:
    branch = await create_branch(h)
    an = h.person(301, "An")
    await register(an, branch.member_link)
    await an.command("mydata")
    await an.next_message()
    await an.press("🗑 Xóa dữ liệu của tôi")
    await an.next_message()
    await an.press("🗑 Đồng ý, xóa dữ liệu của tôi")
    await an.expect("đã được xóa")
    await h.settle()
    assert (
        await h.services.db.fetch_value(
            "SELECT COUNT(*) FROM members WHERE status != 'erased' AND role = 'member'"
        )
        == 0
    )
