"""Migrations 0008 (contacts) and 0009 (dialogs) on a database the previous release wrote:
every member is still reached at the same Telegram chat, every pending message is delivered,
nothing else changes."""

from __future__ import annotations

from pathlib import Path

import aiosqlite

from bot.core.kernel.clock import ManualClock
from bot.core.kernel.contacts import Address
from bot.sandbox.harness import harness
from bot.storage.db import to_db
from bot.storage.migrate import apply_migrations
from bot.storage.outbox import SqlOutbox
from tests.conftest import START

RELEASED = 7  # the last migration of the release before contacts
WHEN = to_db(START)  # as the release stored times: UTC, to the microsecond
SECRETARY, AN, BINH = 200, 301, 302

# The previous release's rows: a secretary, a member, a member who blocked the bot, one whose
# data was erased (no chat any more); check-ins and a confirmed payment; two notices waiting,
# and one delivered that a reply can still be traced through.
OLD_ROWS = [
    ("INSERT INTO branches (id, name, created_at) VALUES (1, 'Chi bộ ấp 3', ?)", (WHEN,)),
    (
        "INSERT INTO members (id, branch_id, chat_id, role, status, full_name, registered_at,"
        " approved_at) VALUES (1, 1, ?, 'secretary', 'active', 'Lê Thị Mai', ?, ?)",
        (SECRETARY, WHEN, WHEN),
    ),
    (
        "INSERT INTO members (id, branch_id, chat_id, role, status, full_name, phone,"
        " registered_at, approved_at, dues_category) VALUES (2, 1, ?, 'member', 'active',"
        " 'Nguyễn Văn An', '0912345678', ?, ?, 'other')",
        (AN, WHEN, WHEN),
    ),
    (
        "INSERT INTO members (id, branch_id, chat_id, role, status, full_name, registered_at,"
        " approved_at, unreachable_since) VALUES (3, 1, ?, 'member', 'active', 'Trần Thị Bình',"
        " ?, ?, ?)",
        (BINH, WHEN, WHEN, WHEN),
    ),
    (
        "INSERT INTO members (id, branch_id, chat_id, role, status, full_name, registered_at,"
        " erased_at) VALUES (4, 1, NULL, 'member', 'erased', '', ?, ?)",
        (WHEN, WHEN),
    ),
    (
        "INSERT INTO placements (member_id, province, district, employer, occupation, since,"
        " recorded_at) VALUES (2, 'Bình Dương', 'Thuận An', 'Pouchen', 'Công nhân', '2025-03', ?)",
        (WHEN,),
    ),
    ("INSERT INTO checkins (member_id, at, kind) VALUES (2, ?, 'same')", (WHEN,)),
    ("INSERT INTO checkins (member_id, at, kind) VALUES (3, ?, 'same')", (WHEN,)),
    (
        "INSERT INTO dues_ledger (id, member_id, branch_id, kind, at, months, amount, method)"
        " VALUES (1, 2, 1, 'report', ?, '2026-10', 16000, 'portal')",
        (WHEN,),
    ),
    (
        "INSERT INTO dues_ledger (member_id, branch_id, kind, at, actor_id, months, amount,"
        " report_id) VALUES (2, 1, 'confirmation', ?, 1, '2026-10', 16000, 1)",
        (WHEN,),
    ),
    (
        "INSERT INTO outbox (key, kind, chat_id, params, branch_id, urgency, not_before,"
        " created_at) VALUES ('joined:to1', 'officer_joined', ?,"
        ' \'{"name": "Phạm Văn Cường", "role": "treasurer"}\', 1, \'live\', ?, ?)',
        (SECRETARY, WHEN, WHEN),
    ),
    (
        "INSERT INTO outbox (key, kind, chat_id, params, branch_id, urgency, not_before,"
        " created_at) VALUES ('joined:to2', 'officer_joined', ?,"
        ' \'{"name": "Phạm Văn Cường", "role": "treasurer"}\', 1, \'live\', ?, ?)',
        (AN, WHEN, WHEN),
    ),
    (
        "INSERT INTO outbox (key, kind, chat_id, branch_id, urgency, not_before, created_at,"
        " status, sent_at, message_id, peer_id) VALUES ('relay:to1', 'checkin_relay', ?, 1,"
        " 'live', ?, ?, 'sent', ?, 77, 2)",
        (SECRETARY, WHEN, WHEN, WHEN),
    ),
]


