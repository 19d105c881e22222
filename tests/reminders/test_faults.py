"""Telegram misbehaving: 429s, 500s, 502s, timeouts and cut connections mixed into one run, and
Telegram gone altogether while prompts fall due and members write. Afterwards every member has
exactly one prompt, every member who wrote has an answer, and the outbox is empty."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.kernel.clock import ManualClock
from bot.sandbox.harness import Harness, harness
from bot.sandbox.seed import SeededBranch
from bot.sandbox.server import Fault
from tests.conftest import ErrorLog
from tests.support import SEEDED_DUE, prompt_counts, start_with_branch

MEMBERS = 60


@pytest.fixture
async def seeded(tmp_path: Path, errors: ErrorLog) -> AsyncIterator[tuple[Harness, SeededBranch]]:
    # PTB logs what it retries; these are the failures the test provokes.
    for fragment in ("invalid JSON", "polling for updates", "Network", "Bad Gateway", "Timed"):
        errors.expect(fragment)
    async with harness(
        tmp_path / "bot.sqlite3",
        clock=ManualClock(SEEDED_DUE),
        start=False,
        retry_base=0.05,
        http_timeout=0.5,
    ) as h:
        branch = await start_with_branch(h, MEMBERS)
        yield h, branch


prompts = prompt_counts


async def test_mixed_failures_are_retried_and_nothing_is_lost_or_doubled(
    seeded: tuple[Harness, SeededBranch],
) -> None:
    h, branch = seeded
    h.sim.faults += [
        Fault("sendMessage", "status", status=429, retry_after=1, count=3, after=5),
        Fault("sendMessage", "status", status=500, count=3, after=10),
        Fault("sendMessage", "status", status=502, count=3, after=20),
        Fault("sendMessage", "timeout", delay=0.8, count=2, after=30),
        Fault("sendMessage", "reset", count=3, after=40),
    ]
    await h.runtime.engine.tick()
    await h.sim.wait_for(lambda: min(prompts(h, branch.member_chats).values()) >= 1, timeout=60)
    await h.settle(timeout=30)
    assert all(fault.count == 0 for fault in h.sim.faults), "every failure happened"
    assert set(prompts(h, branch.member_chats).values()) == {1}
    pending = await h.services.db.fetch_value(
        "SELECT COUNT(*) FROM outbox WHERE status = 'pending'"
    )
    assert pending == 0
    h.sim.too_many_requests = 0  # the 429s we injected


async def test_telegram_gone_then_back_the_bot_catches_up(
    seeded: tuple[Harness, SeededBranch], clock: ManualClock
) -> None:
    h, branch = seeded
    writers = branch.member_chats[:10]
    h.sim.down = True
    await h.runtime.engine.tick()  # the prompts fall due while Telegram is gone
    for chat in writers:
        await h.person(chat).command("help")
    h.runtime.clock.set(SEEDED_DUE + timedelta(hours=1))  # an hour of outage on the bot's clock
    await h.runtime.engine.tick()
    await h.sim.wait_for(lambda: h.sim.refused_while_down >= 20, timeout=30)
    assert h.sim.messages == []
    h.sim.down = False
    await h.sim.wait_for(lambda: min(prompts(h, branch.member_chats).values()) >= 1, timeout=60)
    for chat in writers:
        await h.person(chat).find("/checkin", timeout=30)  # the help text came
    await h.settle(timeout=30)
    assert set(prompts(h, branch.member_chats).values()) == {1}
    for chat in writers:
        answers = [m for m in h.sim.messages_to(chat) if "/checkin" in m.body]
        assert len(answers) == 1, "each update answered once"
