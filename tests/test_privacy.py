"""Privacy proven on the real thing: logs hold no token and no phone number, and a member who
asked for deletion is gone from the database file itself, checked in its bytes."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import logs
from bot.core.kernel.clock import ManualClock
from bot.sandbox.harness import harness
from tests.conftest import OPERATOR_ID, START, ErrorLog
from tests.support import ANSWERS, APPROVE, create_branch, register

NAME = "Phạm Thị Riêngtư"
TYPED_PHONE = "0987 654 321"
EMPLOYER = "Công ty Bímật Quýhiếm"
NOTE = "Ghi chú kín đáo số 4242"
LETTER = "Lời nhắn riêng tư gửi chi bộ 7373"


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    """The bot's own log set-up, at DEBUG (the most talkative), into a buffer."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    buffer = io.StringIO()
    logs.setup("DEBUG", stream=buffer)
    yield buffer
    root.handlers[:] = handlers
    root.setLevel(level)


def database_bytes(folder: Path) -> bytes:
    """The database file with its WAL and shared-memory files."""
    files = sorted(folder.glob("bot.sqlite3*"))
    assert files, "the database is there"
    return b"".join(path.read_bytes() for path in files)


def secrets_of_the_member() -> list[bytes]:
    texts = [NAME, EMPLOYER, NOTE, LETTER, "987654321", "987 654 321"]
    found: list[bytes] = []
    for text in texts:
        found.append(text.encode())
        found.append(json.dumps(text).strip('"').encode())  # as JSON with \\u escapes
    return found


async def test_a_deleted_member_is_gone_from_the_file_and_no_log_holds_a_token_or_phone(
    tmp_path: Path, captured_logs: io.StringIO, errors: ErrorLog
) -> None:
    database = tmp_path / "bot.sqlite3"
    async with harness(
        database,
        clock=ManualClock(START),
        superadmins=[OPERATOR_ID],
    ) as h:
        branch = await create_branch(h)
        member = h.person(301, "Phạm", "Thị", phone="+84911222333")
        answers = list(ANSWERS)
        answers[0] = NAME
        answers[1] = TYPED_PHONE
        answers[5] = EMPLOYER
        await register(member, branch.member_link, answers=answers)
        await branch.secretary.press(
            APPROVE, message=await branch.secretary.find("Đăng ký mới", NAME)
        )
        await member.expect("đã xác nhận đăng ký")
        await member.share_contact()  # the phone from Telegram too, for the logs
        await member.next_message()
        await member.command("checkin")
        await member.next_message()
        await member.press("✅ Vẫn như cũ")
        thanks = await member.expect_edit("Đã ghi nhận")
        await member.press("📝 Thêm ghi chú", message=thanks)
        await member.expect("Viết ghi chú")
        await member.say(NOTE)
        await member.expect("Đã thêm ghi chú")
        await member.share_location(10.98765, 106.65432)
        await member.expect("vị trí gần đúng")
        await member.tap("💬 Nhắn chi bộ")
        await member.expect("Viết tin nhắn")
        await member.say(LETTER)
        await member.expect("Đã gửi")
        await branch.secretary.find(LETTER)
        await h.settle()
        before = database_bytes(tmp_path)
        assert all(text.encode() in before for text in (NAME, EMPLOYER, NOTE, LETTER)), (
            "the check below looks for what really was stored"
        )

        await member.command("mydata")
        await member.next_message()
        await member.press("🗑 Xóa dữ liệu của tôi")
        await member.expect("không thể hoàn tác")
        await member.press("🗑 Đồng ý, xóa dữ liệu của tôi")
        await member.expect("đã được xóa")
        await h.settle()
        await h.services.db.execute("VACUUM")
        token = h.sim.token

    contents = database_bytes(tmp_path)
    left = [secret for secret in secrets_of_the_member() if secret in contents]
    assert not left, f"still in the database file: {left}"

    written = captured_logs.getvalue()
    assert " DEBUG bot.polling: update " in written, "the logs were captured"
    assert token not in written
    assert token.split(":")[1] not in written
    for phone in ("0987 654 321", "0987654321", "84911222333", "911222333", "987654321"):
        assert phone not in written, f"phone {phone} in the logs"
