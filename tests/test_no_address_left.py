"""Deletion and rejection leave no address behind (issue 17, rule 6): after a member's data is
erased on request, or their registration is rejected, their Telegram id is in no table (the
outbox included) and not in the database file's bytes once the log is checkpointed."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.sandbox.driver import Person
from bot.sandbox.harness import Harness
from tests.support import ANSWERS, APPROVE, REJECT, create_branch, register

# Long and unusual, so that finding its digits in the file's bytes means it was stored.
CHAT = 7_319_446_281


async def _tables_holding(h: Harness, value: str) -> list[str]:
    """Every table and column whose text holds ``value``."""
    db = h.services.db
    found = []
    for (table,) in await db.fetch_all(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ):
        for column in await db.fetch_all(f"SELECT name FROM pragma_table_info('{table}')"):
            name = column[0]
            hits = await db.fetch_value(
                f'SELECT COUNT(*) FROM "{table}" WHERE CAST("{name}" AS TEXT) LIKE ?',
                (f"%{value}%",),
            )
            if hits:
                found.append(f"{table}.{name}")
                if table == "outbox":
                    rows = await db.fetch_all(
                        "SELECT kind, status FROM outbox WHERE address LIKE ?", (f"%{value}%",)
                    )
                    found += [f"{k}/{s}" for k, s in rows]
    return found


def _bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.glob("bot.sqlite3*"))


async def _file_holds(h: Harness, folder: Path, value: str) -> bool:
    await h.settle()
    await h.services.db.fetch_all("PRAGMA wal_checkpoint(TRUNCATE)")
    return value.encode() in await asyncio.to_thread(_bytes, folder)


async def _registered(h: Harness) -> tuple[Person, Person]:
    branch = await create_branch(h)
    person = h.person(CHAT, "Phạm", "Văn Xa", phone="+84911222333")
    await register(person, branch.member_link, answers=list(ANSWERS))
    return person, branch.secretary


async def test_erasure_leaves_no_address_in_any_table_or_in_the_file(
    h: Harness, tmp_path: Path
) -> None:
    person, secretary = await _registered(h)
    await secretary.press(APPROVE, message=await secretary.find("Đăng ký mới"))
    await person.expect("đã xác nhận đăng ký")
    await person.command("checkin")
    await person.press("✅ Vẫn như cũ", message=await person.next_message())
    await person.tap("💬 Nhắn chi bộ")
    await person.expect("Viết tin nhắn")
    await person.say("Em vẫn ổn")
    await person.expect("Đã gửi")
    await h.settle()
    assert await _tables_holding(h, str(CHAT)), "the check below looks where it was stored"
    await person.command("mydata")
    await person.next_message()
    await person.press("🗑 Xóa dữ liệu của tôi")
    await person.expect("không thể hoàn tác")
    await person.press("🗑 Đồng ý, xóa dữ liệu của tôi")
    await person.expect("đã được xóa")
    await h.settle()
    assert await _tables_holding(h, str(CHAT)) == []
    assert not await _file_holds(h, tmp_path, str(CHAT))


async def test_a_rejected_registration_leaves_no_address_once_told(
    h: Harness, tmp_path: Path
) -> None:
    person, secretary = await _registered(h)
    assert await _tables_holding(h, str(CHAT))
    await secretary.press(REJECT, message=await secretary.find("Đăng ký mới"))
    await person.expect("chưa chấp nhận đăng ký")
    await h.settle()
    assert await _tables_holding(h, str(CHAT)) == []
    assert not await _file_holds(h, tmp_path, str(CHAT))
