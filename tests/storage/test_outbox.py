"""The outbox's queue: the head of each chat's queue, live before scheduled, then oldest."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.kernel.contacts import Address, Channel
from bot.core.kernel.notices import Notice, NoticeKind, Urgency
from bot.storage.db import Database
from bot.storage.outbox import SqlOutbox
from tests.conftest import START


@pytest.fixture
async def outbox(tmp_path: Path) -> AsyncIterator[SqlOutbox]:
    db = Database(tmp_path / "bot.sqlite3")
    await db.connect()
    yield SqlOutbox(db)
    await db.close()


async def put(
    outbox: SqlOutbox, key: str, chat: int, minutes: int, urgency: Urgency = Urgency.LIVE
) -> None:
    notice = Notice(
        NoticeKind.OFFICER_JOINED,
        Address.telegram(chat),
        key=key,
        params={"name": key},
        urgency=urgency,
    )
    assert await outbox.enqueue(notice, START + timedelta(minutes=minutes))


async def keys(
    outbox: SqlOutbox, minutes: int, limit: int = 10, skip: frozenset[int] = frozenset()
) -> list[object]:
    skipped = {Address.telegram(chat) for chat in skip}
    due = await outbox.due(START + timedelta(minutes=minutes), Channel.TELEGRAM, limit, skipped)
    return [item.params["name"] for item in due]


async def test_one_item_per_chat_live_first_then_oldest(outbox: SqlOutbox) -> None:
    await put(outbox, "a-scheduled", 1, 0, Urgency.SCHEDULED)
    await put(outbox, "a-live", 1, 2)
    await put(outbox, "a-later", 1, 3)
    await put(outbox, "b-first", 2, 1)
    await put(outbox, "b-second", 2, 1)
    await put(outbox, "c-scheduled", 3, 0, Urgency.SCHEDULED)
    await put(outbox, "d-not-yet", 4, 30)
    assert await keys(outbox, 10) == ["b-first", "a-live", "c-scheduled"]
    assert await keys(outbox, 10, limit=2) == ["b-first", "a-live"]
    assert await keys(outbox, 10, skip=frozenset({1, 3})) == ["b-first"]
    assert await keys(outbox, 40) == ["b-first", "a-live", "d-not-yet", "c-scheduled"]


async def test_a_sender_takes_only_its_own_channels_messages(outbox: SqlOutbox) -> None:
    zalo = Address(Channel.ZALO, "6d9b2f0c5e")
    notice = Notice(NoticeKind.OFFICER_JOINED, zalo, key="z", params={"name": "z"})
    assert await outbox.enqueue(notice, START)
    await put(outbox, "t", 1, 0)
    telegram = await outbox.due(START + timedelta(minutes=1), Channel.TELEGRAM, 10)
    assert [item.address for item in telegram] == [Address.telegram(1)]
    for_zalo = await outbox.due(START + timedelta(minutes=1), Channel.ZALO, 10)
    assert [item.address for item in for_zalo] == [zalo]
