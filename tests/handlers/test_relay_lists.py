"""Routine check-ins that queue up for a secretary (Telegram lets the bot write to a chat once a
second) reach them as one list; anything that needs the secretary still comes on its own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.checkins.answers import routine_relay
from bot.core.kernel.contacts import Address
from bot.core.kernel.notices import Notice, NoticeKind, OutboxItem, Urgency
from bot.core.kernel.outbox import GROUP_LIMIT
from bot.sandbox.harness import Harness
from bot.sandbox.seed import SeededBranch, seed_branch
from tests.conftest import START, ErrorLog
from tests.support import paced_harness

SECRETARY = 200
LIST_HEADING = "Báo tình hình, vẫn làm ở chỗ cũ"
QUESTION = {"inline_keyboard": [[{"text": "✅ Vẫn như cũ", "callback_data": "ck:0:s"}]]}


def relay(**params: object) -> OutboxItem:
    base: dict[str, object] = {"kind": "same", "name": "An", "note": None, "latitude": None}
    return OutboxItem(
        id=1,
        kind=NoticeKind.CHECKIN_RELAY,
        address=Address.telegram(SECRETARY),
        params={**base, **params},  # type: ignore[dict-item]
        branch_id=1,
        subject_id=1,
        urgency=Urgency.LIVE,
        not_before=START,
        attempts=0,
        peer_id=1,
        parts_sent=0,
    )


def test_only_still_the_same_with_nothing_added_is_routine() -> None:
    assert routine_relay(relay())
    assert not routine_relay(relay(kind="difficulty"))
    assert not routine_relay(relay(kind="returned"))
    assert not routine_relay(relay(note="Tết này ở lại"))
    assert not routine_relay(relay(latitude=10.9))


@pytest.fixture
async def paced(tmp_path: Path, errors: ErrorLog) -> AsyncIterator[Harness]:
    async with paced_harness(tmp_path) as h:
        yield h


async def branch_of(h: Harness, members: int) -> SeededBranch:
    return await seed_branch(
        h.services.db,
        name="Chi bộ Tân Phú",
        members=members,
        approved_at=START - timedelta(days=3),
        first_chat_id=301,
        secretary_chat=SECRETARY,
        sim=h.sim,
    )


async def check_in_together(h: Harness, chats: list[int]) -> None:
    for chat in chats:
        await h.person(chat).press(
            "✅ Vẫn như cũ", message=h.sim.sent_before(chat, "📍", QUESTION)
        )
    for chat in chats:
        await h.person(chat).expect_edit("Đã ghi nhận")
    await h.settle(timeout=20)


async def test_checkins_that_queue_up_reach_the_secretary_as_one_list(paced: Harness) -> None:
    h = paced
    branch = await branch_of(h, 5)
    await check_in_together(h, branch.member_chats)
    messages = h.sim.messages_to(SECRETARY)
    assert 1 <= len(messages) <= 2  # the first may go alone; the rest queued behind it
    assert any(LIST_HEADING in m.body for m in messages)
    text = "\n".join(m.body for m in messages)
    for chat in branch.member_chats:
        assert text.count(f"Đảng viên {chat}") == 1
    rows = await h.services.db.fetch_all(
        "SELECT status, message_id FROM outbox WHERE kind = 'checkin_relay'"
    )
    assert {row["status"] for row in rows} == {"sent"}
    assert {row["message_id"] for row in rows} == {m.message_id for m in messages}

    # A reply to the list can't tell which member it is for; the buttons can.
    secretary = h.person(SECRETARY)
    listed = next(m for m in messages if LIST_HEADING in m.body)
    await secretary.reply_to(listed, "Cảm ơn các đồng chí")
    await secretary.find("không biết tin trả lời này gửi cho ai")
    name = listed.buttons()[-1]["text"].removeprefix("💬 Trả lời ")
    await secretary.press(listed.buttons()[-1]["text"], message=listed)
    await secretary.find(f"Gửi {name}.")


async def test_a_list_holds_at_most_ten(paced: Harness) -> None:
    h = paced
    branch = await branch_of(h, GROUP_LIMIT + 5)
    await check_in_together(h, branch.member_chats)
    lists = [m for m in h.sim.messages_to(SECRETARY) if LIST_HEADING in m.body]
    singles = len(h.sim.messages_to(SECRETARY)) - len(lists)
    assert all(len(m.buttons()) <= GROUP_LIMIT for m in lists)
    assert sum(len(m.buttons()) for m in lists) + singles == len(branch.member_chats)


async def test_a_relay_that_needs_the_secretary_is_not_folded_into_a_list(
    paced: Harness,
) -> None:
    h = paced
    h.sim.add_user(SECRETARY, "Lê Thị Mai")
    kinds = ["same", "same", "same", "difficulty", "same", "same"]
    async with h.services.db.transaction():  # all queued before the sender looks
        for number, kind in enumerate(kinds):
            await h.services.notifier.notify(
                Notice(
                    NoticeKind.CHECKIN_RELAY,
                    Address.telegram(SECRETARY),
                    key=f"relay-{number}",
                    params={
                        "member_id": number + 1,
                        "name": f"Người {number}",
                        "kind": kind,
                        "at": START.isoformat(),
                        "difficulty": "work" if kind == "difficulty" else None,
                    },
                    peer_id=number + 1,
                )
            )
    await h.settle(timeout=20)
    bodies = [m.body for m in h.sim.messages_to(SECRETARY)]
    assert len(bodies) == 3
    assert LIST_HEADING in bodies[0]
    assert [name in bodies[0] for name in ("Người 0", "Người 1", "Người 2")] == [True] * 3
    assert "Người 3" in bodies[1]
    assert LIST_HEADING not in bodies[1]
    assert "Người 4" in bodies[2]
    assert "Người 5" in bodies[2]
