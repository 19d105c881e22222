"""One person flooding the bot costs the others nothing: their updates run in their own lane,
and the flood past the limit is dropped after one polite word."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.kernel.clock import ManualClock
from bot.core.kernel.flood import FloodGate, Verdict
from bot.sandbox.harness import Harness, harness
from tests.conftest import OPERATOR_ID, ErrorLog
from tests.support import approved_member, create_branch

SLOW_DOWN = "Bạn gửi tin nhắn nhanh quá"
HELP = "Những việc tôi có thể giúp đồng chí"


@pytest.fixture
async def guarded(tmp_path: Path, clock: ManualClock, errors: ErrorLog) -> AsyncIterator[Harness]:
    async with harness(
        tmp_path / "bot.sqlite3", clock=clock, superadmins=[OPERATOR_ID], flood_burst=20
    ) as running:
        yield running


async def test_a_flood_of_100_messages_does_not_delay_another_member(guarded: Harness) -> None:
    h = guarded
    branch = await create_branch(h)
    flooder = await approved_member(h, branch, 301, "Nguyễn Văn Lụt")
    other = await approved_member(h, branch, 302, "Trần Thị Chờ")
    flooder.skip_unread()
    other.skip_unread()
    for _ in range(100):
        await flooder.command("help")
    await other.command("help")
    await other.expect(HELP)
    await h.settle()
    to_flooder = flooder.unread()
    answered = [m for m in to_flooder if HELP in m.body]
    # The registration a moment ago used part of the same window.
    assert 0 < len(answered) <= 20, "the burst is answered, the rest of the flood is not"
    assert sum(SLOW_DOWN in m.body for m in to_flooder) == 1
    other_reply = next(m for m in h.sim.messages if m.chat_id == other.id and HELP in m.body)
    last_to_flooder = max(h.sim.messages.index(m) for m in answered)
    assert h.sim.messages.index(other_reply) < last_to_flooder, (
        "the other member was answered while the flood was still being worked through"
    )


def test_the_gate_lets_a_burst_through_warns_once_and_opens_again() -> None:
    gate = FloodGate(burst=3, window=10.0)
    verdicts = [gate.check(1, t) for t in (0.0, 1.0, 2.0, 3.0, 4.0)]
    assert verdicts == [Verdict.PASS] * 3 + [Verdict.WARN, Verdict.DROP]
    assert gate.check(2, 4.0) is Verdict.PASS, "another sender is not affected"
    assert gate.check(1, 10.5) is Verdict.PASS, "the first update left the window"
    assert gate.check(1, 10.6) is Verdict.WARN, "a new flood is told again"


def test_the_gate_forgets_idle_senders() -> None:
    gate = FloodGate(burst=3, window=1.0, max_senders=10)
    for sender in range(10):
        gate.check(sender, 0.0)
    gate.check(99, 5.0)
    assert len(gate._senders) == 1