async def released_database(path: Path) -> None:
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        await conn.execute("PRAGMA foreign_keys=ON")
        await apply_migrations(conn, up_to=RELEASED)
        for sql, params in OLD_ROWS:
            await conn.execute(sql, params)


async def test_every_member_keeps_their_telegram_chat_and_every_pending_message_goes_out(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bot.sqlite3"
    await released_database(path)
    async with harness(path, clock=ManualClock(START), start=False) as h:
        for chat, name in ((SECRETARY, "Lê Thị Mai"), (AN, "Nguyễn Văn An")):
            h.person(chat, name)
        await h.start_bot()
        await h.settle()
        db = h.services.db
        assert await db.fetch_value("SELECT MAX(version) FROM schema_migrations") > RELEASED

        for chat, member_id in ((SECRETARY, 1), (AN, 2), (BINH, 3)):
            actor = await h.services.members.identify(Address.telegram(chat), "")
            assert actor.member is not None
            assert actor.member.id == member_id
            assert actor.member.address == Address.telegram(chat)
        binh = await h.services.members.identify(Address.telegram(BINH), "")
        assert binh.member is not None
        assert binh.member.unreachable_since is not None
        assert await db.fetch_value("SELECT reachable FROM contacts WHERE member_id = 3") == 0
        # The erased member had no chat left, and gets no contact.
        assert await db.fetch_value("SELECT COUNT(*) FROM contacts WHERE member_id = 4") == 0
        assert await db.fetch_value("SELECT COUNT(*) FROM members") == 4
        assert await db.fetch_value("SELECT phone FROM members WHERE id = 2") == "0912345678"
        assert await db.fetch_value("SELECT COUNT(*) FROM placements") == 1
        assert await db.fetch_value("SELECT COUNT(*) FROM checkins") == 2
        assert await db.fetch_value("SELECT SUM(amount) FROM dues_ledger") == 32000

        # Both waiting notices reached their chats, and were marked sent.
        for chat in (SECRETARY, AN):
            assert any("Phạm Văn Cường" in m.body for m in h.sim.messages_to(chat))
        assert await db.fetch_value("SELECT COUNT(*) FROM outbox WHERE status = 'pending'") == 0
        # A reply to the message delivered before the upgrade still reaches its member.
        outbox = SqlOutbox(db)
        assert await outbox.peer_of(Address.telegram(SECRETARY), 77) == 2

        # Every member and branch is in the planners' due queue (migration 0012).
        queued = await db.fetch_all("SELECT planner, COUNT(*) FROM due_queue GROUP BY planner")
        branches = await db.fetch_value("SELECT COUNT(*) FROM branches")
        assert dict(map(tuple, queued)) == {
            "checkins": 4,
            "digest": branches,
            "dues": branches,
            "exemptions": branches,
            "review": branches,
        }

        assert await db.fetch_all("PRAGMA foreign_key_check") == []
        assert await db.fetch_value("PRAGMA integrity_check") == "ok"
        assert await db.fetch_value("PRAGMA foreign_keys") == 1


async def test_a_form_half_filled_before_the_upgrade_is_answered_after_it(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    await released_database(path)
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        # The previous release kept forms as python-telegram-bot's user data and states.
        draft = '{"forms": {"message": {"answers": {}, "extra": {}, "at": "text"}}}'
        await conn.execute("INSERT INTO chat_user_data VALUES (?, ?)", (AN, draft))
        await conn.execute(
            "INSERT INTO chat_conversations VALUES ('message', ?, '\"text\"')", (f"{AN}:{AN}",)
        )
    async with harness(path, clock=ManualClock(START), start=False) as h:
        secretary = h.person(SECRETARY, "Lê Thị Mai")
        an = h.person(AN, "Nguyễn Văn An")
        await h.start_bot()
        await h.settle()
        assert await h.services.db.fetch_value("SELECT name FROM dialogs") == "message"
        an.skip_unread()  # the notices that were waiting
        secretary.skip_unread()
        await an.say("Tháng sau em về quê ăn Tết.")
        await an.expect("Đã gửi")
        await secretary.expect("Nguyễn Văn An nhắn", "về quê ăn Tết")
