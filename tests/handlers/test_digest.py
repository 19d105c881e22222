"""The weekly digest: one message on Monday morning with what needs the leaders."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.kernel.clock import ManualClock
from bot.sandbox.harness import Harness
from tests.conftest import VN
from tests.support import (
    ANSWERS,
    CONFIRM,
    approved_member,
    create_branch,
    new_member_link,
    register,
)

SAME = "✅ Vẫn như cũ"
DIGEST = "Tổng hợp tuần"


async def test_the_monday_digest_names_who_needs_the_leaders_and_counts_the_rest(
    h: Harness, clock: ManualClock
) -> None:
    branch = await create_branch(h)
    secretary = branch.secretary
    names = [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Chi",
        "Phạm Văn Dũng",
        "Đặng Văn Giang",
        "Bùi Thị Hoa",
    ]
    an, binh, _chi, dung, giang, hoa = [
        await approved_member(h, branch, 301 + i, name) for i, name in enumerate(names)
    ]
    await secretary.command("settings")
    screen = await secretary.find("Cài đặt của chi bộ")
    await secretary.press("trong bản tổng hợp hằng tuần", message=screen)
    await giang.block()

    clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=VN))
    await h.tick()
    prompts = {p.id: await p.find("Báo tình hình") for p in (an, binh, dung, hoa)}
    for person in (an, binh, dung, hoa):
        person.skip_unread()  # the dues reminder of the month came too
    await an.press(SAME, message=prompts[an.id])
    await an.press("📝 Thêm ghi chú", message=await an.expect_edit("Đã ghi nhận"))
    await an.next_message()
    await an.say("Tết này em ở lại làm thêm.")
    await an.expect("Đã thêm ghi chú")
    await binh.press("🏭 Tôi đã chuyển chỗ làm", message=prompts[binh.id])
    await binh.next_message()
    for answer in ("Đồng Nai", "TP Biên Hòa", "Công ty Changshin", "Thợ cắt", "12/2026"):
        await binh.say(answer)
        await binh.next_message()
    await binh.press(CONFIRM)
    await dung.press("⚠️ Tôi đang gặp khó khăn", message=prompts[dung.id])
    await dung.next_message()
    await dung.press("Gia đình")
    await dung.next_message()
    await dung.say("Mẹ ốm nặng")
    await hoa.press("🏠 Tôi đã về địa phương", message=prompts[hoa.id])
    newcomer = h.person(320, "Hồ Văn Mới")
    answers = list(ANSWERS)
    answers[0] = "Hồ Văn Mới"
    # the first link has expired by now
    await register(newcomer, await new_member_link(secretary), answers=answers)
    await h.settle()
    secretary.skip_unread()

    clock.set(datetime(2026, 12, 14, 7, 0, tzinfo=VN))
    await h.tick()
    assert not [m for m in secretary.unread() if DIGEST in m.body]
    clock.set(datetime(2026, 12, 14, 7, 30, tzinfo=VN))
    await h.tick()
    digest = await secretary.find(DIGEST)
    text = digest.body
    assert "Từ 07/12/2026 đến 14/12/2026" in text
    assert (
        "6 đảng viên đi làm ăn xa; 4 đã báo tình hình trong tuần; 6 cần đồng chí quan tâm" in text
    )
    needs = text.split("Cần đồng chí xử lý")[1].split("Thay đổi trong tuần")[0]
    assert "Phạm Văn Dũng: gặp khó khăn (Gia đình): «Mẹ ốm nặng»" in needs
    assert "Lê Văn Chi: chưa trả lời lần hỏi thăm ngày 07/12/2026" in needs
    assert "Đặng Văn Giang: đã chặn bot" in needs
    assert "Bùi Thị Hoa: báo đã về địa phương" in needs
    assert "Hồ Văn Mới: đăng ký đang chờ duyệt" in needs
    assert "kiểm điểm" in needs  # December, and no review meeting set
    assert "Nguyễn Văn An" not in needs
    assert "Trần Thị Bình chuyển đến Công ty Changshin, Đồng Nai" in text
    assert "Nguyễn Văn An: «Tết này em ở lại làm thêm.»" in text

    def this_weeks() -> list[str]:
        return [m.body for m in h.sim.messages if "đến 14/12/2026" in m.body]

    assert len(this_weeks()) == 1  # one leader in this branch: the secretary
    clock.advance(timedelta(hours=3))
    await h.tick()
    await h.restart()
    await h.tick()
    assert len(this_weeks()) == 1


async def test_a_leader_reads_the_week_so_far(h: Harness) -> None:
    branch = await create_branch(h)
    await approved_member(h, branch)
    await branch.secretary.tap("📊 Tuần này")
    # November: the review season has begun and no meeting is set
    await branch.secretary.expect(
        DIGEST, "1 đảng viên đi làm ăn xa", "Chưa đặt lịch họp kiểm điểm cuối năm 2026"
    )


async def test_a_member_cannot_read_the_digest(h: Harness) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await an.command("digest")
    await an.expect("không được làm việc này")
