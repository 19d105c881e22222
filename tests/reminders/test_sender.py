"""The sender keeps Telegram's limits and survives its failures: one message a second per chat,
429s waited out, server errors and timeouts retried, nothing lost, nothing doubled."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.kernel.contacts import Address
from bot.core.kernel.notices import Notice, NoticeKind
from bot.sandbox.harness import Harness
from bot.sandbox.server import Fault
from tests.conftest import ErrorLog
from tests.support import paced_harness

SECRETARY = 200


@pytest.fixture
async def real_limits(tmp_path: Path, errors: ErrorLog) -> AsyncIterator[Harness]:
    async with paced_harness(tmp_path, retry_base=0.05, http_timeout=0.5) as h:
        h.sim.add_user(SECRETARY, "Lê Thị Mai")
        yield h


async def notify(h: Harness, *keys: str, chat: int = SECRETARY) -> None:
    for key in keys:
        await h.services.notifier.notify(
            Notice(
                NoticeKind.OFFICER_JOINED,
                Address.telegram(chat),
                key=key,
                params={"name": key, "role": "deputy"},
            )
        )


async def test_messages_to_one_chat_are_a_second_apart_and_never_refused(
    real_limits: Harness,
) -> None:
    h = real_limits
    await notify(h, "Một", "Hai", "Ba")
    await h.sim.wait_for(lambda: len(h.sim.messages_to(SECRETARY)) == 3, timeout=10)
    times = [m.sent_at for m in h.sim.messages_to(SECRETARY)]
    assert all(later - earlier >= 0.99 for earlier, later in itertools.pairwise(times))
    assert h.sim.too_many_requests == 0


async def test_a_429_is_waited_out_and_the_message_sent_once(real_limits: Harness) -> None:
    h = real_limits
    h.sim.faults.append(Fault("sendMessage", "status", status=429, retry_after=1))
    await notify(h, "Một")
    await h.settle(timeout=15)
    assert [m.body for m in h.sim.messages_to(SECRETARY)] == [
        "👋 Một đã tham gia chi bộ với vai trò phó bí thư."
    ]
    h.sim.too_many_requests = 0  # the one we injected


@pytest.mark.parametrize("status", [500, 502])
async def test_server_errors_are_retried_until_delivered(
    real_limits: Harness, status: int, errors: ErrorLog
) -> None:
    h = real_limits
    errors.expect("Can not load invalid JSON data")
    h.sim.faults.append(Fault("sendMessage", "status", status=status, count=2))
    await notify(h, "Một")
    await h.settle(timeout=15)
    assert len(h.sim.messages_to(SECRETARY)) == 1
    row = await h.services.db.fetch_one("SELECT status, attempts FROM outbox WHERE key = 'Một'")
    assert row is not None
    assert tuple(row) == ("sent", 2)


async def test_a_timeout_is_retried(real_limits: Harness) -> None:
    h = real_limits
    h.sim.faults.append(Fault("sendMessage", "timeout", delay=1.0))
    await notify(h, "Một")
    await h.settle(timeout=15)
    # The simulator never stored the timed-out attempt, so exactly one message arrives.
    assert len(h.sim.messages_to(SECRETARY)) == 1


async def test_a_message_refused_for_good_is_not_retried_forever(real_limits: Harness) -> None:
    h = real_limits
    await notify(h, "Một", chat=123456)  # a chat that never talked to the bot
    await h.settle()
    row = await h.services.db.fetch_one("SELECT status, params FROM outbox WHERE key = 'Một'")
    assert row is not None
    assert tuple(row) == ("failed", None)


async def test_a_message_being_retried_holds_up_its_own_chat_only(real_limits: Harness) -> None:
    h = real_limits
    other = 201
    h.sim.add_user(other, "Trần Văn Hùng")
    h.sim.faults.append(Fault("sendMessage", "status", status=500, count=3))
    await notify(h, "Một", "Hai")
    await h.sim.wait_for(lambda: any(c.status == 500 for c in h.sim.calls), timeout=5)
    await notify(h, "Ba", chat=other)
    await h.settle(timeout=15)
    first, second = h.sim.messages_to(SECRETARY)
    (third,) = h.sim.messages_to(other)
    # The chat's order is kept.
    assert "Một" in first.body
    assert "Hai" in second.body
    assert third.sent_at < first.sent_at  # the other chat did not wait for the retries
