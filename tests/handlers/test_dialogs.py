"""A person has one dialog at a time, kept in the database: another form replaces it, a day
untouched ends it, and a restart does not."""

from __future__ import annotations

from datetime import timedelta

from bot.core.checkins.forms import DIFFICULTY_FORM
from bot.core.kernel.clock import ManualClock
from bot.sandbox.harness import Harness
from bot.sandbox.server import Fault
from tests.conftest import ErrorLog
from tests.support import approved_member, create_branch

DIFFICULT = "⚠️ Tôi đang gặp khó khăn"


async def dialogs(h: Harness) -> list[tuple[str, str | None]]:
    await h.settle()
    rows = await h.services.db.fetch_all("SELECT name, state FROM dialogs")
    return [(row["name"], row["state"]) for row in rows]


async def test_starting_another_form_replaces_the_dialog_and_takes_the_next_answer(
    h: Harness,
) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await an.tap("📍 Báo tình hình")
    checkin = await an.expect("có gì mới")
    await an.tap("💬 Nhắn chi bộ")
    await an.expect("Viết tin nhắn")
    assert await dialogs(h) == [("message", "text")]

    await an.press(DIFFICULT, message=checkin)
    # One line says what was left, then the new form's question.
    await an.expect("Đã dừng phiếu «Tin nhắn» chưa xong", "khó khăn về việc gì")
    assert [name for name, _state in await dialogs(h)] == [DIFFICULTY_FORM.name]
    await an.press("Sức khỏe")
    await an.expect("kể ngắn gọn")
    await an.say("Bị ốm, đang nằm viện")
    await an.expect("Bí thư chi bộ đã được thông báo")
    await branch.secretary.find("Nguyễn Văn An đang gặp khó khăn", "nằm viện")
    # The message to the branch was left, not sent with the difficulty's details.
    assert not any("Nguyễn Văn An nhắn" in m.body for m in branch.secretary.messages())
    assert await dialogs(h) == []


async def test_a_form_untouched_for_a_day_expires_and_the_next_message_is_a_fresh_start(
    h: Harness, clock: ManualClock
) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await an.tap("💬 Nhắn chi bộ")
    await an.expect("Viết tin nhắn")
    await h.settle()  # the dialog is saved once the update is handled
    clock.advance(timedelta(hours=25))
    await an.command("profile")
    await an.expect("đã hết hạn")
    await an.expect("Nguyễn Văn An")  # the profile, not the old question
    assert await dialogs(h) == []
    assert not any("Nguyễn Văn An nhắn" in m.body for m in branch.secretary.messages())


async def test_a_form_touched_within_the_day_goes_on(h: Harness, clock: ManualClock) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await an.tap("💬 Nhắn chi bộ")
    await an.expect("Viết tin nhắn")
    await h.settle()
    clock.advance(timedelta(hours=23))
    await an.say("Tháng sau em về quê ăn Tết.")
    await an.expect("Đã gửi")
    await branch.secretary.expect("Nguyễn Văn An nhắn", "về quê ăn Tết")


async def test_a_failure_inside_a_dialog_is_answered_once_and_the_dialog_stays(
    h: Harness, errors: ErrorLog
) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await an.tap("💬 Nhắn chi bộ")
    await an.expect("Viết tin nhắn")
    errors.expect("error while handling an update")
    # Telegram fails the «Sent» answer once: the handler raises.
    h.sim.faults.append(Fault("sendMessage", "status", status=400, count=1))
    await an.say("Tháng sau em về quê ăn Tết.")
    sorry = await an.expect("hệ thống đang gặp sự cố")
    await h.settle()
    # Nothing else answered the same message (the catch-all «I did not understand», say).
    assert an.messages()[-1] is sorry
    # What the answer would have recorded was rolled back with it; the question is still open.
    assert await dialogs(h) == [("message", "text")]
    assert not any("Nguyễn Văn An nhắn" in m.body for m in branch.secretary.messages())


async def test_an_update_for_something_else_leaves_the_dialog_as_it_was(
    h: Harness, clock: ManualClock
) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    await an.tap("📍 Báo tình hình")
    checkin = await an.expect("có gì mới")
    await an.tap("💬 Nhắn chi bộ")
    await an.expect("Viết tin nhắn")
    await h.settle()
    touched = await h.services.db.fetch_value("SELECT touched_at FROM dialogs")
    clock.advance(timedelta(hours=2))
    await an.press("✅ Vẫn như cũ", message=checkin)
    await an.expect_edit("Đã ghi nhận")
    await h.settle()
    # The check-in was not an answer to the form: its row (and its day to expire) is unchanged.
    assert await h.services.db.fetch_value("SELECT touched_at FROM dialogs") == touched
    await an.say("Tháng sau em về quê ăn Tết.")
    await an.expect("Đã gửi")
