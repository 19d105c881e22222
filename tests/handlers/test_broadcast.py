"""Broadcasts: written, previewed, confirmed, delivered through the sender, reported."""

from __future__ import annotations

from bot.sandbox.harness import Harness
from tests.support import CONFIRM, approved_member, create_branch

PDF = b"%PDF-1.4 the district's letter"


async def test_a_broadcast_with_an_unreachable_member(h: Harness) -> None:
    branch = await create_branch(h)
    secretary = branch.secretary
    an, binh, chi, dung = [
        await approved_member(h, branch, 301 + i, name)
        for i, name in enumerate(["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Chi", "Phạm Văn Dũng"])
    ]
    await chi.block()  # the bot is told: Chi is known to be unreachable
    await dung.block(tell_bot=False)  # the bot finds out when it writes
    await h.settle()

    await secretary.tap("📣 Gửi thông báo")
    await secretary.press(
        "Tất cả đảng viên đang làm ăn xa", message=await secretary.find("Gửi thông báo cho ai?")
    )
    await secretary.find("nhập nội dung thông báo")
    await secretary.say("Chi bộ họp trực tuyến tối 5/12 lúc 20:00. Đồng chí nhớ tham gia.")
    await secretary.find("gửi kèm tài liệu")
    await secretary.send_document(PDF, "cong-van.pdf", "application/pdf")
    preview = await secretary.find("Xem trước")
    assert "Chi bộ họp trực tuyến tối 5/12 lúc 20:00" in preview.body
    assert "Kèm tài liệu" in preview.body
    assert "Tất cả đảng viên đang làm ăn xa — 4 đảng viên" in preview.body
    assert "1 người không liên lạc được (đã chặn bot): Lê Văn Chi" in preview.body
    assert not [m for m in an.unread() if "Thông báo của" in m.body]  # nothing before confirm
    await secretary.press(CONFIRM, message=preview)
    await secretary.find("Đang gửi tới 4 đảng viên")

    for person in (an, binh):
        announcement = await person.find("Thông báo của bí thư Lê Thị Mai")
        assert "Chi bộ họp trực tuyến" in announcement.body
        document = person.messages()[person.messages().index(announcement) - 1]
        assert document.kind == "document"
        assert document.file_id is not None
        assert h.sim.files[document.file_id].data == PDF
    await h.tick()  # the report once everything has gone out
    report = await secretary.find("của đồng chí đã gửi xong")
    assert "✅ Đã nhận: 2" in report.body
    assert "🚫 Không liên lạc được: 2 — Lê Văn Chi, Phạm Văn Dũng" in report.body
    unreachable = await h.services.db.fetch_value(
        "SELECT unreachable_since FROM members"
        " WHERE id = (SELECT member_id FROM contacts WHERE address = ?)",
        (dung.id,),
    )
    assert unreachable is not None  # the 403 marked Dũng unreachable
    await h.tick()
    assert len([m for m in secretary.messages() if "của đồng chí đã gửi xong" in m.body]) == 1

    # A member answers the announcement: it reaches the secretary.
    announcement = next(m for m in an.messages() if "Chi bộ họp trực tuyến" in m.body)
    await an.reply_to(announcement, "Em sẽ tham gia ạ.")
    await secretary.find("Nguyễn Văn An", "Em sẽ tham gia ạ.")


async def test_a_member_cannot_broadcast(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await an.command("broadcast")
    await an.expect("không được làm việc này")
