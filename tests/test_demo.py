"""The demo plays a branch's first weeks: each chapter's key events happen in the database, and
the chart and the workbook it writes open."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image

from bot.sandbox.demo import AN, BICH, CHI, DUNG, SECRETARY, TREASURER, demo_harness, play
from bot.sandbox.harness import Harness
from bot.storage.db import Database


async def _sent(db: Database, kind: str, chat: int) -> list[str]:
    """The keys of the ``kind`` notices the bot delivered to ``chat``."""
    rows = await db.fetch_all(
        "SELECT key FROM outbox WHERE kind = ? AND address = ? AND status = 'sent'",
        (kind, str(chat)),
    )
    return [row["key"] for row in rows]


async def _member(db: Database, chat: int) -> int:
    return int(
        await db.fetch_value("SELECT member_id FROM contacts WHERE address = ?", (str(chat),))
    )


def _texts_to(h: Harness, chat: int) -> list[str]:
    return [m.body for m in h.sim.messages_to(chat)]


async def test_the_demo_plays_every_chapter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "demo-output"
    async with demo_harness(tmp_path / "demo.sqlite3") as h:
        outcome = await play(h, output)
        db = h.services.db
        an, bich, chi, dung = [await _member(db, chat) for chat in (AN, BICH, CHI, DUNG)]

        # 1. Four members registered and approved; Tâm declined and left nothing.
        assert (
            await db.fetch_value(
                "SELECT COUNT(*) FROM members WHERE role = 'member' AND status = 'active'"
            )
            == 4
        )
        assert len(await _sent(db, "registration_approved", AN)) == 1

        # 2. The first prompt answered three ways, each relayed; the difficulty answered.
        first = await db.fetch_all(
            "SELECT member_id, kind, difficulty FROM checkins WHERE at < '2026-10-20'"
        )
        assert {(row["member_id"], row["kind"]) for row in first} == {
            (an, "same"),
            (bich, "moved"),
            (dung, "difficulty"),
        }
        assert await _sent(db, "checkin_relay", SECRETARY)
        assert await _sent(db, "workplace_moved", SECRETARY)
        assert any("Công ty nợ lương hai tháng" in text for text in _texts_to(h, SECRETARY))
        assert await _sent(db, "message_to_member", DUNG)
        assert any("Chị đã báo Hội Phụ nữ xã" in text for text in _texts_to(h, DUNG))

        # 3. Chi never answered: nudged, then the secretary told.
        escalated = await db.fetch_value(
            "SELECT COUNT(*) FROM checkin_prompts"
            " WHERE member_id = ? AND escalated_at IS NOT NULL",
            (chi,),
        )
        assert escalated >= 1
        assert await _sent(db, "checkin_nudge", CHI)
        assert await _sent(db, "checkin_missed", SECRETARY)

        # 4. An's November: reported with a receipt photo, confirmed with another amount, told.
        report = await db.fetch_one(
            "SELECT id, receipt, amount FROM dues_ledger"
            " WHERE member_id = ? AND kind = 'report' AND months = '2026-11'",
            (an,),
        )
        assert report is not None
        assert report["receipt"]
        confirmed = await db.fetch_one(
            "SELECT amount FROM dues_ledger WHERE report_id = ? AND kind = 'confirmation'",
            (report["id"],),
        )
        assert confirmed is not None
        assert confirmed["amount"] == 10_000 != report["amount"]
        assert any("10.000 đ" in text for text in _texts_to(h, AN))
        # Chi's second unpaid month: the warning to Chi, the secretary and treasurer flagged.
        assert (
            await db.fetch_value(
                "SELECT level FROM dues_warnings WHERE member_id = ? AND year = 2026"
                " ORDER BY level DESC",
                (chi,),
            )
            == 2
        )
        assert any("Xin lưu ý" in text for text in _texts_to(h, CHI))
        for officer in (SECRETARY, TREASURER):
            assert await _sent(db, "dues_flag", officer)

        # 5. Monday 7 December: the digest, with its chart, then the workbook.
        assert (
            await db.fetch_value(
                "SELECT COUNT(*) FROM digest_runs WHERE period_end LIKE '2026-12-07%'"
            )
            == 1
        )
        last = h.sim.messages_to(SECRETARY)[-3:]
        assert [m.kind for m in last] == ["text", "photo", "document"]
        assert "Tổng hợp tuần" in last[0].body

    assert outcome.flood_answers == 0
    chart, workbook = outcome.files
    assert chart.parent == workbook.parent == output
    with Image.open(chart) as image:
        assert image.format == "PNG"
        assert image.size == (800, 400)
    book = load_workbook(io.BytesIO(workbook.read_bytes()))
    assert "Đảng viên đi làm ăn xa" in book.sheetnames
    away = [row[1].value for row in book["Đảng viên đi làm ăn xa"].iter_rows(min_row=2)]
    assert set(away) == {"Nguyễn Văn An", "Phạm Thị Bích", "Lê Văn Chi", "Phạm Văn Dũng"}

    out = capsys.readouterr().out
    for heading in ("1 · Đăng ký", "2 · ", "3 · ", "4 · ", "5 · "):
        assert heading in out
    assert "⏩" in out  # the weeks between chapters are told, not hidden


async def test_one_chapter_prints_only_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async with demo_harness(tmp_path / "demo.sqlite3") as h:
        outcome = await play(h, tmp_path / "out", only="dues")
    out = capsys.readouterr().out
    assert "4 · " in out
    assert "1 · " not in out
    assert "5 · " not in out
    assert "Đồng chí có đồng ý không?" not in out  # registration was played, not printed
    assert "10.000" in out
    assert outcome.flood_answers == 0
