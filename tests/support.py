"""Steps that many tests share, played through chat as people would."""

from __future__ import annotations

from collections import Counter
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.core.kernel.access import Actor
from bot.core.kernel.clock import ManualClock
from bot.core.kernel.contacts import Address
from bot.sandbox.driver import Person
from bot.sandbox.harness import Harness, harness
from bot.sandbox.kill_restart import PROMPT_HEADING
from bot.sandbox.seed import SeededBranch, seed_branch
from bot.sandbox.server import Limits
from bot.storage.db import Database
from tests.conftest import OPERATOR_ID, START, VN

AGREE = "✅ Tôi đồng ý"
CONFIRM = "✅ Xác nhận"
SKIP = "Bỏ qua câu này"
APPROVE = "✅ Duyệt"
REJECT = "❌ Từ chối"
NEITHER = "Không thuộc các trường hợp trên"
TEMP_EXEMPT = "Tạm miễn sinh hoạt"
TRANSFER = "Sinh hoạt đảng tạm thời ở tổ chức đảng khác"
DUES_OTHER = "Đối tượng khác (phần lớn đảng viên đi làm ăn xa)"
FOR_MEMBERS = "Cho đảng viên đi làm ăn xa"


def paced_harness(folder: Path, **settings: Any) -> AbstractAsyncContextManager[Harness]:
    """The bot and a simulator with Telegram's own limits on both sides: 30 messages a
    second, one a second per chat."""
    return harness(
        folder / "bot.sqlite3",
        clock=ManualClock(START),
        limits=Limits(),
        send_rate=29.0,
        chat_interval=1.0,
        **settings,
    )


# A branch seeded straight into the database (no registrations), its first prompt due at once.
SEEDED_APPROVED = datetime(2026, 11, 23, 9, 0, tzinfo=VN)
SEEDED_DUE = SEEDED_APPROVED + timedelta(days=14)


async def start_with_branch(h: Harness, members: int) -> SeededBranch:
    """Seed a branch of ``members`` approved members into ``h``'s database (a harness made
    with ``start=False``), then start the bot."""
    db = Database(h.settings.database)
    branch = await seed_branch(
        db,
        name="Chi bộ ấp 1",
        members=members,
        approved_at=SEEDED_APPROVED,
        first_chat_id=10_000,
        secretary_chat=9_999,
        sim=h.sim,
    )
    await db.close()
    await h.start_bot()
    return branch


# Answers to the registration's text questions, in order (None: share the contact).
ANSWERS: list[str | None] = [
    "Nguyễn Văn An",
    None,
    "Xã Tân Phú",
    "Bình Dương",
    "TP Thuận An",
    "Công ty TNHH Pouchen Việt Nam",
    "Công nhân may",
    "03/2025",
]


def prompt_counts(h: Harness, chats: list[int]) -> Counter[int]:
    """How many check-in prompts each of ``chats`` received."""
    counts: Counter[int] = Counter({chat: 0 for chat in chats})
    for message in h.sim.messages:
        if message.chat_id in counts and message.body.startswith(PROMPT_HEADING):
            counts[message.chat_id] += 1
    return counts


def link_in(text: str) -> str:
    return next(word for word in text.split() if word.startswith("https://t.me/"))


@dataclass
class Branch:
    operator: Person
    secretary: Person
    member_link: str


async def create_branch(
    h: Harness, name: str = "Chi bộ ấp Tân Hòa", secretary_id: int = 200
) -> Branch:
    """An operator creates a branch in chat; its secretary joins and makes a member link."""
    operator = h.person(OPERATOR_ID, "Trần Văn Hùng")
    await operator.command("newbranch")
    await operator.next_message()
    await operator.say(name)
    await operator.next_message()
    await operator.press(SKIP)
    await operator.next_message()
    await operator.press(CONFIRM)
    link = link_in((await operator.expect("Đã tạo")).body)
    secretary = h.person(secretary_id, "Lê Thị Mai")
    await secretary.open_link(link)
    await secretary.expect("bí thư")
    member_link = await new_member_link(secretary)
    return Branch(operator, secretary, member_link)


async def new_member_link(secretary: Person, people: str = "50 người") -> str:
    """A member link for ``people`` (tests register several members with one link)."""
    await secretary.command("invite")
    question = await secretary.find("Lời mời dành cho ai?")
    await secretary.press(FOR_MEMBERS, message=question)
    size = await secretary.expect_edit("bao nhiêu người")
    await secretary.press(people, message=size)
    return link_in((await secretary.find("Đường dẫn mời")).body)


async def fill_registration(
    person: Person, link: str, answers: list[str | None] | None = None, standing: str = NEITHER
) -> None:
    """Open the link, agree, answer every question; stops at the summary."""
    await person.open_link(link)
    await person.expect("Đồng chí có đồng ý không?")
    await person.press(AGREE)
    await person.next_message()  # the first question
    for answer in answers or ANSWERS:
        if answer is None:
            await person.share_contact()
        else:
            await person.say(answer)
        await person.next_message()
    await person.press(SKIP)  # expected return
    await person.expect("đối tượng đóng đảng phí")
    await person.press(DUES_OTHER)
    await person.expect("tình trạng sinh hoạt")
    await person.press(standing)


async def register(person: Person, link: str, **kw: object) -> None:
    """A full registration, confirmed; waits for the bot's thanks."""
    await fill_registration(person, link, **kw)  # type: ignore[arg-type]
    await person.expect("Thông tin trên đã đúng chưa?")
    await person.press(CONFIRM)
    await person.expect("Cảm ơn đồng chí")


async def approved_member(
    h: Harness, branch: Branch, user_id: int = 301, name: str = "Nguyễn Văn An"
) -> Person:
    member = h.person(user_id, name, phone=f"+849{user_id:08d}")
    answers = list(ANSWERS)
    answers[0] = name
    await register(member, branch.member_link, answers=answers)
    card = await branch.secretary.find("Đăng ký mới", name)
    await branch.secretary.press(APPROVE, message=card)
    await member.expect("đã xác nhận đăng ký")
    return member


async def officer_of(
    h: Harness, branch: Branch, invite: str, chat_id: int, name: str, role: str
) -> Person:
    """The secretary invites an officer (``invite``: the button for whom), who joins."""
    await branch.secretary.command("invite")
    await branch.secretary.press(
        invite, message=await branch.secretary.find("Lời mời dành cho ai?")
    )
    link = link_in((await branch.secretary.find("Chỉ dùng được một lần")).body)
    officer = h.person(chat_id, name)
    await officer.open_link(link)
    await officer.find(role)
    return officer


async def treasurer_of(h: Harness, branch: Branch) -> Person:
    """The secretary invites a treasurer, who joins."""
    return await officer_of(
        h, branch, "Cho người phụ trách đảng phí", 220, "Hồ Thị Thủ Quỹ", "phụ trách đảng phí"
    )


async def actor(h: Harness, chat_id: int) -> Actor:
    """Who a chat is to the core: for setting up a known state through services."""
    return await h.services.members.identify(Address.telegram(chat_id), "")


async def member_id(h: Harness, chat_id: int) -> int:
    return int(
        await h.services.db.fetch_value(
            "SELECT id FROM members WHERE id = (SELECT member_id FROM contacts WHERE address = ?)",
            (chat_id,),
        )
    )
