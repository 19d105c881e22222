"""Filling a database quickly with branches of approved members, for restart tests and benches.

It writes rows directly (the way a long-running deployment would have them) instead of playing
every registration through chat, which would take minutes for thousands of members.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.sandbox.server import BotApiSimulator
from bot.storage.db import Database, to_db

PROVINCES = ("Bình Dương", "Đồng Nai", "TP Hồ Chí Minh", "Long An", "Bắc Ninh", "Hàn Quốc")
EMPLOYERS = (
    "Công ty Pouchen",
    "Công ty Changshin",
    "Samsung Bắc Ninh",
    "Nhà máy Nidec",
    "Tự làm",
    "Tàu cá Kiên Giang",
)


@dataclass(frozen=True, slots=True)
class SeededBranch:
    branch_id: int
    secretary_chat: int
    member_chats: list[int]


async def seed_branch(
    db: Database,
    *,
    name: str,
    members: int,
    approved_at: datetime,
    first_chat_id: int,
    secretary_chat: int,
    sim: BotApiSimulator | None = None,
) -> SeededBranch:
    """A branch with a secretary and ``members`` approved members working away."""
    when = to_db(approved_at)
    async with db.transaction():
        branch_id = await db.execute(
            "INSERT INTO branches (name, created_at) VALUES (?, ?)", (name, when)
        )
        secretary_id = await db.execute(
            "INSERT INTO members (branch_id, role, status, full_name, registered_at,"
            " approved_at) VALUES (?, 'secretary', 'active', ?, ?, ?)",
            (branch_id, f"Bí thư {name}", when, when),
        )
        await _contact(db, secretary_id, secretary_chat, when)
        chats = list(range(first_chat_id, first_chat_id + members))
        for number, chat in enumerate(chats):
            member_id = await db.execute(
                "INSERT INTO members (branch_id, role, status, full_name, phone,"
                " home_commune, registered_at, approved_at) VALUES (?, 'member', 'active',"
                " ?, ?, 'Xã Tân Phú', ?, ?)",
                (
                    branch_id,
                    f"Đảng viên {chat}",
                    f"+849{chat % 100_000_000:08d}",
                    when,
                    when,
                ),
            )
            await _contact(db, member_id, chat, when)
            await db.execute(
                "INSERT INTO placements (member_id, province, district, employer, occupation,"
                " since, recorded_at) VALUES (?, ?, 'Trung tâm', ?, 'Công nhân', '2025-03', ?)",
                (
                    member_id,
                    PROVINCES[number % len(PROVINCES)],
                    EMPLOYERS[number % len(EMPLOYERS)],
                    when,
                ),
            )
    if sim is not None:
        sim.add_user(secretary_chat, f"Bí thư {name}")
        for chat in chats:
            sim.add_user(chat, f"Đảng viên {chat}")
    return SeededBranch(branch_id, secretary_chat, chats)


async def _contact(db: Database, member_id: int, chat: int, when: str) -> None:
    await db.execute(
        "INSERT INTO contacts (member_id, channel, address, since) VALUES (?, 'telegram', ?, ?)",
        (member_id, str(chat), when),
    )
